import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { version } from "../../package.json";
import { CLEAN_APP, cleanup, cli, project, WILDCARD_APP } from "./helpers";

describe("cli: exit codes and options", () => {
  after(cleanup);

  it("exits 0 when nothing is found", async () => {
    const r = await cli([], project({ "app.py": CLEAN_APP }));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "No problems found (1 file scanned in 0.0s)\n");
    assert.equal(r.stderr, "");
  });

  it("exits 0 on warnings, 1 on errors", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    assert.equal((await cli([], dir)).code, 0);
    const r = await cli(["--rule", "wildcard-origin=error"], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^app\.py:4:51 {2}error {2}Any origin may read responses/);
  });

  it("--max-warnings fails only when there are more warnings than allowed", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    assert.equal((await cli(["--max-warnings", "1"], dir)).code, 0);
    assert.equal((await cli(["--max-warnings", "0"], dir)).code, 1);
    assert.equal((await cli(["--max-warnings=0"], dir)).code, 1);
  });

  it("--exit-zero exits 0 with errors, but not on usage errors", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    assert.equal((await cli(["--exit-zero", "--rule", "wildcard-origin=error"], dir)).code, 0);
    assert.equal((await cli(["--exit-zero", "--bogus"], dir)).code, 2);
  });

  it("--quiet shows errors only and does not count warnings", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const r = await cli(["--quiet", "--max-warnings", "0"], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "No problems found (1 file scanned in 0.0s)\n");
  });

  it("--rule name=off disables a rule", async () => {
    const r = await cli(["--rule", "wildcard-origin=off"], project({ "app.py": WILDCARD_APP }));
    assert.equal(r.stdout, "No problems found (1 file scanned in 0.0s)\n");
  });

  it("rejects unknown options, bad values and missing paths with exit 2", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const cases: [string[], string][] = [
      [["--frmat", "json"], "cors-lint: unknown option '--frmat'"],
      [["--format", "xml"], "cors-lint: --format must be one of text, json, sarif, github"],
      [["--max-warnings", "-1"], "cors-lint: --max-warnings needs a whole number >= 0, not '-1'"],
      [["--rule", "no-such-rule=error"], "cors-lint: --rule: unknown rule 'no-such-rule'"],
      [
        ["--rule", "wildcard-origin=warn"],
        "cors-lint: --rule wildcard-origin: level must be error, warning, info, hint or off, not 'warn'",
      ],
      [["--output"], "cors-lint: option '--output' needs a value"],
      [["missing.py"], "cors-lint: no such file or folder: missing.py"],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv, dir);
      assert.equal(r.code, 2, argv.join(" "));
      assert.ok(r.stderr.startsWith(message), `${argv.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /Run 'cors-lint --help' for usage\.\n$/);
      assert.equal(r.stdout, "");
    }
  });

  it("--help and --version print to stdout and exit 0", async () => {
    const dir = project({});
    const help = await cli(["--help"], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: cors-lint \[options\] \[paths\.\.\.\]/);
    assert.match(help.stdout, /Examples:\n/);
    assert.deepEqual(await cli(["--version"], dir), {
      code: 0,
      stdout: `cors-lint ${version}\n`,
      stderr: "",
    });
  });

  it("a malformed config stops the run with file:line:col and exit 2", async () => {
    const dir = project({
      "app.py": WILDCARD_APP,
      ".cors-lint.json": '{\n  "rules": { "wildcard-origin": "warn" },\n  "ignroe": []\n}\n',
    });
    const r = await cli([], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'cors-lint: .cors-lint.json:2:33: rules.wildcard-origin must be one of "error", "warning", "info", "hint", "off", found "warn" (did you mean "warning"?)\n' +
        'cors-lint: .cors-lint.json:3:3: unknown option "ignroe" (did you mean "ignore"?)\n',
    );
    assert.equal(r.stdout, "");
  });

  it("invalid JSON in a config is reported with its position", async () => {
    const dir = project({ "src/app.py": WILDCARD_APP, ".cors-lint.json": '{ "rules": { } ' });
    const r = await cli(["src"], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "cors-lint: .cors-lint.json:1:16: invalid JSON: close brace expected\n");
  });

  it("uses the nearest .cors-lint.json, accepting comments and trailing commas", async () => {
    const dir = project({
      "api/app.py": WILDCARD_APP,
      "api/.cors-lint.json": '// strict here\n{ "rules": { "wildcard-origin": "error", }, }\n',
      "web/app.py": WILDCARD_APP,
    });
    const r = await cli(["--format", "json"], dir);
    const findings = JSON.parse(r.stdout).findings.map((f: { file: string; severity: string }) => [
      f.file,
      f.severity,
    ]);
    assert.deepEqual(findings, [
      ["api/app.py", "error"],
      ["web/app.py", "warning"],
    ]);
    assert.equal(r.code, 1);
  });

  it("--config applies one file everywhere; --rule wins over it", async () => {
    const dir = project({
      "app.py": WILDCARD_APP,
      "configs/strict.json": '{ "rules": { "wildcard-origin": "error" } }',
      ".cors-lint.json": '{ "rules": { "wildcard-origin": "off" } }',
    });
    assert.equal((await cli(["--config", "configs/strict.json"], dir)).code, 1);
    assert.equal(
      (await cli(["--config", "configs/strict.json", "--rule", "wildcard-origin=hint"], dir)).code,
      0,
    );
    assert.equal((await cli([], dir)).stdout, "No problems found (1 file scanned in 0.0s)\n");
  });

  it("config context globs are relative to the config file", async () => {
    const dir = project({
      "svc/.cors-lint.json":
        '{ "contexts": { "development": ["dev/**"] }, "developmentSeverity": "off" }',
      "svc/dev/app.py": WILDCARD_APP,
      "svc/prod/app.py": WILDCARD_APP,
    });
    const r = await cli(["--format", "json"], dir);
    assert.deepEqual(
      JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file),
      ["svc/prod/app.py"],
    );
  });

  it("--output writes the report to a file", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const r = await cli(["--format", "json", "--output", "out/report.json"], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "cors-lint: cannot write out/report.json: no such file or directory (ENOENT)\n",
    );
    const ok = await cli(["--format", "json", "-o", "report.json"], dir);
    assert.equal(ok.stdout, "");
    assert.equal(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).findings.length, 1);
  });
});
