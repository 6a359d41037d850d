import assert from "node:assert/strict";
import {
  applyFixes,
  bulkApplicable,
  bulkFixes,
  fixUntilStable,
  MAX_FIX_PASSES,
} from "../server/src/core/apply-fixes";
import { DEFAULT_CONFIG } from "../server/src/core/config";
import { fix } from "../server/src/core/fixes";
import type { Edit, Finding, Fix } from "../server/src/core/model";

const edit = (start: number, end: number, newText: string): Edit => ({ start, end, newText });
const safe = (...edits: Edit[]): Fix => fix("k", "safe", "safe", edits);

describe("apply-fixes", () => {
  it("bulk takes safe fixes, unsafe ones only when asked, never suggestions or placeholders", () => {
    const unsafe = fix("k", "u", "unsafe", []);
    const suggestion = fix("k", "s", "suggestion", []);
    const placeholder = { ...safe(), placeholder: { edit: 0, start: 0, end: 1 } };
    assert.deepEqual(
      [safe(), unsafe, suggestion, placeholder].map((f) => bulkApplicable(f, false)),
      [true, false, false, false],
    );
    assert.deepEqual(
      [safe(), unsafe, suggestion, placeholder].map((f) => bulkApplicable(f, true)),
      [true, true, false, false],
    );
  });

  it("bulk takes the first applicable fix of each finding and notice", () => {
    const a = fix("k", "a", "suggestion", []);
    const b = fix("k", "b", "unsafe", []);
    const c = fix("k", "c", "safe", []);
    const findings = [{ fixes: [a, b, c] }, { fixes: [a] }] as Finding[];
    assert.deepEqual(
      bulkFixes(findings, false).map((f) => f.title),
      ["c"],
    );
    assert.deepEqual(
      bulkFixes(findings, true).map((f) => f.title),
      ["b"],
    );
    const notice = { kind: "unused-suppression" as const, message: "m", fixes: [c] };
    assert.deepEqual(bulkFixes([], false, [notice, { kind: "syntax", message: "x" }]), [c]);
  });

  it("applies whole fixes that do not overlap an earlier one, in any edit order", () => {
    const text = "0123456789";
    const r = applyFixes(text, [
      safe(edit(2, 4, "ab"), edit(7, 8, "")),
      safe(edit(3, 5, "XX")), // overlaps the first fix: left for another pass
      safe(edit(4, 4, "+")), // an insertion right after the first edit
      safe(edit(8, 9, "Z"), edit(0, 1, "A")),
      safe(), // nothing to do
    ]);
    assert.deepEqual(r, { text: "A1ab+456Z9", applied: 3 });
  });

  it("edits that touch end to start do not overlap; two insertions at one offset do", () => {
    assert.deepEqual(applyFixes("abcd", [safe(edit(0, 2, "X")), safe(edit(2, 4, "Y"))]), {
      text: "XY",
      applied: 2,
    });
    assert.deepEqual(applyFixes("abcd", [safe(edit(2, 2, "1")), safe(edit(2, 2, "2"))]), {
      text: "ab1cd",
      applied: 1,
    });
    assert.deepEqual(applyFixes("abcd", [safe(edit(1, 3, "X")), safe(edit(2, 2, "2"))]), {
      text: "aXd",
      applied: 1,
    });
    assert.deepEqual(applyFixes("abcd", [safe(edit(1, 1, "2")), safe(edit(0, 2, "X"))]), {
      text: "a2bcd",
      applied: 1,
    });
  });

  it("fixes until stable: overlapping fixes land in later passes, counted once each", () => {
    const text =
      "from fastapi.middleware.cors import CORSMiddleware\n" +
      'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/", "HTTPS://B.example.com:443/"])\n';
    const r = fixUntilStable(text, "app.py", { config: DEFAULT_CONFIG }, false);
    assert.equal(
      r.text,
      "from fastapi.middleware.cors import CORSMiddleware\n" +
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://b.example.com"])\n',
    );
    assert.equal(r.applied, 2);
    assert.deepEqual(r.analysis.findings, []);
    assert.ok(MAX_FIX_PASSES >= 2);
  });

  it("leaves unsafe fixes alone unless asked, and stops when nothing applies", () => {
    const text =
      "from fastapi.middleware.cors import CORSMiddleware\n" +
      'app.add_middleware(CORSMiddleware, allow_origins=["http://partner.example.com"])\n';
    const kept = fixUntilStable(text, "app.py", { config: DEFAULT_CONFIG }, false);
    assert.deepEqual([kept.text, kept.applied], [text, 0]);
    assert.equal(kept.analysis.findings.length, 1);
    const fixed = fixUntilStable(text, "app.py", { config: DEFAULT_CONFIG }, true);
    assert.equal(fixed.text, text.replace("http://", "https://"));
    assert.equal(fixed.applied, 1);
  });
});
