import type { Page } from "./playwright-types";

/** One marker row of the Problems panel. */
export interface Problem {
  severity: "error" | "warning" | "info";
  message: string;
  /** The diagnostic's source, e.g. `cors-lint`. */
  source: string;
  /** The diagnostic's code (the rule name for cors-lint), or '' when it has none. */
  code: string;
  /** The name of the file the row sits under. */
  file: string;
  /** That file's absolute path. */
  path: string;
  /** 1-based, as the panel shows it. */
  line: number;
  column: number;
  /** Related-information rows under the marker, as shown: `server.py[Ln 10, Col 31]: message`. */
  related: string[];
}

/** One rendered row of the panel's tree (it renders only the rows in view). */
interface Row {
  index: number;
  level: number;
  last: boolean;
  label: string;
  name: string;
  severity: string;
  message: string;
  source: string;
  code: string;
  position: string;
}

/** The DOM as page-side functions see it (the project's tsconfig has no DOM lib, on purpose). */
interface DomNode {
  querySelector(selector: string): DomNode | null;
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}
declare const document: {
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode> & ArrayLike<DomNode>;
};

const PANEL = ".markers-panel";
const LIST = `${PANEL} .monaco-list`;
// Direct children only: a tree's sticky headers are copies of rows, outside `.monaco-list-rows`.
const ROWS = `${LIST} .monaco-list-rows > .monaco-list-row`;

/** Opens the Problems panel (Ctrl+Shift+M toggles it, so only when it is not showing). */
export async function showProblems(page: Page, timeout: number): Promise<void> {
  const panel = page.locator(PANEL);
  if (await panel.isVisible()) return;
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+Shift+M");
  await panel.waitFor({ state: "visible", timeout });
}

/** Waits until the panel's count (its list's "Showing N problems" label) satisfies `test`. */
export async function waitForCount(
  page: Page,
  test: "atLeast" | "exactly",
  n: number,
  timeout: number,
): Promise<void> {
  await page.waitForFunction(
    ({ list, test, n }) => {
      const label = document.querySelector(list)?.getAttribute("aria-label") ?? "";
      const count = Number(/(\d+) problem/.exec(label)?.[1] ?? 0);
      return test === "atLeast" ? count >= n : count === n;
    },
    { list: LIST, test, n },
    { timeout },
  );
}

/**
 * Every marker the panel lists, in panel order. The tree renders only the rows in view, so this
 * scrolls it from the top with the mouse wheel, reading each screenful, until the last row shows.
 */
export async function readProblems(page: Page, timeout: number): Promise<Problem[]> {
  const list = page.locator(LIST).first();
  // With no problems the panel shows a message instead of the list.
  if ((await list.count()) === 0 || !(await list.isVisible())) return [];
  const rows = new Map<number, Row>();
  // The wheel scrolls what is under the mouse: the list's top-left corner, never the tooltip that
  // hovering a row opens below it.
  await list.hover({ position: { x: 2, y: 2 } });
  for (let first = await firstIndex(page); first > 0 && first !== Infinity;) {
    await wheel(page, -1000, timeout);
    first = await firstIndex(page);
  }
  for (;;) {
    const screen = await page.locator(ROWS).evaluateAll(readRows);
    for (const r of screen) rows.set(r.index, r);
    if (screen.length === 0 || screen.some((r) => r.last)) break;
    await wheel(page, 5 * 22, timeout);
  }
  return assemble([...rows.values()].sort((a, b) => a.index - b.index));
}

/** The index of the topmost row the list renders now. */
function firstIndex(page: Page): Promise<number> {
  return page.evaluate(
    (rows) =>
      Math.min(
        ...Array.from(document.querySelectorAll(rows)).map((e) =>
          Number(e.getAttribute("data-index")),
        ),
      ),
    ROWS,
  );
}

/** One wheel turn over the list (the list scrolls a few rows per turn), then waits until it moved. */
async function wheel(page: Page, deltaY: number, timeout: number): Promise<void> {
  const before = await firstIndex(page);
  await page.mouse.wheel(0, deltaY);
  await page.waitForFunction(
    ({ rows, before }) =>
      Math.min(
        ...Array.from(document.querySelectorAll(rows)).map((e) =>
          Number(e.getAttribute("data-index")),
        ),
      ) !== before,
    { rows: ROWS, before },
    { timeout },
  );
}

function assemble(rows: Row[]): Problem[] {
  const out: Problem[] = [];
  let file = "";
  let path = "";
  for (const r of rows) {
    if (r.level === 1) {
      file = r.name;
      path = r.label;
    } else if (r.severity) {
      const pos = /\[Ln (\d+), Col (\d+)\]/.exec(r.position);
      const severity = /error/.test(r.severity)
        ? "error"
        : /warning/.test(r.severity)
          ? "warning"
          : "info";
      out.push({
        severity,
        message: r.message,
        source: r.source,
        code: r.code,
        file,
        path,
        line: Number(pos?.[1] ?? 0),
        column: Number(pos?.[2] ?? 0),
        related: [],
      });
    } else if (out.length > 0) {
      out[out.length - 1].related.push(`${r.name}${r.position}: ${r.message}`);
    }
  }
  return out;
}

/**
 * Runs in the page. Playwright sends its source text, so it must not declare inner functions (tsx
 * would wrap them in a `__name` helper the page does not have).
 */
function readRows(els: DomNode[]): Row[] {
  return els.map((e) => ({
    index: Number(e.getAttribute("data-index")),
    level: Number(e.getAttribute("aria-level")),
    last: e.getAttribute("data-last-element") === "true",
    label: e.querySelector(".monaco-icon-label[aria-label]")?.getAttribute("aria-label") ?? "",
    name: (e.querySelector(".label-name, .related-info-resource")?.textContent ?? "").trim(),
    severity: e.querySelector(".marker-icon")?.getAttribute("class") ?? "",
    message: (e.querySelector(".marker-message, .marker-description")?.textContent ?? "").trim(),
    source: (e.querySelector(".marker-source")?.textContent ?? "").trim(),
    code: (e.querySelector(".marker-code")?.textContent ?? "").trim(),
    position: (e.querySelector(".marker-line")?.textContent ?? "").trim(),
  }));
}
