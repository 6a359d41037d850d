import assert from "node:assert/strict";
import { parseSuppressions } from "../server/src/core/suppress";
import { applyEdits, run } from "./helpers/analyze";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const STAR = 'app.add_middleware(CORSMiddleware, allow_origins=["*"])';

describe("suppressions: parsing and unused notices", () => {
  it("reads scope, rules and reason of every form", () => {
    const text = [
      "# cors-lint-disable-file",
      "# cors-lint-disable  null-origin ,wildcard-origin   --   public API  ",
      "x = 1  # cors-lint-disable-line wildcard-origin --",
      "# cors-lint-disable-next-line",
      "",
    ].join("\n");
    assert.deepEqual(
      parseSuppressions(text, "python").map((s) => [s.scope, s.rules, s.reason, s.line]),
      [
        ["file", [], undefined, -1],
        ["file", ["null-origin", "wildcard-origin"], "public API", -1],
        ["line", ["wildcard-origin"], undefined, 2],
        ["next-line", [], undefined, 4],
      ],
    );
    const second = parseSuppressions(text, "python")[1];
    assert.equal(
      text.slice(second.span.start, second.span.end),
      "# cors-lint-disable  null-origin ,wildcard-origin   --   public API",
    );
    assert.deepEqual(parseSuppressions("x = 1\n", "python"), []);
  });

  it("names the scope and rules of an unused suppression and removes the whole comment line", () => {
    const code = (lines: string[]) => IMPORT + lines.join("\n") + "\n";
    const cases: [string[], string, string[]][] = [
      [
        ["# cors-lint-disable-file null-origin", STAR],
        "Unused suppression: no null-origin finding in this file",
        [STAR],
      ],
      [
        [`${STAR}  # cors-lint-disable-line null-origin, insecure-origin`],
        "Unused suppression: no null-origin, insecure-origin finding on this line",
        [STAR],
      ],
      [
        ["x = 1", "    # cors-lint-disable-next-line", "y = 2", STAR],
        "Unused suppression: no cors-lint finding on the next line",
        ["x = 1", "y = 2", STAR],
      ],
    ];
    for (const [lines, message, fixed] of cases) {
      const text = code(lines);
      const r = run(text, "app.py");
      const notices = r.notices.filter((n) => n.kind === "unused-suppression");
      assert.deepEqual(
        notices.map((n) => [n.message, n.fixes?.map((f) => [f.kind, f.title, f.applicability])]),
        [[message, [["remove-suppression", "Remove the unused suppression comment", "safe"]]]],
      );
      assert.equal(applyEdits(text, notices[0].fixes![0].edits), code(fixed));
    }
  });

  it("removes a last-line comment without a newline after it", () => {
    const text = `${IMPORT}${STAR}\n# cors-lint-disable-next-line null-origin`;
    const [n] = run(text, "app.py").notices.filter((x) => x.kind === "unused-suppression");
    assert.equal(applyEdits(text, n.fixes![0].edits), `${IMPORT}${STAR}\n`);
  });
});
