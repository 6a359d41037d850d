import assert from "node:assert/strict";
import { join } from "node:path";
import { runExtensionTests } from "./extension-tests";
import { productVsix, SAMPLES } from "./product";
import { ROOT } from "./toolchain";

// The desktop path's suite (npm run test:desktop runs it under @vscode/test-electron), here inside
// code-server: the extension loaded unpackaged from the repository, the `vscode` API in its host.
describe("cors-lint's extension-host suite inside code-server", () => {
  it("passes", async function () {
    this.timeout(240_000);
    productVsix(); // the build the development extension runs from (client/out, server/out)
    const result = await runExtensionTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(__dirname, "host-suite/index.js"),
      workspace: SAMPLES,
      timeoutMs: 180_000,
    });
    // The report of the suite, without the workbench's own console lines before it.
    const start = result.output.findIndex((l) => /^(✔|\d+\) )/.test(l.trim()));
    const output = result.output.slice(Math.max(0, start)).join("\n");
    assert.equal(result.exitCode, 0, output);
    assert.match(output, /\b4 passing\b/, output);
  });
});
