import assert from "node:assert/strict";
import type { Fix } from "../server/src/core/model";
import { checkFixFor } from "./fix-oracle/check";

/** The fix oracle's checks fail on bad fixes (so its passing run means something). */
describe("fix oracle: its checks catch bad fixes", () => {
  const code = `from fastapi.middleware.cors import CORSMiddleware
app.add_middleware(CORSMiddleware, allow_origins=["https://a.acme.io/", "https://b.acme.io"])
x = 1
`;
  const input = { source: "self", fileName: "app.py", text: code };
  const at = (s: string): number => code.indexOf(s);
  const safe = (edits: Fix["edits"], affects?: Fix["affects"]): Fix => ({
    kind: "t",
    title: "t",
    applicability: "safe",
    edits,
    ...(affects ? { affects } : {}),
  });
  const slash = at('"https://a.acme.io/"');

  it("accepts the right fix", () => {
    const fx = safe([{ start: slash, end: slash + 20, newText: '"https://a.acme.io"' }], {
      origins: ["https://a.acme.io"],
    });
    assert.deepEqual(checkFixFor(input, "unmatchable-origin", fx), []);
  });
  it("a syntax error", () => {
    const fx = safe([{ start: slash, end: slash + 20, newText: '"https://a.acme.io' }], {
      origins: ["https://a.acme.io"],
    });
    assert.ok(checkFixFor(input, "unmatchable-origin", fx).some((m) => m.includes("syntax")));
  });
  it("an edit outside the configuration", () => {
    const fx = safe(
      [
        { start: slash, end: slash + 20, newText: '"https://a.acme.io"' },
        { start: at("x = 1"), end: at("x = 1") + 1, newText: "y" },
      ],
      { origins: ["https://a.acme.io"] },
    );
    assert.ok(checkFixFor(input, "unmatchable-origin", fx).some((m) => m.includes("outside")));
  });
  it("a finding left in place", () => {
    const fx = safe([{ start: at("x = 1"), end: at("x = 1"), newText: "" }], { origins: [] });
    const failures = checkFixFor(input, "unmatchable-origin", {
      ...fx,
      edits: [{ start: slash - 1, end: slash - 1, newText: " " }],
    });
    assert.ok(failures.some((m) => m.includes("still there")));
  });
  it("a safe fix that changes an answer it does not declare, or declares nothing", () => {
    const other = at('"https://b.acme.io"');
    const fx = safe(
      [
        { start: slash, end: slash + 20, newText: '"https://a.acme.io"' },
        { start: other, end: other + 19, newText: '"https://c.acme.io"' },
      ],
      { origins: ["https://a.acme.io"] },
    );
    assert.ok(
      checkFixFor(input, "unmatchable-origin", fx).some((m) =>
        m.includes("answer for https://b.acme.io"),
      ),
    );
    const undeclared = safe([{ start: slash, end: slash + 20, newText: '"https://a.acme.io"' }]);
    assert.ok(
      checkFixFor(input, "unmatchable-origin", undeclared).some((m) => m.includes("affects")),
    );
  });
  it("a new finding the fix does not declare", () => {
    const fx: Fix = {
      kind: "t",
      title: "t",
      applicability: "unsafe",
      edits: [{ start: slash, end: slash + 20, newText: '"*"' }],
    };
    assert.ok(
      checkFixFor(input, "unmatchable-origin", fx).some((m) => m.includes("new wildcard-origin")),
    );
  });
});
