import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
/** The bundles the LSP and CLI-bundle suites run as child processes. */
const BUNDLES = ["server/out/server.js", "server/out/cli.js"].map((p) => join(ROOT, p));
/** What the bundles are built from. */
const SOURCES = ["server/src", "esbuild.mjs", "package.json"].map((p) => join(ROOT, p));

let checked = false;

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((t, n) => Math.max(t, newest(join(path, n))), st.mtimeMs);
}

/** Whether every bundle exists and is newer than every source file. */
export function bundlesAreFresh(): boolean {
  if (!BUNDLES.every((b) => existsSync(b))) return false;
  const built = Math.min(...BUNDLES.map((b) => statSync(b).mtimeMs));
  return built >= Math.max(...SOURCES.map(newest));
}

/** Rebuilds the bundles (`node esbuild.mjs`) when they are missing or stale; true when it built. */
export function rebuildIfStale(): boolean {
  if (bundlesAreFresh()) return false;
  const build = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stdout}${build.stderr}`);
  return true;
}

/**
 * Rebuilds stale bundles (about 1.5 s) once per test run: suites that start the built server or
 * CLI never test a stale build, whether they run from `npm test`, `npx mocha` or one file alone.
 */
export function ensureFreshBundles(): void {
  if (checked || process.env.CORS_LINT_SERVER) return;
  rebuildIfStale();
  checked = true;
}
