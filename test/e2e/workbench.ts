import type { Locator, Page } from "./playwright-types";
import { type Problem, readProblems, showProblems, waitForCount } from "./problems-panel";
import { readSquiggles, type Squiggle } from "./squiggles";

export type { Problem } from "./problems-panel";
export type { Squiggle } from "./squiggles";

/** A DOM element as page-side functions see it (the project's tsconfig has no DOM lib). */
interface DomNode {
  getAttribute(name: string): string | null;
}
declare const document: { querySelectorAll(selector: string): ArrayLike<DomNode> };

/**
 * How long one UI step may take before the wait fails (the whole test has its own mocha timeout).
 */
export const STEP_TIMEOUT = 30_000;

const QUICK_INPUT = ".quick-input-widget";
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const HOVER = ".monaco-hover-content:visible";
const ACTIVE_EDITOR = ".editor-group-container.active .monaco-editor[data-uri]";
const ACTION_WIDGET_ROWS = ".action-widget .monaco-list-row.action";

/**
 * Drives the VS Code workbench in a browser page the way a user does: keyboard shortcuts, Quick
 * Open, the command palette, the Problems panel, hovers and the lightbulb. Every step waits for
 * what it needs to see.
 */
export class Workbench {
  /** `folder` is the workspace folder the page has open (absolute). */
  constructor(
    readonly page: Page,
    readonly folder: string,
  ) {}

  /** Waits until the workbench is laid out and the Explorer lists the folder's files. */
  async ready(): Promise<void> {
    await this.page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
    await this.page
      .locator(".explorer-folders-view .monaco-list-row")
      .first()
      .waitFor({ timeout: 90_000 });
  }

  /** Opens a workspace file by its workspace-relative path through Quick Open (Ctrl+P). */
  async openFile(relPath: string): Promise<void> {
    const name = relPath.split("/").pop() ?? relPath;
    // An absolute path is looked up directly; a relative one goes through the file search, whose
    // cache may not list a file created a moment ago.
    await this.quickInput("Control+P", `${this.folder}/${relPath}`);
    // Enter opens the focused row: wait until the list has caught up with the typed path, so it is
    // not a recently opened file that still heads the list.
    // The row's aria-label is the name, then the folder (`main.py app/api, file results`).
    const focused = `${QUICK_INPUT_ROWS}.focused`;
    const dir = relPath.slice(0, -name.length).replace(/\/$/, "");
    const labels = dir ? [`${name} ${dir},`, `${name} ${dir}`] : [`${name},`, name];
    await this.page
      .locator(
        `${focused}[aria-label^=${JSON.stringify(labels[0])}], ${focused}[aria-label=${JSON.stringify(labels[1])}]`,
      )
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
    await this.page.keyboard.press("Enter");
    await this.page
      .locator(`.tabs-container .tab.active[data-resource-name="${name}"]`)
      .waitFor({ timeout: STEP_TIMEOUT });
    await this.activeEditor().waitFor({ timeout: STEP_TIMEOUT });
  }

  /** The focused code editor. */
  activeEditor(): Locator {
    return this.page.locator(ACTIVE_EDITOR).first();
  }

  /**
   * Runs a command by its palette title (e.g. `View: Toggle Word Wrap`), exactly as typed in
   * Ctrl+Shift+P.
   */
  async runCommand(title: string): Promise<void> {
    await this.quickInput("Control+Shift+P", `>${title}`);
    await this.clickRow(title);
  }

  /**
   * Answers an input box (e.g. a command's `showInputBox`): waits for it (by its `title` if given;
   * an input box has no list, which tells it from a quick pick still closing), types, presses
   * Enter, waits until it closed.
   */
  async answerInput(text: string, title?: string): Promise<void> {
    // The palette that ran the command may still be closing when the command's input box opens
    // in the same widget: its title tells them apart.
    if (title) {
      await this.page
        .locator(`${QUICK_INPUT} .quick-input-title`)
        .filter({ hasText: title })
        .waitFor({ timeout: STEP_TIMEOUT });
    }
    await this.page
      .locator(`${QUICK_INPUT}:not(.quick-input-widget-closing) .quick-input-list`)
      .waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
    await box.fill(text);
    await box.press("Enter");
    await box.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
  }

  /** Picks the entry of an open quick pick whose label is exactly `label`. */
  async pick(label: string): Promise<void> {
    await this.clickRow(label);
  }

  /** Clicks a quick-input row by its label and waits until that row is gone (the pick was taken). */
  private async clickRow(label: string): Promise<void> {
    // A row's aria-label is its label, followed by `, <description or keybinding>` when it has one.
    const exact = `${QUICK_INPUT_ROWS}[aria-label=${JSON.stringify(label)}]`;
    const withMore = `${QUICK_INPUT_ROWS}[aria-label^=${JSON.stringify(`${label}, `)}]`;
    const row = this.page.locator(`${exact}, ${withMore}`).first();
    await row.waitFor({ timeout: STEP_TIMEOUT });
    await row.click();
    // Not "the widget is hidden": a command may open its own quick pick or input box right away.
    await row.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
  }

