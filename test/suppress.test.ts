import assert from "node:assert/strict";
import { fixUntilStable } from "../server/src/core/apply-fixes";
import { DEFAULT_CONFIG } from "../server/src/core/config";
import { parseSuppressions, removeCommentEdit } from "../server/src/core/suppress";
import { applyEdits, run } from "./helpers/analyze";

const wild = 'app.add_middleware(CORSMiddleware, allow_origins=["*"])';
const py = (body: string) => `from fastapi.middleware.cors import CORSMiddleware\n${body}\n`;
const ts = (body: string) => `import cors from 'cors';\n${body}\n`;

describe("suppressions", () => {
  it("parses every form with rules and reasons", () => {
    const text = [
      "# cors-lint-disable-next-line wildcard-origin, null-origin -- public API",
      "x = 1  # cors-lint-disable-line",
      "# cors-lint-disable-file reflected-origin",
    ].join("\n");
    const s = parseSuppressions(text, "python");
    assert.deepEqual(
      s.map((x) => [x.scope, x.rules, x.reason, x.line]),
      [
        ["next-line", ["wildcard-origin", "null-origin"], "public API", 1],
        ["line", [], undefined, 1],
        ["file", ["reflected-origin"], undefined, -1],
      ],
    );
  });

  it("ignores the other language comment marker", () => {
    assert.equal(parseSuppressions("// cors-lint-disable-file", "python").length, 0);
    assert.equal(parseSuppressions("# cors-lint-disable-file", "typescript").length, 0);
    assert.equal(
      parseSuppressions("{/* cors-lint-disable-next-line wildcard-origin */}", "typescript").length,
      1,
    );
  });

  it("silences the named rule on the next line and keeps the finding for SARIF", () => {
    const r = run(
      py(`# cors-lint-disable-next-line wildcard-origin -- public status API\n${wild}`),
      "app.py",
    );
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.suppressed.map((f) => f.rule),
      ["wildcard-origin"],
    );
    assert.deepEqual(r.notices, []);
  });

  it("does not silence other rules", () => {
    const r = run(py(`# cors-lint-disable-next-line null-origin\n${wild}`), "app.py");
    assert.deepEqual(
      r.findings.map((f) => f.rule),
      ["wildcard-origin"],
    );
    assert.deepEqual(
      r.notices.map((n) => n.kind),
      ["unused-suppression"],
    );
  });

  it("same-line and file-wide comments work in TS", () => {
    const line = run(ts(`app.use(cors()); // cors-lint-disable-line wildcard-origin`), "app.ts");
    assert.deepEqual(line.findings, []);
    const file = run(ts(`// cors-lint-disable-file\napp.use(cors());`), "app.ts");
    assert.deepEqual(file.findings, []);
  });

  it("reports an unused suppression with a safe fix that removes it", () => {
    const text = py(`# cors-lint-disable-next-line wildcard-origin -- stale\nx = 1`);
    const r = run(text, "app.py");
    assert.equal(r.notices.length, 1);
    const [n] = r.notices;
    assert.equal(n.kind, "unused-suppression");
    assert.match(n.message, /^Unused suppression: no wildcard-origin finding on the next line/);
    assert.equal(n.fixes?.[0].applicability, "safe");
    assert.equal(applyEdits(text, n.fixes![0].edits), py("x = 1"));
  });

  it("removes a trailing comment without touching the code before it", () => {
    const text = "x = 1  # cors-lint-disable-line\ny = 2\n";
    const start = text.indexOf("#");
    const edit = removeCommentEdit(text, { start, end: text.indexOf("\n") });
    assert.equal(applyEdits(text, [edit]), "x = 1\ny = 2\n");
  });

  it("the fix loop removes a suppression left unused once its finding is fixed", () => {
    const text = py(
      "# cors-lint-disable-next-line unmatchable-origin\n" +
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])\n' +
        "# cors-lint-disable-next-line wildcard-origin\nx = 1",
    );
    const out = fixUntilStable(
      text,
      "app.py",
      { config: DEFAULT_CONFIG, relativePath: "app.py" },
      false,
    );
    // The first comment still silences the trailing-slash finding, so only the stale one goes.
    assert.equal(
      out.text,
      py(
        "# cors-lint-disable-next-line unmatchable-origin\n" +
          'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])\nx = 1',
      ),
    );
    assert.deepEqual(out.analysis.notices, []);
  });
});
