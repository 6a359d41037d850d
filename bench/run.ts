/**
 * `npm run bench`: speed and memory of cors-lint, measured against ripgrep (raw scanning) and
 * eslint-plugin-sonarjs's `sonarjs/cors` rule (the JS/TS peer), on a generated monorepo.
 * Prints a table and writes bench/results.json. Options: --files N (default 6000), --keep.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { analyze, initEngine } from "../server/src/core/analyze";
import { wasmSources } from "../server/src/wasm-files";
import { generateCorpus } from "./corpus";

const ROOT = join(__dirname, "..");

interface Timed {
  ms: number;
  maxRssMb: number;
  stdout: string;
}

/** Runs a command under GNU time for wall time and peak memory. */
function timed(cmd: string, args: string[], cwd = ROOT): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = r.stderr.trim().split("\n");
  const kb = Number(lines[lines.length - 1]);
  return { ms, maxRssMb: Math.round(kb / 1024), stdout: r.stdout };
}

/** eslint-plugin-sonarjs's CORS rule alone, on JS and TS files (the peer on JS/TS). */
function sonarConfig(): string {
  const plugin = JSON.stringify(require.resolve("eslint-plugin-sonarjs"));
  const parser = JSON.stringify(require.resolve("@typescript-eslint/parser"));
  return `import sonarjs from ${plugin};
import tsParser from ${parser};
export default [
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    plugins: { sonarjs },
    rules: { 'sonarjs/cors': 'error' },
  },
];
`;
}

/**
 * Runs cors-lint and eslint's sonarjs/cors on the same JS/TS files (samples/ and the JS fixtures), and
 * counts the lines each flags. Every fixture finding is annotated as intended, so lines only one tool
 * flags are problems the other misses.
 */
