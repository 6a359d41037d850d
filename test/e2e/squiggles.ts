import type { Locator } from "./playwright-types";

/** A squiggle of the editor and the source text it underlines. */
export interface Squiggle {
  severity: "error" | "warning" | "info";
  /** 1-based line number, as the editor's gutter shows it. */
  line: number;
  /** The characters under the squiggle. */
  text: string;
}

/** The DOM as page-side functions see it (the project's tsconfig has no DOM lib, on purpose). */
interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface DomNode {
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): Rect;
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  readonly className: string;
  readonly ownerDocument: {
    createTreeWalker(root: DomNode, show: number): { nextNode(): DomNode | null };
    createRange(): {
      setStart(node: DomNode, offset: number): void;
      setEnd(node: DomNode, offset: number): void;
      getBoundingClientRect(): Rect;
    };
  };
}

/**
 * Every squiggle the editor draws, with the text under it: the squiggles are decorations in an
 * overlay layer, so this lines each one up with the rendered line at the same height and takes
 * the characters whose middle falls inside the squiggle.
 */
export function readSquiggles(editor: Locator): Promise<Squiggle[]> {
  return editor.evaluate((root: DomNode) => {
    const out: { severity: string; line: number; text: string }[] = [];
    const squiggles = root.querySelectorAll(
      ".view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info",
    );
    const lines = root.querySelectorAll(".view-lines .view-line");
    const numbers = root.querySelectorAll(".margin-view-overlays .line-numbers");
    for (let s = 0; s < squiggles.length; s++) {
      const sq = squiggles[s].getBoundingClientRect();
      const middle = (sq.top + sq.bottom) / 2;
      let text = "";
      for (let l = 0; l < lines.length; l++) {
        const box = lines[l].getBoundingClientRect();
        if (middle < box.top || middle > box.bottom) continue;
        const walker = root.ownerDocument.createTreeWalker(lines[l], 4);
        const range = root.ownerDocument.createRange();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const chars = node.textContent ?? "";
          for (let i = 0; i < chars.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const c = range.getBoundingClientRect();
            const x = (c.left + c.right) / 2;
            if (x > sq.left && x < sq.right) text += chars[i] === "\u00a0" ? " " : chars[i];
          }
        }
      }
      let line = 0;
      for (let n = 0; n < numbers.length; n++) {
        const box = numbers[n].getBoundingClientRect();
        if (middle >= box.top && middle <= box.bottom) line = Number(numbers[n].textContent);
      }
      const severity = /squiggly-error/.test(squiggles[s].className)
        ? "error"
        : /squiggly-warning/.test(squiggles[s].className)
          ? "warning"
          : "info";
      out.push({ severity, line, text });
    }
    return out;
  }) as Promise<Squiggle[]>;
}
