import assert from "node:assert/strict";
import { join } from "node:path";
import { useEditor } from "./harness";
import { runExtensionTests } from "./extension-tests";
import { packageVsix } from "./package-vsix";

// Proves the harness on a throwaway extension (probe-extension/): one warning on every MARKER in a
// Python file, a quick fix that replaces it, and a command. The product suites use the same helpers
// on cors-lint.
describe("e2e harness (probe extension in code-server)", () => {
  const editor = useEditor(() => ({
    workspace: join(__dirname, "probe-workspace"),
    vsix: [packageVsix(join(__dirname, "probe-extension"))],
  }));

  it("shows the diagnostic in the Problems panel", async () => {
    const { workbench, folder } = editor();
    await workbench.openFile("app.py");
    const problems = await workbench.problems(2);
    const probe = {
      severity: "warning",
      message: "Probe found a marker",
      source: "e2e-probe",
      code: "",
      related: [],
    };
    const where = { file: "app.py", path: join(folder, "app.py") };
    assert.deepEqual(problems, [
      { ...probe, ...where, line: 1, column: 13 },
      { ...probe, ...where, line: 5, column: 13 },
    ]);
  });

  it("shows the squiggle and the diagnostic in a hover", async () => {
    const { workbench } = editor();
    await workbench.openFile("app.py");
    assert.equal(await workbench.squiggles(2), 2);
    assert.match(await workbench.hoverAt(1, 13), /Probe found a marker/);
    assert.match(await workbench.hoverSquiggle(1), /Probe found a marker/);
  });

  it("reads a contributed view and its badge; clicking an entry reveals the range", async () => {
    const { workbench } = editor();
    await workbench.openViewContainer("Probe");
    assert.deepEqual(await workbench.treeItems("Markers", 2), [
      "app.py:1 Probe found a marker",
      "app.py:5 Probe found a marker",
    ]);
    assert.equal(await workbench.activityBadge("Probe"), 2);
    await workbench.clickTreeItem("Markers", "app.py:5");
    await workbench.waitForCursor(5, 19, 6);
  });

  it("applies a quick fix from Ctrl+. and the diagnostic disappears", async () => {
    const { workbench, waitForFile } = editor();
    await workbench.openFile("app.py");
    await workbench.applyQuickFix(1, 13, "Replace marker with FIXED");
    await workbench.save();
    const text = await waitForFile("app.py", /FIXED/);
    assert.equal(text.split("\n")[0], 'origins = ["FIXED"]');
    assert.deepEqual(
      (await workbench.waitForProblemCount(1)).map((p) => p.line),
      [5],
    );
  });

  it("runs a command from the palette and sees the file change on disk", async () => {
    const { workbench, waitForFile } = editor();
    await workbench.openFile("app.py");
    await workbench.runCommand("E2E Probe: Fix Marker");
    await workbench.waitForProblemCount(0);
    assert.match(
      await waitForFile("app.py", /CMDFIX/),
      /^origins = \["FIXED"\]\n\n\ndef handler\(\):\n    return "CMDFIX"\n$/,
    );
  });

  it("answers a command's quick pick and input box", async () => {
    const { workbench, write, waitForFile } = editor();
    write("rename.py", 'a = "MARKER"\nb = "MARKER"\n');
    await workbench.openFile("rename.py");
    await workbench.runCommand("E2E Probe: Rename Marker...");
    await workbench.pick("last");
    await workbench.answerInput("RENAMED");
    assert.equal(await waitForFile("rename.py", /RENAMED/), 'a = "MARKER"\nb = "RENAMED"\n');
  });

  it("sees a file written on disk", async () => {
    const { workbench, write } = editor();
    write("later.py", 'x = "MARKER"\n');
    await workbench.openFile("later.py");
    const problems = await workbench.problems(1);
    assert.deepEqual(
      problems.filter((p) => p.file === "later.py").map((p) => [p.line, p.column]),
      [[1, 6]],
    );
  });
});

describe("e2e harness in Restricted Mode (untrusted workspace)", () => {
  const editor = useEditor(() => ({
    workspace: join(__dirname, "probe-workspace"),
    vsix: [packageVsix(join(__dirname, "probe-extension"))],
    trust: "untrusted",
  }));

  it("opens without a prompt in Restricted Mode and the extension still reports", async () => {
    const { workbench } = editor();
    await workbench.waitForRestrictedMode();
    await workbench.openFile("app.py");
    assert.equal((await workbench.problems(2)).length, 2);
  });
});

// The desktop path's extension-host suite (mocha + the `vscode` API) runs inside code-server too.
describe("extension-host tests inside code-server (probe extension)", () => {
  const probe = join(__dirname, "probe-extension");
  const run = (expect: string): ReturnType<typeof runExtensionTests> =>
    runExtensionTests({
      extensionDevelopmentPath: probe,
      extensionTestsPath: join(probe, "test/index.js"),
      workspace: join(__dirname, "probe-workspace"),
      extensionEnvironment: { PROBE_EXPECT: expect },
    });

  it("reports a passing suite with exit code 0", async () => {
    const result = await run("pass");
    assert.equal(result.exitCode, 0, result.output.join("\n"));
    assert.ok(
      result.output.some((l) => /2 passing/.test(l)),
      result.output.join("\n"),
    );
  });

  it("reports a failing suite with a non-zero exit code", async () => {
    const result = await run("fail");
    assert.notEqual(result.exitCode, 0);
    assert.ok(
      result.output.some((l) => /1 failing/.test(l)),
      result.output.join("\n"),
    );
  });
});
