/**
 * `npm run bench`: cors-lint's speed and memory on real code, side by side with ripgrep (raw scanning)
 * and ESLint + eslint-plugin-sonarjs's `sonarjs/cors` (the JS/TS peer), plus keystroke -> diagnostics
 * latency through the language server. Writes bench/results.json and the README's Speed table.
 * Options: --runs N (paired runs per tree, default 5), --rebuild-corpus, --no-readme, --only typing
 * (the language-server figures alone, printed; neither results.json nor the README is written).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildRealCorpus, type RealCorpus } from "./real-corpus";
import { compareDetection, sonarConfig } from "./detection";
import { typingFigures, type TypingFigures } from "./typing";
import { writeReadmeTable } from "./table";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "cors-lint.js");

interface Timed {
  ms: number;
  maxRssMb: number;
  stdout: string;
  status: number | null;
}

/** Runs a command under GNU time for wall time and peak memory (of the process and its threads). */
function timed(cmd: string, args: string[], cwd = ROOT, timeoutMs = 600_000): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout: timeoutMs,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = (r.stderr ?? "").trim().split("\n");
  const kb = Number(lines[lines.length - 1]);
  return { ms, maxRssMb: Math.round(kb / 1024), stdout: r.stdout ?? "", status: r.status };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** ripgrep is a Debian package; installs it when possible, else stops naming it. */
function ensureRipgrep(): string {
  const version = () => spawnSync("rg", ["--version"], { encoding: "utf8" });
  let v = version();
  if (v.status !== 0) {
    console.log("bench: ripgrep (rg) is missing; trying apt-get install -y ripgrep");
    const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
    const apt = (args: string[]) =>
      spawnSync(
        sudo[0] ?? "apt-get",
        [...sudo.slice(1), ...(sudo.length ? ["apt-get"] : []), ...args],
        {
          stdio: "inherit",
        },
      );
    if (apt(["install", "-y", "ripgrep"]).status !== 0) {
      apt(["update"]);
      apt(["install", "-y", "ripgrep"]);
    }
    v = version();
    if (v.status !== 0)
      throw new Error(
        "bench needs ripgrep: install the Debian package 'ripgrep' (apt-get install -y ripgrep)",
      );
  }
  return v.stdout.split("\n")[0];
}

const RG_PATTERN = "cors|access-control";

/** One tree: the files both tools consider, then alternating runs of ripgrep and cors-lint. */
function scanTree(name: string, dir: string, runs: number) {
  const considered = execFileSync("rg", ["--files", dir], { encoding: "utf8", maxBuffer: 1 << 28 })
    .split("\n")
    .filter(Boolean).length;
  const cliArgs = [BIN, dir, "--format", "json", "--exit-zero"];
  const first = timed("node", cliArgs);
  const report = JSON.parse(first.stdout) as {
    findings: unknown[];
    summary: { filesScanned: number };
  };
  const scanned = report.summary.filesScanned;
  if (scanned !== considered)
    throw new Error(`${name}: cors-lint scanned ${scanned} files, ripgrep considers ${considered}`);
  const rg: Timed[] = [];
  const ours: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so drift in the machine's speed hits both alike.
    const pair = () =>
      [timed("rg", ["-l", "-i", RG_PATTERN, dir]), timed("node", cliArgs)] as const;
    if (i % 2 === 0) {
      const [a, b] = pair();
      rg.push(a);
      ours.push(b);
    } else {
      const b = timed("node", cliArgs);
      const a = timed("rg", ["-l", "-i", RG_PATTERN, dir]);
      rg.push(a);
      ours.push(b);
    }
  }
  const rgMs = median(rg.map((r) => r.ms));
  const oursMs = median(ours.map((r) => r.ms));
  return {
    name,
    files: considered,
    filesScanned: scanned,
    rgMatches: rg[0].stdout.split("\n").filter(Boolean).length,
    findings: report.findings.length,
    ripgrepMs: Math.round(rgMs),
    corsLintMs: Math.round(oursMs),
    ratio: +(oursMs / rgMs).toFixed(2),
    corsLintPeakRssMb: Math.max(first.maxRssMb, ...ours.map((r) => r.maxRssMb)),
    runs,
  };
}

