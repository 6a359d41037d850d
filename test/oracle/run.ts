/**
 * The runtime oracle: `node --require tsx/cjs test/oracle/run.ts [--framework f,..] [--id text]
 * [--details N] [--report file.json]`. Prints disagreements, then one summary line; exits 1 on any
 * disagreement, runtime error or missing middleware.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { initEngine } from "../../server/src/core/analyze";
import { wasmSources } from "../../server/src/wasm-files";
import { compareItem, describe, RUNTIME_PACKAGE, type Disagreement } from "./compare";
import { corpus } from "./corpus";
import type { CorpusItem, OracleFramework } from "./corpus/types";
import { REQUEST_KINDS } from "./drivers/record";
import { availability, runRuntime } from "./harness";
import { originSet } from "./origins";

interface Outcome {
  comparisons: number;
  disagreements: Disagreement[];
  runtimeErrors: { id: string; framework: OracleFramework; error: string }[];
}

function selectItems(
  all: CorpusItem[],
  frameworks: string | undefined,
  id: string | undefined,
): CorpusItem[] {
  const wanted = frameworks?.split(",").map((s) => s.trim());
  return all.filter((i) => (!wanted || wanted.includes(i.framework)) && (!id || i.id.includes(id)));
}

/** Drops frameworks that cannot run; returns false when the run must fail because of them. */
function handleMissing(
  items: CorpusItem[],
  missing: Map<OracleFramework, string>,
): { items: CorpusItem[]; ok: boolean } {
  if (!missing.size) return { items, ok: true };
  for (const [fw, why] of missing) console.error(`oracle: cannot run ${fw}: ${why}`);
  const allow = process.env.ORACLE_ALLOW_MISSING === "1" && process.env.CI !== "true";
  if (allow)
    console.error(
      "oracle: ORACLE_ALLOW_MISSING=1: skipping those frameworks (never under CI=true)",
    );
  return { items: items.filter((i) => !missing.has(i.framework)), ok: allow };
}

async function compareAll(
  items: CorpusItem[],
  origins: string[],
  versions: Record<string, string | null>,
): Promise<Outcome> {
  const runtime = await runRuntime(items, origins);
  const outcome: Outcome = { comparisons: 0, disagreements: [], runtimeErrors: [] };
  for (const item of items) {
    const result = runtime.get(item.id);
    if (!result || "error" in result) {
      outcome.runtimeErrors.push({
        id: item.id,
        framework: item.framework,
        error: result?.error ?? "no result",
      });
      continue;
    }
    outcome.comparisons += origins.length * REQUEST_KINDS.length;
    const version = versions[RUNTIME_PACKAGE[item.framework]];
    const records = "raised" in result ? result : result.records;
    outcome.disagreements.push(...compareItem(item, origins, records, version));
  }
  return outcome;
}

function printDisagreements(ds: Disagreement[], limit: number): void {
  const byFramework = new Map<string, Disagreement[]>();
  for (const d of ds) byFramework.set(d.framework, [...(byFramework.get(d.framework) ?? []), d]);
  for (const [fw, list] of byFramework) {
    const configs = new Set(list.map((d) => d.id)).size;
    console.log(`\n${fw}: ${list.length} disagreements in ${configs} configurations`);
    // A static failure repeats for every comparison of a configuration: show it once.
    const seen = new Set<string>();
    let shown = 0;
    for (const d of list) {
      const key =
        typeof d.static === "string" ? `${d.id}|${d.static}` : `${d.id}|${d.origin}|${d.kind}`;
      if (seen.has(key) || shown >= limit) continue;
      seen.add(key);
      shown++;
      console.log(
        typeof d.static === "string" ? `  ${d.framework} ${d.id}: ${d.static}` : `  ${describe(d)}`,
      );
    }
    if (list.length > shown) console.log(`  ... (${fw}: see the JSON report for all)`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      framework: { type: "string" },
      id: { type: "string" },
      details: { type: "string", default: "25" },
      report: { type: "string", default: join(tmpdir(), "cors-lint-oracle.json") },
    },
  });
  const started = Date.now();
  const all = selectItems(corpus(), values.framework, values.id);
  const frameworks = [...new Set(all.map((i) => i.framework))];
  const { versions, missing } = await availability(frameworks);
  const { items, ok } = handleMissing(all, missing);
  const { origins, source } = originSet();
  console.log(
    `oracle: battery from ${source}; middlewares: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v ?? "MISSING"}`)
      .join(", ")}`,
  );
  await initEngine(wasmSources());
  const outcome = await compareAll(items, origins, versions);
  printDisagreements(outcome.disagreements, Number(values.details));
  for (const e of outcome.runtimeErrors)
    console.error(`oracle: runtime error in ${e.framework} ${e.id}: ${e.error}`);
  writeFileSync(values.report, JSON.stringify({ origins, versions, ...outcome }, null, 1));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\noracle: full report in ${values.report} (${seconds}s)`);
  if (missing.size) {
    const names = [...missing.keys()].join(", ");
    console.log(
      `oracle: ${ok ? "skipped" : "FAILED, not run"}: ${names} (install with scripts/oracle-setup.sh)`,
    );
  }
  if (outcome.runtimeErrors.length)
    console.log(`oracle: FAILED: ${outcome.runtimeErrors.length} runtime errors`);
  const configs = items.length - outcome.runtimeErrors.length;
  console.log(
    `oracle: ${configs} configurations x ${origins.length} origins x ${REQUEST_KINDS.length} request kinds = ` +
      `${outcome.comparisons} comparisons, disagreements: ${outcome.disagreements.length}`,
  );
  return ok && !outcome.disagreements.length && !outcome.runtimeErrors.length ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`oracle: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
