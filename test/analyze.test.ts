import assert from "node:assert/strict";
import { DEFAULT_CONFIG } from "../server/src/core/config";
import { run } from "./helpers/analyze";

describe("analyze: severities and duplicates", () => {
  const star = "import cors from 'cors';\napp.use(cors({ origin: '*', credentials: true }));\n";
  const reflect = "import cors from 'cors';\napp.use(cors({ origin: true, credentials: true }));\n";
  const dev = (body: string) =>
    `import cors from 'cors';\nif (process.env.NODE_ENV === 'development') {\n  ${body}\n}\n`;

  it("development and test contexts lower a severity, never raise it", () => {
    const sev = (code: string, file: string, config = {}) =>
      run(code, file, config).findings.map((f) => `${f.rule}:${f.severity}`);
    assert.deepEqual(sev(reflect, "app.ts"), ["reflected-origin:error"]);
    assert.deepEqual(sev(dev("app.use(cors({ origin: true, credentials: true }));"), "app.ts"), [
      "reflected-origin:info",
    ]);
    assert.deepEqual(sev(reflect, "test/app.test.ts"), ["reflected-origin:hint"]);
    // A context level above the finding's own does not raise it.
    assert.deepEqual(sev(star, "test/app.test.ts", { testSeverity: "error" }), [
      "wildcard-credentials:warning",
    ]);
    assert.deepEqual(sev(reflect, "test/app.test.ts", { testSeverity: "warning" }), [
      "reflected-origin:warning",
    ]);
    assert.deepEqual(sev(reflect, "test/app.test.ts", { testSeverity: "off" }), []);
    assert.deepEqual(
      sev(reflect, "app.ts", { rules: { ...DEFAULT_CONFIG.rules, "reflected-origin": "hint" } }),
      ["reflected-origin:hint"],
    );
  });

  it("one finding per rule, span and message, however many configurations share the value", () => {
    const code =
      "import cors from 'cors';\nconst opts = { origin: '*' };\napp.use(cors(opts));\nrouter.use(cors(opts));\n";
    const r = run(code, "app.ts");
    assert.equal(r.policies.length, 2);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, code.slice(f.span.start, f.span.end)]),
      [["wildcard-origin", "'*'"]],
    );
  });
});
