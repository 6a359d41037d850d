// Mutation testing of the rule layer and its neighbours: `npm run test:mutation` (not part of `npm test`).
// Incremental: results are kept in reports/stryker-incremental.json, so a rerun only tests the mutants
// of changed code or of code whose tests changed. Two workers: the machine is shared.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "mocha",
  mochaOptions: {
    config: ".mocharc.json",
    // The tests that exercise the mutated files, in-process (no LSP server, no SARIF validator).
    spec: [
      "test/rules/*.test.ts",
      "test/rule-*.test.ts",
      "test/context.test.ts",
      "test/suppress.test.ts",
      "test/suppress-notices.test.ts",
      "test/apply-fixes.test.ts",
      "test/analyze.test.ts",
      "test/sarif-writer.test.ts",
      "test/fixtures.test.ts",
      "test/fix-safety.test.ts",
      "test/cli/sarif.test.ts",
    ],
  },
  mutate: [
    "server/src/core/rules/**/*.ts",
    "server/src/core/context.ts",
    "server/src/core/apply-fixes.ts",
    "server/src/core/suppress.ts",
    "server/src/cli/formats/sarif.ts",
  ],
  coverageAnalysis: "perTest",
  incremental: true,
  // Mutants run only while a module loads (message tables, regex constants) would need every test
  // rerun in a fresh process each: too slow for a shared machine. They are reported as ignored.
  ignoreStatic: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 5000,
  dryRunTimeoutMinutes: 10,
  ignorePatterns: [
    "server/out",
    "client/out",
    ".e2e-cache",
    ".oracle-venv",
    "test/e2e",
    "test/oracle/corpus",
    "reports",
    "bench",
    "media",
  ],
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
