import assert from "node:assert/strict";
import { buildSarif, formatSarif } from "../server/src/cli/formats/sarif";
import { fingerprint } from "../server/src/core/analyze";
import { RULES } from "../server/src/core/rules";
import { sampleResult } from "./cli/sample-result";
import { run } from "./helpers/analyze";

/* eslint-disable @typescript-eslint/no-explicit-any -- the SARIF log is read as JSON */

describe("SARIF writer (in process)", () => {
  const cwd = "/work/project";
  const log = buildSarif(sampleResult(cwd)) as any;
  const runLog = log.runs[0];

  it("results: levels, sentences, contexts, fingerprints numbered per repeated fingerprint", () => {
    assert.deepEqual(
      runLog.results.map((r: any) => [
        r.ruleId,
        r.level,
        r.message.text,
        r.partialFingerprints["corsLintFingerprint/v1"],
        r.properties.context,
      ]),
      [
        [
          "wildcard-origin",
          "warning",
          sampleResult(cwd).files[0].findings[0].message,
          "fp-wildcard-origin:0",
          "production",
        ],
        [
          "wildcard-origin",
          "note",
          sampleResult(cwd).files[0].findings[1].message,
          "fp-wildcard-origin:1",
          "development",
        ],
        [
          "unmatchable-origin",
          "warning",
          sampleResult(cwd).files[0].findings[2].message,
          "fp-unmatchable-origin:0",
          "production",
        ],
      ],
    );
    const [first] = runLog.results;
    assert.deepEqual(first.locations[0].physicalLocation.region.snippet, { text: '"*"' });
    assert.equal(first.locations[0].physicalLocation.contextRegion.startLine, 5);
    assert.equal(first.locations[0].physicalLocation.contextRegion.endLine, 5);
    assert.equal(
      first.locations[0].physicalLocation.contextRegion.snippet.text,
      'app.add_middleware(CORSMiddleware, allow_origins=["*"])',
    );
    assert.equal(runLog.results[2].fixes[0].description.text, "Remove the trailing slash.");
    assert.equal(
      runLog.results[0].ruleIndex,
      RULES.findIndex((r) => r.meta.name === "wildcard-origin"),
    );
  });

  it("notices become notifications; an internal error marks the run unsuccessful", () => {
    const inv = runLog.invocations[0];
    assert.equal(inv.executionSuccessful, true);
    assert.deepEqual(
      inv.toolExecutionNotifications.map((n: any) => [
        n.level,
        n.descriptor.id,
        n.message.text,
        !!n.locations[0].physicalLocation.region,
      ]),
      [
        [
          "warning",
          "unused-suppression",
          "Unused suppression: no null-origin finding on the next line.",
          true,
        ],
        [
          "warning",
          "syntax-error",
          "The file has syntax errors; findings may be incomplete.",
          false,
        ],
      ],
    );
    const broken = sampleResult(cwd);
    broken.files[0].notices.push({ kind: "internal", message: "internal error in rule x: boom" });
    broken.notes.push({ path: `${cwd}/big.py`, message: "skipped: larger than 1 MB" } as never);
    const b = buildSarif(broken) as any;
    const notes = b.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(b.runs[0].invocations[0].executionSuccessful, false);
    assert.deepEqual(notes[2].level, "error");
    assert.deepEqual(notes[3], {
      level: "warning",
      message: { text: "big.py: skipped: larger than 1 MB." },
      descriptor: { id: "skipped-file" },
    });
  });

  it("rule descriptors: names, help, CWE tags, levels and security severity", () => {
    const rules = runLog.tool.driver.rules;
    assert.deepEqual(
      rules.map((r: any) => r.id),
      RULES.map((r) => r.meta.name),
    );
    const byId = (id: string) => rules.find((r: any) => r.id === id);
    const wc = byId("wildcard-credentials");
    assert.equal(wc.name, "WildcardCredentials");
    assert.equal(
      wc.fullDescription.text,
      "Reports CORS configurations that allow every origin together with credentials (cookies) (CWE-942, CWE-346).",
    );
    assert.match(wc.help.markdown, /^\*\*wildcard-credentials\*\*: Reports CORS/);
    assert.match(
      wc.help.markdown,
      /\n\nReferences:\n- <https:\/\/portswigger\.net\/web-security\/cors>/,
    );
    assert.match(wc.help.text, /\(CWE-942, CWE-346\)\. See https:\/\//);
    assert.deepEqual(wc.properties.tags, [
      "security",
      "cors",
      "external/cwe/cwe-942",
      "external/cwe/cwe-346",
    ]);
    assert.deepEqual(
      [wc.defaultConfiguration.level, wc.properties["problem.severity"], wc.properties.precision],
      ["error", "error", "high"],
    );
    const wo = byId("wildcard-origin");
    assert.deepEqual(
      [wo.defaultConfiguration.level, wo.properties["problem.severity"]],
      ["warning", "warning"],
    );
    assert.equal(log.version, "2.1.0");
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    assert.deepEqual(runLog.originalUriBaseIds, { "%SRCROOT%": { uri: "file:///work/project/" } });
    assert.ok(formatSarif(sampleResult(cwd)).endsWith("}\n"));
  });

  it("engine fingerprints: FNV-1a of rule, framework, message id and normalised snippet", () => {
    assert.equal(fingerprint(""), "811c9dc501000193");
    assert.equal(fingerprint("a"), "e40c292c335863da"); // FNV-1a 32 of "a" is e40c292c
    const code = (pre: string) =>
      `from fastapi.middleware.cors import CORSMiddleware\n${pre}app.add_middleware(CORSMiddleware, allow_origins=["*"])\n`;
    const [a] = run(code(""), "app.py").findings;
    const [b] = run(code("\n\n# moved\n"), "app.py").findings;
    assert.equal(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, fingerprint('wildcard-origin|starlette|star|"*"'));
    const [c] = run(code("").replace('"*"', "'*'"), "app.py").findings;
    assert.notEqual(c.fingerprint, a.fingerprint);
  });
});
