import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, initEngine } from "../../server/src/core/analyze";
import { fixUntilStable } from "../../server/src/core/apply-fixes";
import { parseConfig } from "../../server/src/core/config";
import { restrictOriginsAt } from "../../server/src/core/restrict";
import { RULE_NAMES } from "../../server/src/core/rules";
import { wasmSources } from "../../server/src/wasm-files";
import { useEditor } from "./harness";
import type { Page } from "./playwright-types";
import {
  engineReport,
  expectedPanel,
  panelMatchesEngine,
  PRODUCT_SETTINGS,
  productVsix,
} from "./product";
import { ROOT } from "./toolchain";
import { STEP_TIMEOUT, type Workbench } from "./workbench";

/** A small two-project workspace: one restrictable configuration per framework, two safe fixes. */
const WORKSPACE = join(__dirname, "editor-workspace");
const ORIGIN = "https://app.example.com";

async function engine(): Promise<void> {
  await initEngine(wasmSources(join(ROOT, "server/out")));
}

function config(folder: string): ReturnType<typeof parseConfig>["config"] {
  const file = join(folder, ".cors-lint.json");
  return parseConfig(readFileSync(file, "utf8"), file, RULE_NAMES).config;
}

/** The engine's Restrict Origins edit at a 1-based line and column, applied to the text. */
function restricted(text: string, file: string, line: number, column: number): string {
  const offset =
    text
      .split("\n")
      .slice(0, line - 1)
      .join("\n").length + (line > 1 ? 1 : 0);
  const r = restrictOriginsAt(text, analyze(text, file).policies, offset + column - 1, [ORIGIN]);
  assert.ok(r.ok, `the engine cannot restrict ${file}: ${r.ok ? "" : r.reason}`);
  let out = text;
  for (const e of [...r.edits].reverse())
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The CORS activity item's accessible name: its title and the badge's tooltip. */
async function activityLabel(page: Page): Promise<string> {
  const item = page.locator('.activitybar a[aria-label^="CORS"]').first();
  return (await item.getAttribute("aria-label")) ?? "";
}

/** The language status hover's text (the `{}` item of the status bar), with a file open. */
async function languageStatus(page: Page): Promise<string> {
  const entry = page.locator('.statusbar-item[id="status.languageStatus"]');
  await entry.waitFor({ timeout: STEP_TIMEOUT });
  await entry.hover();
  const hover = page.locator(".hover-language-status").first();
  await hover.waitFor({ timeout: STEP_TIMEOUT });
  const text = await page.locator(".monaco-hover-content:visible").first().innerText();
  await page.mouse.move(800, 500);
  await page.keyboard.press("Escape");
  return text;
}

/** The group headers of the CORS Problems view as [label, count]. */
async function groupCounts(workbench: Workbench, groups: number): Promise<[string, number][]> {
  await workbench.collapseAll("Problems");
  const rows = await workbench.treeItems("Problems", groups);
  return rows.map((r) => {
    const m = /^(.*) (\d+)$/.exec(r);
    assert.ok(m, `a group row without a count: ${r}`);
    return [m[1], Number(m[2])];
  });
}

/** Waits until the badge, its tooltip, the status item and the view's groups all say `n`. */
async function countsAgree(
  workbench: Workbench,
  page: Page,
  n: number,
  groups: number,
): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT;
  for (;;) {
    const badge = await workbench.activityBadge("CORS");
    const label = await activityLabel(page);
    const sum = (await groupCounts(workbench, groups)).reduce((s, [, c]) => s + c, 0);
    const ok = badge === n && label.includes(`${n} CORS problem`) && sum === n;
    if (ok) break;
    if (Date.now() > deadline)
      assert.fail(`badge ${badge}, activity "${label}", view ${sum}; expected ${n}`);
  }
  assert.match(await languageStatus(page), new RegExp(`\\b${n} CORS problems?\\b`));
}

