import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { RULES } from "../../server/src/core/rules";
import { docsUrl } from "../../server/src/core/rules/docs-url";
import { version } from "../../package.json";
import { cleanup, cli, project } from "./helpers";
import { sarif } from "./sarif-log";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: Record<string, unknown>;
    };
  }[];
  partialFingerprints: Record<string, string>;
  fixes?: { artifactChanges: { replacements: unknown[] }[] }[];
  suppressions?: unknown[];
}

describe("cli: SARIF", function () {
  this.timeout(60000);
  after(cleanup);

  it("describes every registered rule for GitHub code scanning", async () => {
    const { log } = await sarif();
    const driver = log.runs[0].tool.driver;
    assert.equal(log.version, "2.1.0");
    assert.deepEqual([driver.name, driver.version], ["cors-lint", version]);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.meta.name),
    );
    const wildcard = driver.rules.find((r: { id: string }) => r.id === "wildcard-origin");
    assert.equal(wildcard.helpUri, docsUrl("wildcard-origin"));
    assert.equal(wildcard.defaultConfiguration.level, "warning");
    assert.ok(wildcard.properties.tags.includes("security"));
    assert.ok(wildcard.properties.tags.includes("external/cwe/cwe-942"));
    assert.match(wildcard.properties["security-severity"], /^\d+\.\d$/);
    assert.ok(
      wildcard.help.text &&
        wildcard.help.markdown &&
        wildcard.fullDescription.text &&
        wildcard.shortDescription.text,
    );
  });

  it("results carry repository-relative locations, stable fingerprints, safe fixes and suppressions", async () => {
    const { dir, log } = await sarif();
    const run = log.runs[0];
    assert.deepEqual(run.originalUriBaseIds, {
      "%SRCROOT%": { uri: pathToFileURL(dir).href + "/" },
    });
    const results: SarifResult[] = run.results;
    assert.deepEqual(
      results.map((r) => [
        r.ruleId,
        r.locations[0].physicalLocation.region.startLine,
        r.level,
        !!r.suppressions,
        !!r.fixes,
      ]),
      [
        ["wildcard-origin", 4, "warning", false, false],
        ["wildcard-origin", 5, "warning", false, false],
        ["unmatchable-origin", 8, "warning", false, true],
        ["wildcard-origin", 7, "warning", true, false],
      ],
    );
    for (const r of results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.deepEqual(r.locations[0].physicalLocation.artifactLocation, {
        uri: "api/app.py",
        uriBaseId: "%SRCROOT%",
      });
    }
    const fps = results.map((r) => r.partialFingerprints["corsLintFingerprint/v1"]);
    assert.equal(new Set(fps).size, fps.length);
    assert.equal(fps[0].replace(/:0$/, ":1"), fps[1]);
    assert.deepEqual(results[3].suppressions, [
      { kind: "inSource", status: "accepted", justification: "public read-only API" },
    ]);
    assert.deepEqual(results[2].fixes![0].artifactChanges[0].replacements, [
      {
        deletedRegion: { startLine: 8, startColumn: 51, endLine: 8, endColumn: 75 },
        insertedContent: { text: '"https://a.example.com"' },
      },
    ]);
    // Fingerprints do not move when unrelated lines are added above.
    const again = await sarif("# a comment\n\n");
    assert.deepEqual(
      again.log.runs[0].results.map((r: SarifResult) => r.partialFingerprints),
      results.map((r) => r.partialFingerprints),
    );
  });

  it("a result whose message has its own severity carries its own security-severity", async () => {
    const dir = project({
      "server.ts":
        "import cors from 'cors';\napp.use(cors({ origin: '*', credentials: true }));\napp.use(cors({ origin: true, credentials: true }));\n",
    });
    const r = await cli(["--format", "sarif"], dir);
    const log = JSON.parse(r.stdout);
    const results: { ruleId: string; level: string; properties: Record<string, unknown> }[] =
      log.runs[0].results;
    assert.deepEqual(
      results.map((x) => [x.ruleId, x.level, x.properties["security-severity"]]),
      [
        ["wildcard-credentials", "warning", "3.1"],
        ["reflected-origin", "error", undefined],
      ],
    );
    const rule = log.runs[0].tool.driver.rules.find(
      (x: { id: string }) => x.id === "wildcard-credentials",
    );
    assert.equal(rule.properties["security-severity"], "8.1");
  });
});
