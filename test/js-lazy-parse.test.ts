import assert from "node:assert/strict";
import { analyze } from "../server/src/core/analyze";
import { JsResolver } from "../server/src/core/extract/js/resolver";
import { parseTypeScript } from "../server/src/core/parse/typescript";

/** A resolver that records whether it needed the tree. */
function resolver(code: string): { r: JsResolver; parsed: () => boolean } {
  let parsed = false;
  const r = new JsResolver(() => {
    parsed = true;
    return parseTypeScript(code, "x.ts").sf;
  }, code);
  return { r, parsed: () => parsed };
}

describe("JS import checks from the text", () => {
  it("answers no without parsing when no import or require names the module", () => {
    for (const code of [
      `fetch(url, { mode: "cors" });`,
      `// uses cors\nconst x = 'cors';`,
      `import corsish from "cors-anywhere";`,
    ]) {
      const { r, parsed } = resolver(code);
      assert.equal(r.importsModule("cors"), false, code);
      assert.equal(parsed(), false, code);
    }
  });

  it("still reads every form of import that names the module", () => {
    for (const code of [
      `import cors from "cors";`,
      `import cors from 'cors'`,
      `const cors = require ( 'cors' );`,
      "const cors = require(`cors`);",
      `import cors = require("cors");`,
    ]) {
      assert.equal(resolver(code).r.importsModule("cors"), true, code);
    }
  });

  it("finds the same policies in a file that also says mode: 'cors'", () => {
    const code = `import cors from "cors";\nfetch(u, { mode: "cors" });\napp.use(cors());\n`;
    assert.equal(analyze(code, "server.ts").findings.length, 1);
    assert.equal(analyze(`fetch(u, { mode: "cors" });\n`, "client.ts").findings.length, 0);
  });
});