describe("cors-lint in VS Code: the CORS view, counts, Restrict Origins, fix-all, output", () => {
  const editor = useEditor(() => ({
    workspace: WORKSPACE,
    vsix: [productVsix()],
    settings: PRODUCT_SETTINGS,
  }));
  before(engine);

  it("counts the same problems in the badge, its tooltip, the status item, the view and the Problems panel", async () => {
    const { workbench, folder, page } = editor();
    const report = engineReport(folder);
    const panel = await panelMatchesEngine(workbench, folder);
    assert.ok(
      report.findings.some((f) => f.severity === "hint"),
      "the workspace has a hint",
    );
    // Hints are not problems: the panel does not list them, and no count includes them.
    const n = panel.length;
    assert.equal(n, expectedPanel(report).length);
    await workbench.openFile("shop/api/main.py");
    await workbench.openViewContainer("CORS");
    const severities = new Set(panel.map((p) => p.severity)).size;
    await countsAgree(workbench, page, n, severities);
    // Rows: the rule's title first, file:line in the description; the tooltip names everything.
    await workbench.clickTreeItem("Problems", "Warnings");
    const rows = await workbench.treeItems("Problems", severities + 1);
    const wildcard = rows.find((r) => r.includes("Wildcard origin at shop/api/main.py:5"));
    assert.ok(wildcard, rows.join("\n"));
    const row = workbench.view("Problems").locator(".monaco-list-row").filter({
      hasText: "shop/api/main.py:5",
    });
    assert.equal((await row.locator(".label-name").innerText()).trim(), "Wildcard origin");
  });

  it("marks the current grouping in Group Problems By... and groups by file with counts once", async () => {
    const { workbench, page, folder } = editor();
    await workbench.openViewContainer("CORS");
    await workbench.runCommand("CORS Lint: Group Problems By...");
    const rows = page.locator(".quick-input-widget .quick-input-list .monaco-list-row");
    await rows.first().waitFor({ timeout: STEP_TIMEOUT });
    const labels = await rows.evaluateAll((els) =>
      els.map((e) =>
        (e as unknown as { getAttribute(n: string): string }).getAttribute("aria-label"),
      ),
    );
    assert.equal(labels.filter((l) => /current/.test(l ?? "")).length, 1, labels.join(" | "));
    assert.match(labels.find((l) => /current/.test(l ?? "")) ?? "", /Severity/);
    await workbench.pick("File");
    const panel = expectedPanel(engineReport(folder));
    const files = new Set(panel.map((p) => p.where.replace(/:\d+:\d+$/, "")));
    const groups = await groupCounts(workbench, files.size);
    assert.deepEqual(
      groups.map(([label]) => label).sort(),
      [...files].sort(),
      "one group per file, labelled by its path",
    );
    assert.equal(
      groups.reduce((s, [, c]) => s + c, 0),
      panel.length,
    );
    await workbench.runCommand("CORS Lint: Group Problems By...");
    await workbench.pick("Severity");
  });

  it("fixes every file with Fix All; before saving, every count agrees with no duplicate", async () => {
    const { workbench, folder, page, read, waitForFile } = editor();
    const cfg = config(folder);
    const report = engineReport(folder);
    // Every file with a safe fix (the hint's "Add Vary: Origin" included): fix-all edits them all.
    const files = [
      ...new Set(
        report.findings
          .filter((f) => f.fixes.some((x) => x.applicability === "safe"))
          .map((f) => f.file),
      ),
    ];
    assert.ok(files.length >= 3, files.join(", "));
    const fixed = files.map((f) =>
      fixUntilStable(read(f), join(folder, f), { config: cfg, relativePath: f }, false),
    );
    const before = expectedPanel(report);
    const removed = before.filter((p) => files.some((f) => p.where.startsWith(`${f}:`))).length;
    const left = fixed.reduce(
      (n, r) => n + r.analysis.findings.filter((x) => x.severity !== "hint").length,
      0,
    );
    const expected = before.length - removed + left;
    await workbench.runCommand("CORS Lint: Fix All Safe Problems");
    // Unsaved: the panel, the badge and the view count the open buffers' findings once.
    await workbench.waitForProblemCount(expected);
    await countsAgree(workbench, page, expected, new Set(before.map((p) => p.severity)).size);
    await workbench.runCommand("File: Save All Files");
    for (let i = 0; i < files.length; i++) {
      assert.equal(await waitForFile(files[i], new RegExp(escape(fixed[i].text))), fixed[i].text);
    }
    assert.equal((await panelMatchesEngine(workbench, folder)).length, expected);
  });

  const RESTRICT: [string, string, string][] = [
    ["FastAPI", "shop/api/main.py", "wildcard-origin"],
    ["django settings", "shop/settings.py", "wildcard-origin"],
    ["flask-cors resources", "shop/web.py", "wildcard-origin"],
    ["a hand-written header", "shop/views.py", "reflected-origin"],
    ["Express", "web/src/server.ts", "reflected-origin"],
  ];
  for (const [name, file, rule] of RESTRICT) {
    it(`restricts ${name} from the quick-fix menu with the engine's edit`, async () => {
      const { workbench, folder, read, waitForFile } = editor();
      const f = engineReport(folder).findings.find((x) => x.file === file && x.rule === rule);
      assert.ok(f, `no ${rule} in ${file}`);
      const expected = restricted(read(file), file, f.line, f.column);
      await workbench.openFile(file);
      await workbench.applyQuickFix(f.line, f.column, "Restrict Origins...");
      await workbench.answerInput(ORIGIN, "Restrict Origins");
      await workbench.save();
      assert.equal(await waitForFile(file, /app\.example\.com/), expected);
      const left = await panelMatchesEngine(workbench, folder);
      assert.ok(!left.some((p) => p.where.startsWith(`${file}:`) && p.code === rule));
    });
  }

  it("logs the version, the server start and each scan in the CORS Lint output channel", async () => {
    const { workbench, page } = editor();
    await workbench.runCommand("CORS Lint: Scan Workspace");
    await workbench.runCommand("CORS Lint: Show Output");
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    // Activation, server start, the first scan and the rescan (the editor renders spaces as nbsp).
    const line = (text: string): RegExp => new RegExp(escape(text).replace(/ /g, "\\s"));
    const lines = page
      .locator(".panel .monaco-editor .view-lines")
      .filter({ hasText: line(`CORS Lint ${version} activating`) })
      .filter({ hasText: line(`cors-lint ${version} language server started`) })
      .filter({
        hasText:
          /scanned\s\d+\sfiles?\sin\s\d+\sms:\s\d+\sproblems?\sin\s\d+\sfiles?[\s\S]*scanned\s\d+\sfiles?\sin/,
      });
    await lines.first().waitFor({ timeout: STEP_TIMEOUT });
  });

  it("inserts an invented origin only as a snippet with it selected, for the user to type over", async () => {
    const { workbench, page, write, waitForFile } = editor();
    // A project without productionOrigins: the fix can only propose a placeholder origin.
    const text =
      'from fastapi.middleware.cors import CORSMiddleware\n\napp.add_middleware(CORSMiddleware, allow_origins=["*"])\n';
    write("prototype/.cors-lint.json", "{}\n");
    write("prototype/app.py", text);
    await workbench.openFile("prototype/app.py");
    await workbench.applyQuickFix(3, 51, "Replace the wildcard with an explicit origin list");
    // The fix runs a command that inserts the snippet: type only once its placeholder is in the editor.
    await page
      .locator(".part.editor .monaco-editor .view-lines")
      .filter({ hasText: "https://app.example" })
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
    await page.keyboard.type("https://typed.example.com");
    await workbench.save();
    assert.equal(
      await waitForFile("prototype/app.py", /typed/),
      text.replace('"*"', '"https://typed.example.com"'),
    );
  });

  it("titles the settings by their own names under CORS Lint in the settings tree", async () => {
    const { workbench, page } = editor();
    await workbench.runCommand("Preferences: Open Settings (UI)");
    const toc = page.locator(".settings-editor .settings-toc-container .monaco-list-row");
    await toc
      .filter({ hasText: /^Extensions/ })
      .first()
      .click();
    await toc.filter({ hasText: "CORS Lint" }).first().click();
    const titles = page.locator(".settings-editor .settings-tree-container .setting-item-title");
    const origins = titles.filter({ hasText: /Production Origins/ }).first();
    await origins.waitFor({ timeout: STEP_TIMEOUT });
    // VS Code drops the category its group's id ("corsLint") repeats; search results keep it.
    assert.equal((await origins.innerText()).replace(/\s+/g, " ").trim(), "Production Origins");
    await page.keyboard.press("Escape");
  });

  // Last: the preview's webview takes the keyboard focus.
  it("opens a rule's bundled page in the markdown preview", async () => {
    const { workbench, page } = editor();
    await workbench.runCommand("CORS Lint: Open Rule Documentation");
    await page.locator(".quick-input-widget .quick-input-box input").fill("wildcard-origin");
    await workbench.pick("wildcard-origin");
    await page
      .locator(".tabs-container .tab")
      .filter({ hasText: "Preview wildcard-origin.md" })
      .waitFor({ timeout: STEP_TIMEOUT });
  });
});
