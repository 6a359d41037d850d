import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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

  it("leaves files alone without --fix", async () => {
    const dir = project({ "app.py": SLASHES });
    const r = await cli([], dir);
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), SLASHES);
    assert.match(r.stdout, /\n2 fixable with `cors-lint --fix`\n$/);
  });
});
