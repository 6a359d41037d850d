/** Detection side by side with ESLint's sonarjs/cors on the annotated JS/TS fixtures and samples. */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

/** eslint-plugin-sonarjs's CORS rule alone, on JS and TS files (the peer on JS/TS). */
export function sonarConfig(): string {
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
export function compareDetection(ROOT: string): {
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