  private async quickInput(shortcut: string, text: string): Promise<void> {
    await this.page.keyboard.press("Escape");
    await this.page.keyboard.press(shortcut);
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
    await box.fill(text);
  }

  /** Moves the keyboard focus to the active editor (Ctrl+1), e.g. away from a tree or a panel. */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press("Escape");
    await this.page.keyboard.press("Control+1");
    await this.page
      .locator(".editor-group-container.active .monaco-editor.focused")
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Moves the cursor of the active editor to a 1-based line and column (Go to Line, Ctrl+G). */
  async goTo(line: number, column = 1): Promise<void> {
    // Go to Line returns the focus to where it was; Ctrl+. and hovers need it in the editor.
    await this.focusEditor();
    await this.quickInput("Control+G", `:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator(QUICK_INPUT).waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await this.waitForCursor(line, column);
  }

  /**
   * Shows the hover at a 1-based position (cursor there, then `Show or Focus Hover`) and returns
   * its text.
   */
  async hoverAt(line: number, column: number, until?: RegExp): Promise<string> {
    await this.goTo(line, column);
    await this.page.keyboard.press("Control+K");
    await this.page.keyboard.press("Control+I");
    return this.hoverText(until);
  }

  /**
   * The text of the visible hover, all its parts (diagnostics, then providers' contents), once a
   * part matches `until` (providers answer one by one: the diagnostics part shows first).
   */
  private async hoverText(until?: RegExp): Promise<string> {
    const hover = this.page.locator(HOVER);
    const part = until ? hover.filter({ hasText: until }) : hover;
    await part.first().waitFor({ state: "visible", timeout: STEP_TIMEOUT });
    return (await hover.allInnerTexts()).join("\n");
  }

  /** Hovers the mouse over the n-th squiggle of the active editor and returns the hover's text. */
  async hoverSquiggle(index = 0, until?: RegExp): Promise<string> {
    const squiggle = this.activeEditor()
      .locator(".squiggly-error, .squiggly-warning, .squiggly-info")
      .nth(index);
    await squiggle.waitFor({ timeout: STEP_TIMEOUT });
    await squiggle.hover({ force: true });
    return this.hoverText(until);
  }

  /**
   * Waits until the active editor shows at least `atLeast` squiggles and returns how many it shows.
   */
  async squiggles(atLeast = 1): Promise<number> {
    const all = this.activeEditor().locator(".squiggly-error, .squiggly-warning, .squiggly-info");
    if (atLeast > 0) await all.nth(atLeast - 1).waitFor({ timeout: STEP_TIMEOUT });
    return all.count();
  }

  /**
   * Waits until the active editor shows exactly `count` squiggles and returns each with the line
   * and the text it underlines.
   */
  async squiggleTexts(count: number): Promise<Squiggle[]> {
    const all = this.activeEditor().locator(".squiggly-error, .squiggly-warning, .squiggly-info");
    await this.page.waitForFunction(
      ({ editor, n }) =>
        document.querySelectorAll(
          `${editor} .squiggly-error, ${editor} .squiggly-warning, ${editor} .squiggly-info`,
        ).length === n,
      { editor: ACTIVE_EDITOR, n: count },
      { timeout: STEP_TIMEOUT },
    );
    await all.first().waitFor({ state: count ? "visible" : "detached", timeout: STEP_TIMEOUT });
    return readSquiggles(this.activeEditor());
  }

  /** Opens the Quick Fix menu (Ctrl+.) at a position and lists its titles. */
  async quickFixTitles(line: number, column: number): Promise<string[]> {
    await this.goTo(line, column);
    // The lightbulb shows once the providers have answered for this line; Ctrl+. pressed before
    // that gets "No code actions available", so wait for it, and press again if the menu still
    // does not come (a provider may answer late after a change).
    await this.activeEditor()
      // In the text when there is room left of the code, else in the glyph margin (gutter).
      .locator('.lightBulbWidget:visible, [class*="codicon-gutter-lightbulb"]:visible')
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
    const rows = this.page.locator(ACTION_WIDGET_ROWS);
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      await this.page.keyboard.press("Control+.");
      const shown = await rows
        .first()
        .waitFor({ timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) break;
      if (Date.now() > deadline) throw new Error(`Ctrl+. at ${line}:${column} showed no menu`);
      await this.page.keyboard.press("Escape");
    }
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /** Applies the quick fix with this exact title at a position (Ctrl+., then the entry). */
  async applyQuickFix(line: number, column: number, title: string): Promise<void> {
    const titles = await this.quickFixTitles(line, column);
    if (!titles.includes(title)) {
      throw new Error(
        `no quick fix titled ${JSON.stringify(title)}; offered: ${JSON.stringify(titles)}`,
      );
    }
    // Exact title: another entry's title may contain this one.
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
    const row = this.page.locator(ACTION_WIDGET_ROWS).filter({ hasText: exact }).first();
    await row.hover();
    await row.click();
    await this.page
      .locator(ACTION_WIDGET_ROWS)
      .first()
      .waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
  }

  /**
   * Opens an activity-bar view container by its title (e.g. `CORS`) with a click, as a user does.
   */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    await item.waitFor({ timeout: STEP_TIMEOUT });
    // A second click would close the side bar: click only when the entry is not the open one.
    // The badge sits over the icon's lower right corner and takes the click: aim at the upper left.
    if (!/\bchecked\b/.test((await item.getAttribute("class")) ?? "")) {
      await item.click({ position: { x: 4, y: 4 } });
    }
    await this.page
      .locator(".sidebar .title-label h2")
      .filter({ hasText: title })
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
  }

  /** The number on an activity-bar entry's badge, or undefined when it shows none. */
  async activityBadge(title: string): Promise<number | undefined> {
    const badge = this.activityBarItem(title).locator(".badge-content");
    if ((await badge.count()) === 0 || !(await badge.isVisible())) return undefined;
    return Number(await badge.innerText());
  }

  private activityBarItem(title: string): Locator {
    return this.page
      .locator(".activitybar .action-item, .composite-bar .action-item")
      .filter({ has: this.page.locator(`a[aria-label^=${JSON.stringify(title)}]`) })
      .first();
  }

  /** A view (pane) of the open side bar, by its name (e.g. `Problems`). */
  view(name: string): Locator {
    return this.page
      .locator(".sidebar .pane")
      .filter({ has: this.page.locator(".pane-header .title").filter({ hasText: name }) })
      .first();
  }

  /**
   * Waits until a tree view lists at least `atLeast` rows and returns what a screen reader
   * announces for each: the item's label and description, space-separated (or its
   * accessibilityInformation).
   */
  async treeItems(viewName: string, atLeast = 1): Promise<string[]> {
    const rows = this.view(viewName).locator(".monaco-list-row");
    await rows.nth(atLeast - 1).waitFor({ timeout: STEP_TIMEOUT });
    return rows.evaluateAll((els: DomNode[]) => els.map((e) => e.getAttribute("aria-label") ?? ""));
  }

  /** Collapses every node of a view with its title bar's Collapse All action. */
  async collapseAll(viewName: string): Promise<void> {
    const view = this.view(viewName);
    // Title actions show while the pointer is over the header.
    await view.locator(".pane-header").hover();
    await view.locator('.pane-header .actions a[aria-label="Collapse All"]').click();
    await view
      .locator('.monaco-list-row[aria-expanded="true"]')
      .first()
      .waitFor({ state: "detached", timeout: STEP_TIMEOUT });
  }

  /** Clicks the tree row whose text contains `label`. */
  async clickTreeItem(viewName: string, label: string): Promise<void> {
    await this.view(viewName)
      .locator(".monaco-list-row")
      .filter({ hasText: label })
      .first()
      .click();
  }

  /**
   * Waits until the status bar shows the cursor at a 1-based line and column, with `selected`
   * characters selected (a revealed range selects the range; the cursor sits at its end).
   */
  async waitForCursor(line: number, column: number, selected = 0): Promise<void> {
    const text = `Ln ${line}, Col ${column}${selected ? ` (${selected} selected)` : ""}`;
    await this.page
      .locator('.statusbar-item[id="status.editor.selection"]')
      .filter({ hasText: new RegExp(`^${text.replace(/[()]/g, "\\$&")}$`) })
      .waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Waits for the status bar's Restricted Mode indicator (the workspace is untrusted). */
  async waitForRestrictedMode(): Promise<void> {
    await this.page
      .locator(".statusbar-item")
      .filter({ hasText: "Restricted Mode" })
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press("Control+S");
    await this.page
      .locator(".tabs-container .tab.active.dirty")
      .waitFor({ state: "detached", timeout: STEP_TIMEOUT });
  }

  /**
   * Opens the Problems panel (Ctrl+Shift+M), waits until it counts at least `atLeast` problems and
   * returns all of them (scrolling through the panel).
   */
  async problems(atLeast = 1): Promise<Problem[]> {
    await showProblems(this.page, STEP_TIMEOUT);
    await waitForCount(this.page, "atLeast", atLeast, STEP_TIMEOUT);
    return readProblems(this.page, STEP_TIMEOUT);
  }

  /** Opens the Problems panel, waits until it counts exactly `count` problems, returns them. */
  async waitForProblemCount(count: number): Promise<Problem[]> {
    await showProblems(this.page, STEP_TIMEOUT);
    await waitForCount(this.page, "exactly", count, STEP_TIMEOUT);
    return readProblems(this.page, STEP_TIMEOUT);
  }
}
