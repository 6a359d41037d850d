import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundlesAreFresh, ensureFreshBundles, rebuildIfStale } from "../helpers/bundle";
import { cleanup, project, WILDCARD_APP } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "cors-lint.js");

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

  before(ensureFreshBundles);

  it("is rebuilt before use when it is older than the sources", () => {
    utimesSync(join(ROOT, "server", "out", "cli.js"), new Date(0), new Date(0));
    assert.equal(bundlesAreFresh(), false);
    assert.equal(rebuildIfStale(), true);
    assert.equal(bundlesAreFresh(), true);
    assert.equal(rebuildIfStale(), false);
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

  it("loads the TypeScript compiler only once a TS/JS file is parsed", () => {
    // A preload that says, at exit, whether the compiler's bundle was loaded (required, or through the
    // code cache, which registers it in require.cache too).
    const probe = join(project({ "probe.js": "" }), "probe.js");
    writeFileSync(
      probe,
      `process.on("exit", () => process.stderr.write(
  Object.keys(require.cache).some((k) => /typescript\\.js$/.test(k)) ? "TS LOADED" : "TS NOT LOADED"));`,
    );
    const withProbe = (args: string[], cwd: string) =>
      spawnSync(process.execPath, ["-r", probe, BIN, ...args], { cwd, encoding: "utf8" });
    const py = project({ "app.py": WILDCARD_APP, "web/plain.ts": "export const x = 1;\n" });
    assert.equal(withProbe(["--version"], py).stderr, "TS NOT LOADED");
    const pyRun = withProbe([], py);
    assert.match(pyRun.stdout, /Any origin may read responses/);
    assert.equal(pyRun.stderr, "TS NOT LOADED");
    const ts = project({ "server.ts": `import cors from "cors";\napp.use(cors());\n` });
    const tsRun = withProbe([], ts);
    assert.match(tsRun.stdout, /server\.ts:2/);
    assert.equal(tsRun.stderr, "TS LOADED");
  });

  it("reports the same thing, in the same order, with worker threads as without", function () {
    // Six cold processes with worker threads: slow on a loaded machine.
    this.timeout(180_000);
    const files: Record<string, string> = { "big/gen.py": "#".repeat(2 * 1024 * 1024 + 1) };
    for (let i = 0; i < 30; i++) {
      files[`pkg${i % 4}/app${i}.py`] = i % 3 ? WILDCARD_APP : "x = 1\n";
      files[`web${i % 3}/server${i}.ts`] =
        i % 2
          ? `import cors from "cors";\napp.use(cors({ origin: "*", credentials: true }));\n`
          : "";
    }
    const dir = project(files);
    const strip = (out: string) =>
      out.replace(/"durationMs": ?[\d.]+/g, "").replace(/scanned in [\d.]+s/, "");
    for (const extra of [[], ["--format", "sarif"]]) {
      const one = runBin(["--jobs", "1", ...extra], dir);
      const three = runBin(["--jobs", "3", ...extra], dir);
      assert.equal(three.status, one.status);
      assert.equal(strip(three.stdout), strip(one.stdout));
      assert.equal(three.stderr, one.stderr);
      assert.match(one.stderr, /big\/gen\.py: skipped: larger than 2 MB/);
    }
    const samples = ["--format", "json", join(ROOT, "samples"), join(ROOT, "test", "fixtures")];
    const a = runBin(["--jobs", "1", ...samples], ROOT);
    const b = runBin(["--jobs", "2", ...samples], ROOT);
    assert.ok(JSON.parse(a.stdout).findings.length > 50);
    assert.equal(strip(b.stdout), strip(a.stdout));
  });

  it("streams a large walk into the workers: the same report, in walk order, as one thread", function () {
    this.timeout(180_000);
    // More files than MIN_FILES_FOR_WORKERS, so the threads lint while the walk goes on; findings
    // early, late and in deep folders, a notice, and notes from the walk and from reading.
    const files: Record<string, string> = {};
    for (let i = 0; i < 1600; i++) {
      const dir = `d${i % 7}/${i % 3 ? "sub" : "x"}/${i % 11}`;
      const text =
        i % 97 === 0
          ? WILDCARD_APP
          : i % 131 === 0
            ? `import cors from "cors";\napp.use(cors({ origin: "*", credentials: true }));\n`
            : i % 5
              ? `x = ${i}\n`
              : "";
      files[`${dir}/m${i}.${i % 131 === 0 ? "ts" : "py"}`] = text;
    }
    files["d3/broken.ts"] = `import cors from "cors";\napp.use(cors({ origin: "*" ;\n`;
    files["zz/big.py"] = "#".repeat(2 * 1024 * 1024 + 1);
    const dir = project(files);
    const strip = (out: string) =>
      out.replace(/"durationMs": ?[\d.]+/g, "").replace(/scanned in [\d.]+s/, "");
    const one = runBin(["--jobs", "1", "--format", "json"], dir);
    const report = JSON.parse(one.stdout);
    assert.equal(report.summary.filesScanned, 1601);
    assert.ok(report.findings.length >= 25, String(report.findings.length));
    for (const jobs of [[], ["--jobs", "2"], ["--jobs", "3"]]) {
      const many = runBin([...jobs, "--format", "json"], dir);
      assert.equal(many.status, one.status);
      assert.equal(strip(many.stdout), strip(one.stdout), jobs.join(" "));
      assert.equal(many.stderr, one.stderr);
    }
  });

  it("applies fixes from worker threads", function () {
    this.timeout(120_000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++)
      files[`app${i}.py`] = WILDCARD_APP.replace('"*"', '"https://a.example.com/"');
    const one = project(files);
    const two = project(files);
    assert.equal(runBin(["--fix", "--jobs", "1"], one).status, 0);
    assert.equal(runBin(["--fix", "--jobs", "4"], two).status, 0);
    for (const f of Object.keys(files)) {
      const fixed = readFileSync(join(one, f), "utf8");
      assert.equal(readFileSync(join(two, f), "utf8"), fixed);
      assert.match(fixed, /"https:\/\/a\.example\.com"\]/);
    }
  });
});
