import assert from "node:assert/strict";
import { LineIndex } from "../server/src/core/line-index";
import { SEVERITIES, severityRank } from "../server/src/core/severity";

describe("LineIndex: the one offset <-> position mapping", () => {
  const index = new LineIndex("ab\r\ncd\n\nef");

  it("maps offsets to 0-based positions, clamped to the text", () => {
    assert.deepEqual(
      [0, 2, 4, 5, 7, 8, 10, 99, -3].map((o) => index.position(o)),
      [
        { line: 0, character: 0 },
        { line: 0, character: 2 },
        { line: 1, character: 0 },
        { line: 1, character: 1 },
        { line: 2, character: 0 },
        { line: 3, character: 0 },
        { line: 3, character: 2 },
        { line: 3, character: 2 },
        { line: 0, character: 0 },
      ],
    );
  });

  it("maps positions back, clamped to their line", () => {
    for (const o of [0, 1, 4, 5, 7, 8, 10]) assert.equal(index.offset(index.position(o)), o);
    assert.equal(index.offset({ line: 1, character: 40 }), 6);
    assert.equal(index.offset({ line: 9, character: 0 }), 10);
  });

  it("gives a line's text without its break", () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => index.lineText(l)),
      ["ab", "cd", "", "ef", ""],
    );
  });

  it("orders severities most severe first", () => {
    assert.deepEqual(SEVERITIES, ["error", "warning", "info", "hint"]);
    assert.ok(severityRank("error") < severityRank("hint"));
  });
});
