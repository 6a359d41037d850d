import assert from "node:assert/strict";
import { useEditor } from "./harness";
import {
  engineReport,
  panelMatchesEngine,
  PRODUCT_SETTINGS,
  productVsix,
  readmeShot,
  SAMPLES,
  type EngineFinding,
} from "./product";

/** The text after a fix's edits (the CLI's JSON gives their raw UTF-16 offsets). */
function applyFix(text: string, fix: EngineFinding["fixes"][number]): string {
  const edits = [...fix.edits].sort((a, b) => b.range[0] - a.range[0]);
  return edits.reduce((t, e) => t.slice(0, e.range[0]) + e.newText + t.slice(e.range[1]), text);
}

/** The engine's finding of a rule in a file (the first one). */
function finding(folder: string, file: string, rule: string): EngineFinding {
  const f = engineReport(folder).findings.find((x) => x.file === file && x.rule === rule);
  assert.ok(f, `the engine reports no ${rule} in ${file}`);
  return f;
}

// Each test edits a different file of its own copy of samples/ and then checks the whole Problems
// panel against the engine run on the files as saved.
describe("cors-lint in VS Code: fixing the samples", () => {
  const editor = useEditor(() => ({
    workspace: SAMPLES,
    vsix: [productVsix()],
    settings: PRODUCT_SETTINGS,
  }));

  it("anchors and escapes an origin regex from the lightbulb (Ctrl+.)", async () => {
    const { workbench, folder, read, waitForFile, page } = editor();
    const file = "express-api/src/server.ts";
    const f = finding(folder, file, "permissive-origin-regex");
    const fix = f.fixes[0];
    const expected = applyFix(read(file), fix);
    await workbench.openFile(file);
    const titles = await workbench.quickFixTitles(f.line, f.column);
    assert.ok(titles.includes(fix.title), JSON.stringify(titles));
    await readmeShot(
      page,
      "quick-fix",
      [
        page.locator(".action-widget:not(.action-list-submenu-panel)"),
        workbench.activeEditor().locator(".view-overlays .squiggly-warning"),
      ],
      workbench.activeEditor(),
    );
    await workbench.applyQuickFix(f.line, f.column, fix.title);
    await workbench.save();
    assert.equal(await waitForFile(file, /\^https:/), expected);
    const left = await panelMatchesEngine(workbench, folder);
    assert.ok(!left.some((p) => p.where.startsWith(`${file}:`) && p.code === f.rule));
  });

  it("restricts a wildcard to an origin typed into Restrict Origins...", async () => {
    const { workbench, folder, read, waitForFile } = editor();
    const file = "nest-api/src/main.ts";
    const f = finding(folder, file, "wildcard-credentials");
    const original = read(file);
    const wildcard = original.split("\n")[f.line - 1].slice(f.column - 1, f.endColumn - 1);
    assert.equal(wildcard, "'*'");
    await workbench.openFile(file);
    await workbench.goTo(f.line, f.column);
    await workbench.runCommand("CORS Lint: Restrict Origins...");
    await workbench.answerInput("https://app.example.com", "Restrict Origins");
    await workbench.save();
    const text = await waitForFile(file, /app\.example\.com/);
    assert.equal(text, original.replace("|| '*'", "|| 'https://app.example.com'"));
    const left = await panelMatchesEngine(workbench, folder);
    assert.ok(!left.some((p) => p.where.startsWith(`${file}:`) && p.code === f.rule));
  });

  it("writes a suppression comment with Disable <rule> for this line, and the analysis honours it", async () => {
    const { workbench, folder, read, waitForFile } = editor();
    const file = "web-flask/app.py";
    const f = finding(folder, file, "null-origin");
    const lines = read(file).split("\n");
    lines.splice(f.line - 1, 0, `# cors-lint-disable-next-line ${f.rule}`);
    await workbench.openFile(file);
    await workbench.applyQuickFix(f.line, f.column, `Disable ${f.rule} for this line`);
    await workbench.save();
    assert.equal(await waitForFile(file, /cors-lint-disable/), lines.join("\n"));
    const left = await panelMatchesEngine(workbench, folder);
    assert.ok(!left.some((p) => p.where.startsWith(`${file}:`) && p.code === f.rule));
    assert.ok(
      left.some((p) => p.where.startsWith(`${file}:`)),
      "the file's other findings stay",
    );
  });

  it("drops a rule's diagnostics when .cors-lint.json turns it off, without a restart", async () => {
    const { workbench, folder, read, write } = editor();
    const rule = "wildcard-credentials";
    const before = await panelMatchesEngine(workbench, folder);
    assert.ok(before.some((p) => p.code === rule));
    const config = JSON.parse(read(".cors-lint.json")) as Record<string, unknown>;
    write(".cors-lint.json", JSON.stringify({ ...config, rules: { [rule]: "off" } }, null, 2));
    const after = await panelMatchesEngine(workbench, folder);
    assert.ok(!after.some((p) => p.code === rule));
    assert.equal(after.length, before.filter((p) => p.code !== rule).length);
  });
});
