import assert from "node:assert/strict";
import { RULES } from "../server/src/core/rules";
import { checkFixes, type FixCheck, type OracleInput } from "./fix-oracle/check";
import {
  corpusInputs,
  fixtureInputs,
  installedInputs,
  realInputs,
  realWithProductionInputs,
  sampleInputs,
} from "./fix-oracle/inputs";

/**
 * The fix oracle: every fix the engine offers on the fixtures, the samples, the real-code corpus and
 * the runtime oracle's corpus (rendered in several styles, with typical mistakes written in) is
 * applied alone and checked (see fix-oracle/check.ts). `FIX_ORACLE_REPORT=1` prints the counts.
 */
describe("fix oracle", function () {
  this.timeout(180_000);
  const groups: [string, () => OracleInput[]][] = [
    ["fixtures", fixtureInputs],
    ["samples", sampleInputs],
    ["real code", realInputs],
    ["real code with productionOrigins", realWithProductionInputs],
    ["installed", installedInputs],
    ["corpus", corpusInputs],
  ];
  const all: FixCheck[] = [];

  for (const [name, inputs] of groups) {
    it(`every fix on the ${name} keeps the code whole and does only what it declares`, () => {
      const results = inputs().flatMap(checkFixes);
      all.push(...results);
      const failures = results
        .filter((r) => r.failures.length)
        .map(
          (r) =>
            `${r.source}: ${r.rule} "${r.title}" (${r.applicability}): ${r.failures.join("; ")}`,
        );
      assert.deepEqual(failures, []);
    });
  }

  it("exercised every rule's declared fix kinds", () => {
    const seen = new Set(all.map((r) => `${r.rule}|${r.applicability}`));
    const missing = RULES.flatMap((r) =>
      [...new Set(Object.values<readonly string[]>(r.meta.fixes).flat())]
        .map((a) => `${r.meta.name}|${a}`)
        .filter((k) => !seen.has(k)),
    );
    if (process.env.FIX_ORACLE_REPORT) console.log(report(all));
    assert.deepEqual(missing, []);
  });
});

function report(results: FixCheck[]): string {
  const counts = new Map<string, number>();
  for (const r of results)
    counts.set(
      `${r.rule}|${r.applicability}`,
      (counts.get(`${r.rule}|${r.applicability}`) ?? 0) + 1,
    );
  const lines = [...counts].sort().map(([k, n]) => `  ${k.replace("|", " ")}: ${n}`);
  return `fix oracle: ${results.length} fixes checked\n${lines.join("\n")}`;
}