function compareDetection(): {
  files: number;
  corsLint: number;
  corsLintLines: number;
  sonarjs: number;
  sonarjsLines: number;
  both: number;
} {
  const dir = join(tmpdir(), "cors-lint-bench-detection");
  rmSync(dir, { recursive: true, force: true });
  const roots = [join(ROOT, "samples"), join(ROOT, "test/fixtures")];
  let files = 0;
  for (const root of roots) {
    for (const f of walkFiles(root)) {
      if (!/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(f) || /\.fixed\./.test(f)) continue;
      const target = join(dir, relative(ROOT, f));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, readFileSync(f));
      files++;
    }
  }
  writeFileSync(join(dir, "eslint.config.mjs"), sonarConfig());
  const ours = JSON.parse(
    spawnSync("node", [join(ROOT, "bin/cors-lint.js"), ".", "--format", "json", "--exit-zero"], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    }).stdout,
  ) as { findings: { file: string; line: number }[] };
  const eslint = spawnSync(
    "node",
    [join(ROOT, "node_modules/eslint/bin/eslint.js"), "--format", "json", "."],
    {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  const theirs = (
    JSON.parse(eslint.stdout) as {
      filePath: string;
      messages: { ruleId: string; line: number }[];
    }[]
  ).flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId === "sonarjs/cors")
      .map((m) => ({ file: relative(dir, r.filePath), line: m.line })),
  );
  const key = (x: { file: string; line: number }) => `${x.file}:${x.line}`;
  const ourLines = new Set(ours.findings.map(key));
  const theirLines = new Set(theirs.map(key));
  rmSync(dir, { recursive: true, force: true });
  return {
    files,
    corsLint: ours.findings.length,
    corsLintLines: ourLines.size,
    sonarjs: theirs.length,
    sonarjsLines: theirLines.size,
    both: [...theirLines].filter((l) => ourLines.has(l)).length,
  };
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walkFiles(p) : [p];
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function keystrokeLatency(): {
  file: string;
  lines: number;
  p50: number;
  p95: number;
  max: number;
}[] {
  const files = [
    "samples/api-fastapi/app/main.py",
    "samples/express-api/src/server.ts",
    "samples/django-shop/shop/settings/base.py",
  ];
  const out = [];
  for (const f of files) {
    const text = readFileSync(join(ROOT, f), "utf8");
    // A large module with one configuration at the end, as in a real app file.
    const fn = (i: number): string =>
      f.endsWith(".py")
        ? `def handler_${i}(x):\n    return x + ${i}\n\n`
        : `export function handler${i}(x: number) {\n  return x + ${i};\n}\n`;
    const filler = Array.from({ length: 2500 }, (_, i) => fn(i)).join("");
    for (const [label, src] of [
      [f, text],
      [`${f} + 2,500 functions`, filler + text],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) analyze(src, f); // warm-up
      for (let i = 0; i < 100; i++) {
        const t = process.hrtime.bigint();
        analyze(src + `\n${f.endsWith(".py") ? "#" : "//"} edit ${i}\n`, f);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      out.push({
        file: label,
        lines: src.split("\n").length,
        p50: +percentile(times, 50).toFixed(2),
        p95: +percentile(times, 95).toFixed(2),
        max: +Math.max(...times).toFixed(2),
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = Number(args[args.indexOf("--files") + 1]) || 6000;
  const dir = join(tmpdir(), `cors-lint-bench-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const corpus = generateCorpus(dir, n, join(ROOT, "samples"));
  execFileSync("node", ["esbuild.mjs", "--production"], { cwd: ROOT });

  const cli = timed("node", [
    join(ROOT, "bin/cors-lint.js"),
    dir,
    "--format",
    "json",
    "--exit-zero",
  ]);
  const report = JSON.parse(cli.stdout);
  const rg = timed("rg", ["-l", "-i", "-e", "cors|access-control-allow", dir]);
  const rgFiles = rg.stdout.trim().split("\n").filter(Boolean).length;
  // ESLint resolves files against the config's folder, so the peer's config is written into the corpus.
  writeFileSync(join(dir, "eslint.config.mjs"), sonarConfig());
  const eslintArgs = [join(ROOT, "node_modules/eslint/bin/eslint.js"), "--format", "json", "."];
  const sonar = timed("node", eslintArgs, dir);
  let sonarFindings = -1;
  try {
    sonarFindings = (JSON.parse(sonar.stdout) as { messages: { ruleId: string }[] }[])
      .flatMap((r) => r.messages)
      .filter((m) => m.ruleId === "sonarjs/cors").length;
  } catch {
    /* reported as -1 */
  }

  const detection = compareDetection();
  await initEngine(wasmSources(join(ROOT, "server/out")));
  const latency = keystrokeLatency();

  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${require("node:os").cpus().length} cores, node ${process.version}`,
    corpus: {
      files: corpus.files,
      lines: corpus.lines,
      corsFiles: corpus.corsFiles,
      jsTsFiles: corpus.jsTsFiles,
    },
    corsLint: {
      ms: Math.round(cli.ms),
      filesPerSecond: Math.round((corpus.files / cli.ms) * 1000),
      maxRssMb: cli.maxRssMb,
      findings: report.findings.length,
      summary: report.summary,
    },
    ripgrep: { ms: Math.round(rg.ms), maxRssMb: rg.maxRssMb, filesMatched: rgFiles },
    sonarjs: {
      ms: Math.round(sonar.ms),
      maxRssMb: sonar.maxRssMb,
      findings: sonarFindings,
      scope: "JS/TS files only",
    },
    keystroke: latency,
    detection,
  };
  writeFileSync(join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(
    `corpus: ${corpus.files} files, ${corpus.lines} lines, ${corpus.corsFiles} with CORS code`,
  );
  console.table({
    "cors-lint (whole corpus)": {
      ms: results.corsLint.ms,
      "peak MB": cli.maxRssMb,
      found: report.findings.length,
    },
    "ripgrep -l cors (baseline)": {
      ms: results.ripgrep.ms,
      "peak MB": rg.maxRssMb,
      found: rgFiles,
    },
    "eslint + sonarjs/cors (JS/TS only)": {
      ms: results.sonarjs.ms,
      "peak MB": sonar.maxRssMb,
      found: sonarFindings,
    },
  });
  console.table(latency);
  console.log(
    `detection on the JS/TS samples and fixtures (${detection.files} files): cors-lint ${detection.corsLint} findings on ${detection.corsLintLines} lines, sonarjs/cors ${detection.sonarjs} on ${detection.sonarjsLines} lines, both ${detection.both} lines`,
  );
  if (!args.includes("--keep")) rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
