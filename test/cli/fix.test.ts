import assert from "node:assert/strict";
import {
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from "node:fs";
import { join } from "node:path";
import { cleanup, cli, project, WILDCARD_APP } from "./helpers";

const SLASHES = `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/", "https://b.example.com/"])
`;

describe("cli: --fix", () => {
  after(cleanup);

  it("writes the safe fixes, then reports what is left in the fixed text", async () => {
    const dir = project({ "app.py": SLASHES, "other.py": WILDCARD_APP });
    const before = await cli(["--format", "json"], dir);
    assert.deepEqual(
      JSON.parse(before.stdout).findings.map(
        (f: { rule: string; fixes: { applicability: string }[] }) => [
          f.rule,
          f.fixes.some((x) => x.applicability === "safe"),
        ],
      ),
      [
        ["unmatchable-origin", true],
        ["unmatchable-origin", true],
        ["wildcard-origin", false],
      ],
    );
    const r = await cli(["--fix", "--format", "json"], dir);
    assert.equal(
      readFileSync(join(dir, "app.py"), "utf8"),
      SLASHES.replace('"https://a.example.com/"', '"https://a.example.com"').replace(
        '"https://b.example.com/"',
        '"https://b.example.com"',
      ),
    );
    assert.equal(readFileSync(join(dir, "other.py"), "utf8"), WILDCARD_APP);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.findings.map((f: { file: string; rule: string }) => [f.file, f.rule]),
      [["other.py", "wildcard-origin"]],
    );
    assert.equal(report.summary.fixesApplied, 2);
    assert.equal(
      (await cli(["--fix", "--format", "json"], dir)).stdout.includes('"fixesApplied": 0'),
      true,
    );
  });

  it("applies unsafe fixes only with --unsafe-fixes (or unsafeFixes in the config)", async () => {
    const config = '{ "productionOrigins": ["https://shop.example.com"] }';
    const dir = project({ "app.py": WILDCARD_APP, ".cors-lint.json": config });
    const fixed = WILDCARD_APP.replace('["*"]', '["https://shop.example.com"]');
    const safeOnly = await cli(["--fix"], dir);
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), WILDCARD_APP);
    assert.match(
      safeOnly.stdout,
      /unsafe fix: Replace the wildcard with https:\/\/shop\.example\.com \(cors-lint --fix --unsafe-fixes\)/,
    );
    const r = await cli(["--fix", "--unsafe-fixes"], dir);
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), fixed);
    assert.equal(r.stdout, "Applied 1 fix.\nNo problems found (1 file scanned in 0.0s)\n");
    assert.equal(r.code, 0);

    const viaConfig = project({
      "app.py": WILDCARD_APP,
      ".cors-lint.json":
        '{ "productionOrigins": ["https://shop.example.com"], "unsafeFixes": true }',
    });
    await cli(["--fix"], viaConfig);
    assert.equal(readFileSync(join(viaConfig, "app.py"), "utf8"), fixed);
  });

  it("never writes through a symbolic link to a file outside the scanned folder", async () => {
    const outside = project({ "shared.py": SLASHES });
    const dir = project({ "app.py": SLASHES });
    symlinkSync(join(outside, "shared.py"), join(dir, "linked.py"));
    const r = await cli(["--fix"], dir);
    assert.equal(readFileSync(join(outside, "shared.py"), "utf8"), SLASHES);
    assert.notEqual(readFileSync(join(dir, "app.py"), "utf8"), SLASHES);
    assert.match(
      r.stderr,
      /linked\.py: not fixed: it resolves to .*shared\.py, outside the scanned folders/,
    );
    // Its findings are still reported, from the text as it is.
    assert.match(r.stdout, /linked\.py:4:/);
    // A link to a file inside the tree is fine: the real file is fixed once, the link stays a link.
    const inner = project({ "real.py": SLASHES });
    symlinkSync(join(inner, "real.py"), join(inner, "alias.py"));
    await cli(["--fix", "alias.py"], inner);
    assert.notEqual(readFileSync(join(inner, "real.py"), "utf8"), SLASHES);
  });

  it("never overwrites a change made after the file was read", async () => {
    const dir = project({ "app.py": SLASHES });
    const edited = SLASHES + "# edited in the editor meanwhile\n";
    const r = await cli(["--fix"], dir, {
      readFile: (p) => {
        const text = readFileSync(p, "utf8");
        writeFileSync(p, edited);
        return text;
      },
    });
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), edited);
    assert.match(r.stderr, /app\.py: not fixed: it changed after cors-lint read it/);
  });

  it("writes atomically, keeping the file's mode and leaving no temporary file", async () => {
    const dir = project({ "app.py": SLASHES });
    chmodSync(join(dir, "app.py"), 0o640);
    await cli(["--fix"], dir);
    assert.equal(statSync(join(dir, "app.py")).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ["app.py"]);
  });

  it("does not rewrite a file that is not UTF-8", async () => {
    const dir = project({});
    const bytes = Buffer.concat([Buffer.from(SLASHES), Buffer.from([0x23, 0x20, 0xe9, 0x0a])]);
    writeFileSync(join(dir, "app.py"), bytes);
    const r = await cli(["--fix"], dir);
    assert.ok(readFileSync(join(dir, "app.py")).equals(bytes));
    assert.match(r.stderr, /not valid UTF-8/);
  });

  it("offers a restrict fix only with productionOrigins: it never writes an invented origin", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const r = await cli(["--format", "json"], dir);
    const fixes = JSON.parse(r.stdout).findings.flatMap((f: { fixes: { title: string }[] }) =>
      f.fixes.map((x) => x.title),
    );
    assert.ok(!fixes.some((t: string) => t.startsWith("Replace the wildcard")), fixes.join());
    await cli(["--fix", "--unsafe-fixes"], dir);
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), WILDCARD_APP);
  });

  it("leaves files alone without --fix", async () => {
    const dir = project({ "app.py": SLASHES });
    const r = await cli([], dir);
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), SLASHES);
    assert.match(r.stdout, /\n2 fixable with `cors-lint --fix`\n$/);
  });
});
