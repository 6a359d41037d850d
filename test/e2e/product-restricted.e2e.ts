import assert from "node:assert/strict";
import { useEditor } from "./harness";
import {
  engineReport,
  panelMatchesEngine,
  PRODUCT_SETTINGS,
  productVsix,
  SAMPLES,
} from "./product";
import { STEP_TIMEOUT } from "./workbench";

describe("cors-lint in VS Code: Restricted Mode (untrusted workspace)", () => {
  const editor = useEditor(() => ({
    workspace: SAMPLES,
    vsix: [productVsix()],
    settings: PRODUCT_SETTINGS,
    trust: "untrusted",
  }));

  it("still reports every finding of the workspace", async () => {
    const { workbench, folder } = editor();
    await workbench.waitForRestrictedMode();
    await panelMatchesEngine(workbench, folder);
  });

  it("opens a rule's page from the quick-fix menu inside VS Code, offline", async () => {
    const { workbench, page, folder } = editor();
    const file = "web-flask/app.py";
    const f = engineReport(folder).findings.find(
      (x) => x.file === file && x.rule === "null-origin",
    );
    assert.ok(f, `no null-origin in ${file}`);
    await workbench.openFile(file);
    await workbench.applyQuickFix(f.line, f.column, "Show documentation for null-origin");
    await page
      .locator(".tabs-container .tab")
      .filter({ hasText: "Preview null-origin.md" })
      .waitFor({ timeout: STEP_TIMEOUT });
  });
});
