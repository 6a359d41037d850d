import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { analyze, languageOf, mayHoldCors } from "../server/src/core/analyze";

/** The byte-level prefilter must never drop a file that has a finding or a policy. */
const ROOT = join(__dirname, "..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("prefilter", () => {
  const files = [...walk(join(ROOT, "test/fixtures")), ...walk(join(ROOT, "samples"))].filter((f) =>
    languageOf(f),
  );

  it("keeps every fixture and sample that yields a policy, finding or suppressed finding", () => {
    const dropped: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const full = analyze(text, f, { skipPrefilter: true });
      const yields = full.policies.length + full.findings.length + full.suppressed.length > 0;
      if (yields && !mayHoldCors(text, f)) dropped.push(relative(ROOT, f));
    }
    assert.deepEqual(dropped, []);
    assert.ok(files.length > 5);
  });

  it("keeps files whose only CORS code is a hand-written header", () => {
    assert.ok(mayHoldCors("res.setHeader('Access-Control-Allow-Origin', '*')"));
    assert.ok(mayHoldCors('response["access-control-allow-origin"] = origin'));
  });

  it("rules out ordinary code without parsing it", () => {
    const r = analyze("export const add = (a: number, b: number) => a + b;\n", "math.ts");
    assert.equal(r.parsed, false);
  });
});
