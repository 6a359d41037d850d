import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useEditor } from "./harness";
import {
  engineReport,
  expectedPanel,
  enginePolicyCount,
  panelMatchesEngine,
  PRODUCT_SETTINGS,
  productVsix,
  readmeShot,
  SAMPLES,
  type EngineReport,
} from "./product";
import type { Page } from "./playwright-types";
import type { Squiggle } from "./workbench";

/** The DOM as page-side functions see it (the project's tsconfig has no DOM lib, on purpose). */
interface DomBox {
  getBoundingClientRect(): { bottom: number };
}
declare const document: {
  querySelector(selector: string): DomBox | null;
  querySelectorAll(selector: string): ArrayLike<DomBox>;
};

/** The squiggles the engine's findings in one file call for: severity, line, underlined text. */
function expectedSquiggles(report: EngineReport, folder: string, file: string): Squiggle[] {
  const lines = readFileSync(join(folder, file), "utf8").split("\n");
  return report.findings
    .filter((f) => f.file === file && f.severity !== "hint")
    .map((f) => ({
      severity: f.severity as Squiggle["severity"],
      line: f.line,
      text: lines[f.line - 1].slice(
        f.column - 1,
        f.endLine === f.line ? f.endColumn - 1 : undefined,
      ),
    }))
    .sort(bySquiggle);
}

/** Scrolls the open hover with the mouse wheel until the witness table's last row shows. */
async function scrollHoverToEnd(page: Page): Promise<void> {
  await page.locator(".monaco-hover:visible").first().hover();
  for (let turn = 0; turn < 30; turn++) {
    const atEnd = await page.evaluate(() => {
      const hover = document.querySelector(".monaco-hover .monaco-scrollable-element");
      const rows = document.querySelectorAll(".monaco-hover table tr");
      const row = rows[rows.length - 1];
      if (!hover || !row) return false;
      return row.getBoundingClientRect().bottom <= hover.getBoundingClientRect().bottom + 1;
    }, undefined);
    if (atEnd) return;
    await page.mouse.wheel(0, 100);
  }
  throw new Error("the hover did not scroll to its witness table's last row");
}

/** Drags the side bar's edge to the right, so the views' labels are not cut (for screenshots). */
async function widenSideBar(page: Page): Promise<void> {
  const box = await page.locator(".sidebar").boundingBox();
  assert.ok(box);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 420, y, { steps: 5 });
  await page.mouse.up();
}

function bySquiggle(a: Squiggle, b: Squiggle): number {
  return a.line - b.line || a.severity.localeCompare(b.severity) || a.text.localeCompare(b.text);
}

// The real packaged extension on a copy of samples/; these tests only read, so they share it.
describe("cors-lint in VS Code: the samples workspace", () => {
  const editor = useEditor(() => ({
    workspace: SAMPLES,
    vsix: [productVsix()],
    settings: PRODUCT_SETTINGS,
  }));

  it("lists the engine's findings of every file in the Problems panel without opening one", async () => {
    const { workbench, folder } = editor();
    const listed = await panelMatchesEngine(workbench, folder);
    // The samples cover every kind of file: the list is long and spans the frameworks.
    assert.ok(listed.length >= 15, `only ${listed.length} problems`);
    assert.ok(
      listed.some((p) => p.where.startsWith("api-fastapi/") && p.code === "wildcard-credentials"),
    );
    assert.ok(
      listed.some(
        (p) => p.where.startsWith("express-api/") && p.code === "permissive-origin-regex",
      ),
    );
  });

  it("underlines the flagged text in a FastAPI file and hovers the policy with its witnesses", async () => {
    const { workbench, folder, page } = editor();
    const file = "api-fastapi/app/main.py";
    const expected = expectedSquiggles(engineReport(folder), folder, file);
    await workbench.openFile(file);
    assert.deepEqual((await workbench.squiggleTexts(expected.length)).sort(bySquiggle), expected);
    const hover = await workbench.hoverAt(12, 20, /CORS policy/);
    assert.match(hover, /CORS policy/);
    assert.match(hover, /Starlette\/FastAPI CORSMiddleware/);
    assert.match(hover, /attacker origins tried get through/);
    assert.match(hover, /Attacker origin\s+Reads\s+With cookies/);
    assert.match(hover, /https:\/\/evil\.example\s+yes\s+yes/);
    if (process.env.CORS_LINT_SCREENSHOTS) {
      await scrollHoverToEnd(page);
      await readmeShot(
        page,
        "hover-witnesses",
        [page.locator(".monaco-hover:visible")],
        workbench.activeEditor(),
      );
    }
  });

  it("underlines the flagged text in an Express file and hovers the regex's witness", async () => {
    const { workbench, folder, page } = editor();
    const file = "express-api/src/server.ts";
    const expected = expectedSquiggles(engineReport(folder), folder, file);
    await workbench.openFile(file);
    assert.deepEqual((await workbench.squiggleTexts(expected.length)).sort(bySquiggle), expected);
    const hover = await workbench.hoverAt(16, 20, /CORS policy/);
    assert.match(hover, /also accepts https:\/\/evilacme-partner\.com/);
    assert.match(hover, /CORS policy/);
    assert.match(hover, /Express cors/);
    await readmeShot(
      page,
      "squiggle-hover",
      [
        page.locator(".monaco-hover:visible"),
        workbench.activeEditor().locator(".view-overlays .squiggly-warning"),
      ],
      workbench.activeEditor(),
    );
  });

  it("shows the Problems and Policies views with the engine's counts; a click reveals the range", async () => {
    const { workbench, folder, page } = editor();
    const report = engineReport(folder);
    const policies = await enginePolicyCount(folder);
    await workbench.openViewContainer("CORS");
    // Hints are not problems: the badge counts what the Problems panel lists.
    assert.equal(await workbench.activityBadge("CORS"), expectedPanel(report).length);
    await workbench.collapseAll("Problems");
    const groups = [
      ["error", "Errors"],
      ["warning", "Warnings"],
      ["info", "Information"],
    ]
      .map(([s, label]) => [label, report.findings.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([label, n]) => `${label} ${n}`);
    assert.deepEqual(await workbench.treeItems("Problems", groups.length), groups);
    const rows = await workbench.treeItems("Policies", policies);
    assert.equal(rows.length, policies, rows.join("\n"));
    if (process.env.CORS_LINT_SCREENSHOTS) {
      await widenSideBar(page);
      // Open the errors, so the shot shows the rows: the rule's title, then file:line.
      await workbench.clickTreeItem("Problems", "Errors");
    }
    await readmeShot(page, "cors-view", [page.locator(".sidebar"), page.locator(".activitybar")]);

    const regex = report.findings.find(
      (f) => f.file === "express-api/src/server.ts" && f.rule === "permissive-origin-regex",
    );
    assert.ok(regex);
    await workbench.clickTreeItem("Problems", "Warnings");
    await workbench.clickTreeItem("Problems", `express-api/src/server.ts:${regex.line}`);
    await page.locator('.tabs-container .tab.active[data-resource-name="server.ts"]').waitFor();
    await workbench.waitForCursor(regex.line, regex.endColumn, regex.endColumn - regex.column);
  });
});
