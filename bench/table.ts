/** The README's Speed section, generated from bench/results.json between two marker comments. */
import { readFileSync, writeFileSync } from "node:fs";

const START = "<!-- bench:start (written by npm run bench) -->";
const END = "<!-- bench:end -->";

interface Results {
  date: string;
  machine: string;
  load: { before: number; after: number };
  corpus: { files: number; lines: number; sources: { from: string; files: number }[] };
  scan: {
    name: string;
    files: number;
    ripgrepMs: number;
    corsLintMs: number;
    ratio: number;
    corsLintPeakRssMb: number;
    findings: number;
    rgMatches: number;
    runs: number;
  }[];
  eslint: {
    files: number;
    eslintMs: number;
    eslintPeakRssMb: number;
    eslintFindings: number;
    eslintTimedOut: boolean;
    corsLintMs: number;
    corsLintPeakRssMb: number;
    corsLintFindings: number;
  };
  typing: {
    series: {
      language: string;
      lines: number;
      during: string;
      keystrokes: number;
      p50: number;
      p95: number;
      targetP95: number;
    }[];
    scannedFiles: number;
    scanSeconds?: number;
    serverRssAfterScanMb?: number;
    dependents?: {
      dependents: number;
      files: number;
      edits: number;
      p50: number;
      p95: number;
      analysesPerEdit: number;
      othersAnalysed: number;
      targetP95: number;
    };
  };
  detection: {
    files: number;
    corsLint: number;
    corsLintLines: number;
    sonarjs: number;
    sonarjsLines: number;
    both: number;
  };
}

const s = (ms: number) =>
  ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`;
const n = (x: number) => x.toLocaleString("en-US");
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

/** The Markdown of the section body. */
export function speedTable(r: Results): string {
  const rows: string[] = [];
  rows.push("| figure | measured | target | |", "|---|---|---|---|");
  for (const x of r.scan) {
    rows.push(
      `| Scan, ${x.name} (${n(x.files)} files): cors-lint / \`rg -l -i "cors\\|access-control"\` | ${s(x.corsLintMs)} / ${s(x.ripgrepMs)} = **${x.ratio}x** | ≤ 3x | ${verdict(x.ratio <= 3)} |`,
    );
  }
  const whole = r.scan[0];
  rows.push(
    `| CLI peak memory, whole tree | ${whole.corsLintPeakRssMb} MB | ≤ 300 MB | ${verdict(whole.corsLintPeakRssMb <= 300)} |`,
  );
  for (const t of r.typing.series) {
    rows.push(
      `| Keystroke → diagnostics p95, ${t.language === "python" ? "Python" : "TypeScript"} ${n(t.lines)} lines, ${t.during === "idle" ? "idle server" : "during a workspace scan"} (${t.keystrokes} keys, p50 ${t.p50} ms) | ${t.p95} ms | ≤ ${t.targetP95} ms | ${verdict(t.p95 <= t.targetP95)} |`,
    );
  }
  const dep = r.typing.dependents;
  if (dep) {
    const only = dep.analysesPerEdit === dep.dependents + 1 && dep.othersAnalysed === 0;
    rows.push(
      `| Settings module edit → diagnostics of the ${dep.dependents} scanned modules that read it, p95 (${dep.edits} edits, p50 ${dep.p50} ms; ${dep.analysesPerEdit} files analysed per edit, ${dep.othersAnalysed} others, in a ${n(dep.files)}-file workspace) | ${dep.p95} ms | ≤ ${dep.targetP95} ms, only the dependents | ${verdict(dep.p95 <= dep.targetP95 && only)} |`,
    );
  }
  const rss = r.typing.serverRssAfterScanMb;
  rows.push(
    `| Server memory after scanning the tree (${n(r.typing.scannedFiles)} files${r.typing.scanSeconds ? `, ${r.typing.scanSeconds} s while typing` : ""}) | ${rss ?? "?"} MB | ≤ 200 MB | ${verdict(rss !== undefined && rss <= 200)} |`,
  );
  const e = r.eslint;
  const sources = r.corpus.sources.map((x) => `\`${x.from}\` (${n(x.files)})`).join(", ");
  return [
    `Measured with \`npm run bench\` on ${r.date.slice(0, 10)}: ${r.machine}; load average ${r.load.before} before, ${r.load.after} after.`,
    `The corpus is real code, copied outside any git repository: ${n(r.corpus.files)} files, ${n(r.corpus.lines)} lines from ${sources}.`,
    `Both tools scan the same files (the bench stops if cors-lint's count differs from \`rg --files\`); times are medians of ${whole.runs} alternating runs each, cold processes.`,
    "",
    ...rows,
    "",
    `ESLint + \`eslint-plugin-sonarjs\` \`sonarjs/cors\` (the JS/TS peer, which parses every file) on a fixed 1-in-32 sample of the JS/TS half (${n(e.files)} files): ${e.eslintTimedOut ? "over 420 s (stopped)" : s(e.eslintMs)}, ${e.eslintPeakRssMb} MB, ${e.eslintFindings} findings; cors-lint on the same files: ${s(e.corsLintMs)}, ${e.corsLintPeakRssMb} MB, ${e.corsLintFindings} findings.`,
    "",
    `Detection on the ${r.detection.files} JS/TS files of \`samples/\` and the annotated fixtures (every finding there is checked to be intended): cors-lint reports ${r.detection.corsLint} findings on ${r.detection.corsLintLines} lines; \`sonarjs/cors\` reports ${r.detection.sonarjs} on ${r.detection.sonarjsLines} lines, ${r.detection.both} of them lines cors-lint also flags.`,
  ].join("\n");
}

/** Replaces the section between the markers (or the whole Speed section the first time). */
export function writeReadmeTable(readmePath: string, results: Results): void {
  const text = readFileSync(readmePath, "utf8");
  const body = `${START}\n${speedTable(results)}\n${END}`;
  let out: string;
  if (text.includes(START) && text.includes(END)) {
    out = text.slice(0, text.indexOf(START)) + body + text.slice(text.indexOf(END) + END.length);
  } else {
    const from = text.indexOf("## Speed\n");
    const to = text.indexOf("\n## ", from + 1);
    if (from < 0 || to < 0) throw new Error("README has no '## Speed' section");
    out = text.slice(0, from) + `## Speed\n\n${body}\n` + text.slice(to);
  }
  writeFileSync(readmePath, out);
}
