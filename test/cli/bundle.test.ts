import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { cleanup, project, WILDCARD_APP } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "cors-lint.js");

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name);
    return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
}

function bundleIsFresh(): boolean {
  const bundle = join(ROOT, "server", "out", "cli.js");
  return (
    existsSync(bundle) &&
    statSync(bundle).mtimeMs >=
      Math.max(newest(join(ROOT, "server", "src")), statSync(join(ROOT, "esbuild.mjs")).mtimeMs)
  );
}

function runBin(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

describe("cli: the built bundle as a child process", function () {
  this.timeout(60000);
  after(cleanup);

  before(() => {
    // `npm test` builds first (pretest); a plain `npx mocha` rebuilds only when the bundle is older than the sources.
    if (bundleIsFresh()) return;
    const build = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
  });

  it("finds problems, prints plain text to a pipe and sets the exit code", () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const warn = runBin([], dir);
    assert.equal(warn.status, 0, warn.stderr);
    assert.match(warn.stdout, /^app\.py:4:51 {2}warning {2}Any origin may read responses/);
    assert.doesNotMatch(warn.stdout, /\x1b\[/);
    const fail = runBin(["--rule", "wildcard-origin=error", "--format", "json"], dir);
    assert.equal(fail.status, 1);
    assert.equal(JSON.parse(fail.stdout).summary.errors, 1);
  });

  it("honours FORCE_COLOR and exits 2 without a stack trace on a bad config", () => {
    const dir = project({ "app.py": WILDCARD_APP, ".cors-lint.json": '{ "rules": 1 }' });
    const r = runBin([], dir, { FORCE_COLOR: "1" });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, "cors-lint: .cors-lint.json:1:12: rules must be an object, found 1\n");
    const ok = runBin([], project({ "app.py": WILDCARD_APP }), { FORCE_COLOR: "1" });
    assert.match(ok.stdout, /\x1b\[33mwarning\x1b\[39m/);
  });
});
