import assert from "node:assert/strict";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, cli, project, WILDCARD_APP } from "./helpers";

/** The files a JSON run reports findings in. */
async function flagged(
  argv: string[],
  cwd: string,
  extra = {},
): Promise<{ files: string[]; stderr: string; scanned: number }> {
  const r = await cli(["--format", "json", ...argv], cwd, extra);
  const report = JSON.parse(r.stdout);
  return {
    files: report.findings.map((f: { file: string }) => f.file),
    stderr: r.stderr,
    scanned: report.summary.filesScanned,
  };
}

describe("cli: which files are analysed", () => {
  after(cleanup);

  it("picks files by extension (not .d.ts) and skips the default excludes and virtualenvs", async () => {
    const ts = `export const corsEnabled = false;\n`;
    const dir = project({
      "app.py": WILDCARD_APP,
      "types.d.ts": "export type Cors = string;\n",
      "notes.txt": WILDCARD_APP,
      "node_modules/pkg/app.py": WILDCARD_APP,
      "build/app.py": WILDCARD_APP,
      ".venv/lib/app.py": WILDCARD_APP,
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/app.py": WILDCARD_APP,
      "src/__pycache__/app.py": WILDCARD_APP,
      "src/server.mts": ts,
    });
    const r = await flagged([], dir);
    assert.deepEqual(r.files, ["app.py"]);
    assert.equal(r.scanned, 2);
  });

  it("honours nested .gitignore files, negations included, and the repository root above the start folder", async () => {
    const dir = project({
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "generated/\n*.gen.py\n",
      "svc/generated/app.py": WILDCARD_APP,
      "svc/app.gen.py": WILDCARD_APP,
      "svc/app.py": WILDCARD_APP,
      "svc/legacy/.gitignore": "*.py\n!keep.py\n",
      "svc/legacy/old.py": WILDCARD_APP,
      "svc/legacy/keep.py": WILDCARD_APP,
    });
    assert.deepEqual((await flagged([], dir)).files, ["svc/app.py", "svc/legacy/keep.py"]);
    assert.deepEqual((await flagged(["svc"], dir)).files, ["svc/app.py", "svc/legacy/keep.py"]);
  });

  it("analyses explicitly named files even when excluded by default or by .gitignore", async () => {
    const dir = project({
      ".gitignore": "ignored.py\n",
      "ignored.py": WILDCARD_APP,
      "dist/app.py": WILDCARD_APP,
    });
    assert.deepEqual((await flagged([], dir)).files, []);
    assert.deepEqual((await flagged(["ignored.py", "dist/app.py"], dir)).files, [
      "ignored.py",
      "dist/app.py",
    ]);
  });

  it('skips config "ignore" globs, with a note when the file was named explicitly', async () => {
    const dir = project({
      ".cors-lint.json": '{ "ignore": ["legacy/**", "**/*_old.py"] }',
      "legacy/app.py": WILDCARD_APP,
      "app_old.py": WILDCARD_APP,
      "app.py": WILDCARD_APP,
    });
    assert.deepEqual((await flagged([], dir)).files, ["app.py"]);
    const r = await flagged(["legacy/app.py"], dir);
    assert.deepEqual(r.files, []);
    assert.equal(
      r.stderr,
      'cors-lint: legacy/app.py: skipped: matches an "ignore" glob in .cors-lint.json\n',
    );
  });

  it("follows symbolic links once and ends on loops", async () => {
    const dir = project({ "src/app.py": WILDCARD_APP });
    symlinkSync("..", join(dir, "src", "loop"));
    symlinkSync(join(dir, "src"), join(dir, "alias"));
    const r = await flagged([], dir);
    assert.equal(r.files.length, 1);
    assert.equal(r.scanned, 1);
  });

  it("reports unreadable files and goes on", async () => {
    const dir = project({ "a.py": WILDCARD_APP, "b.py": WILDCARD_APP });
    symlinkSync("self.py", join(dir, "self.py"));
    const failing = (p: string): string => {
      if (p.endsWith("b.py"))
        throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
      return WILDCARD_APP;
    };
    const r = await cli([], dir, { readFile: failing });
    assert.equal(r.code, 0);
    assert.equal(
      r.stderr,
      "cors-lint: b.py: cannot read: permission denied (EACCES)\n" +
        "cors-lint: self.py: cannot read symbolic link: too many levels of symbolic links (ELOOP)\n",
    );
    assert.match(r.stdout, /^a\.py:4:51 /);
  });

  it("chmod 000 makes a file unreadable, except for root", async () => {
    const dir = project({ "a.py": WILDCARD_APP });
    chmodSync(join(dir, "a.py"), 0o000);
    const r = await flagged([], dir);
    // root reads files whatever their mode, so there the file is analysed; the injected failure above
    // covers the unreadable path everywhere.
    if (process.getuid?.() === 0) assert.deepEqual(r.files, ["a.py"]);
    else assert.equal(r.stderr, "cors-lint: a.py: cannot read: permission denied (EACCES)\n");
    chmodSync(join(dir, "a.py"), 0o644);
  });

  it("skips files over 2 MB with a note", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    mkdirSync(join(dir, "gen"));
    writeFileSync(join(dir, "gen", "big.py"), WILDCARD_APP + "#".repeat(2 * 1024 * 1024));
    const r = await flagged([], dir);
    assert.deepEqual(r.files, ["app.py"]);
    assert.equal(r.stderr, "cors-lint: gen/big.py: skipped: larger than 2 MB (2.0 MB)\n");
  });
});
