import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup } from "./helpers";
import { sarif } from "./sarif-log";

/** The multitool's launcher, resolved like a module (node_modules may sit above a copied tree). */
const MULTITOOL = require.resolve("@microsoft/sarif-multitool/bin.js");

/** Kept apart from the SARIF writer tests: the .NET validator takes seconds per run. */
describe("cli: SARIF validator", function () {
  this.timeout(60000);
  after(cleanup);

  it("passes the SARIF multitool validator with no errors or warnings", async () => {
    const { dir, file } = await sarif();
    const out = join(dir, "validation.sarif");
    const v = spawnSync(
      process.execPath,
      [MULTITOOL, "validate", file, "--level", "Error", "Warning", "--output", out],
      { encoding: "utf8" },
    );
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const results = JSON.parse(readFileSync(out, "utf8")).runs[0].results ?? [];
    const problems = results.filter(
      (x: { level?: string }) => x.level === "error" || x.level === "warning" || !x.level,
    );
    assert.deepEqual(
      problems.map((x: { ruleId: string; message: unknown }) => [x.ruleId, x.message]),
      [],
    );
  });
});