/** ESLint + sonarjs/cors against cors-lint on a fixed 1-in-32 sample of the JS/TS half (ESLint parses every file). */
function eslintSample(corpus: RealCorpus) {
  const list = readFileSync(`${corpus.dir}.files.txt`, "utf8")
    .split("\n")
    .map((l) => l.split("\t")[0])
    .filter((p) => p.startsWith("typescript/"));
  const sample = list.filter((_, i) => i % 32 === 0);
  const dir = join(tmpdir(), "cors-lint-bench-eslint-sample");
  const stamp = join(dir, ".complete");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== String(sample.length)) {
    rmSync(dir, { recursive: true, force: true });
    for (const p of sample) {
      mkdirSync(dirname(join(dir, "files", p)), { recursive: true });
      copyFileSync(join(corpus.dir, p), join(dir, "files", p));
    }
    writeFileSync(stamp, String(sample.length));
  }
  const config = join(dir, "eslint.config.mjs");
  writeFileSync(config, sonarConfig());
  const eslint = timed(
    "node",
    [join(ROOT, "node_modules/eslint/bin/eslint.js"), "-c", config, "--format", "json", "files"],
    dir,
    420_000,
  );
  let findings = -1;
  try {
    findings = (JSON.parse(eslint.stdout) as { messages: { ruleId: string }[] }[])
      .flatMap((r) => r.messages)
      .filter((m) => m.ruleId === "sonarjs/cors").length;
  } catch {
    /* a crash or a timeout: reported as -1 */
  }
  const ours = timed("node", [BIN, join(dir, "files"), "--format", "json", "--exit-zero"]);
  return {
    files: sample.length,
    eslintMs: Math.round(eslint.ms),
    eslintPeakRssMb: eslint.maxRssMb,
    eslintFindings: findings,
    eslintTimedOut: eslint.status === null,
    corsLintMs: Math.round(ours.ms),
    corsLintPeakRssMb: ours.maxRssMb,
    corsLintFindings: (JSON.parse(ours.stdout) as { findings: unknown[] }).findings.length,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf("--runs") + 1]) || 5;
  const started = Date.now();
  const ripgrep = ensureRipgrep();
  execFileSync("node", ["esbuild.mjs", "--production"], { cwd: ROOT });
  console.log("bench: building or reusing the real-code corpus ...");
  const corpus = buildRealCorpus(ROOT, args.includes("--rebuild-corpus"));
  console.log(
    `bench: corpus ${corpus.files} files (${corpus.halves.python.files} Python, ${corpus.halves.typescript.files} JS/TS), ${corpus.lines} lines, ${corpus.reused ? "reused" : "built"} at ${corpus.dir}`,
  );
  if (args[args.indexOf("--only") + 1] === "typing" && args.includes("--only")) {
    console.log("bench: typing through the language server only ...");
    console.log(JSON.stringify(await typingFigures(ROOT, corpus), null, 2));
    return;
  }
  const loadBefore = loadavg()[0];
  const scans = [
    scanTree("whole tree", corpus.dir, runs),
    scanTree("Python half", corpus.halves.python.dir, runs),
    scanTree("JS/TS half", corpus.halves.typescript.dir, runs),
  ];
  for (const s of scans)
    console.log(
      `bench: ${s.name}: cors-lint ${s.corsLintMs} ms, ripgrep ${s.ripgrepMs} ms, ratio ${s.ratio} (${s.files} files)`,
    );
  console.log("bench: ESLint + sonarjs/cors on a sample of the JS/TS half ...");
  const eslint = eslintSample(corpus);
  const detection = compareDetection(ROOT);
  console.log("bench: typing through the language server ...");
  const typing: TypingFigures = await typingFigures(ROOT, corpus);
  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}, ${ripgrep}`,
    load: { before: +loadBefore.toFixed(2), after: +loadavg()[0].toFixed(2) },
    corpus: {
      dir: corpus.dir,
      files: corpus.files,
      lines: corpus.lines,
      bytes: corpus.bytes,
      sources: corpus.sources,
      leftOutOver2MB: corpus.tooLarge,
    },
    scan: scans,
    eslint,
    typing,
    detection,
    benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
  if (!args.includes("--no-readme")) writeReadmeTable(join(ROOT, "README.md"), results);
  console.log(JSON.stringify({ scan: scans, typing }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
