import { Edit, Language, Parser, type Node, type Tree } from "web-tree-sitter";
import { diffText, pointAfter, pointAt } from "./text-edit";

/** Where the two WebAssembly files come from: paths or their bytes (the host decides; the core reads no disk). */
export interface WasmSources {
  treeSitter: string | Uint8Array;
  python: string | Uint8Array;
}

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads web-tree-sitter and the Python grammar once per process. */
export function initPythonParser(wasm: WasmSources): Promise<void> {
  loading ??= (async () => {
    const locate = typeof wasm.treeSitter === "string" ? wasm.treeSitter : undefined;
    await Parser.init(
      locate ? { locateFile: () => locate } : { wasmBinary: wasm.treeSitter as Uint8Array },
    );
    const language = await Language.load(wasm.python);
    parser = new Parser();
    parser.setLanguage(language);
  })();
  return loading;
}

/**
 * A parsed Python file. `repaired` is set when brackets left open at the end were closed to recover more.
 * Call `release()` when done with the tree (it is kept when a {@link PythonParseCache} owns it).
 */
export interface PythonParse {
  tree: Tree;
  root: Node;
  hasErrors: boolean;
  repaired: boolean;
  release(): void;
}

interface Kept {
  text: string;
  tree: Tree;
}

/**
 * One document's last trees, so the next parse after an edit reuses them (tree-sitter's incremental
 * parsing: the old tree is edited to the new text and only the changed region is parsed again).
 * `dispose()` frees the trees.
 */
export class PythonParseCache {
  /** The tree of the text as written, and of the text with open brackets closed (when that was needed). */
  plain?: Kept;
  repaired?: Kept;

  /** Parses `text`, reusing the tree kept for `slot` and keeping the new one. */
  parse(slot: "plain" | "repaired", text: string): Tree | null {
    const kept = this[slot];
    if (kept?.text === text) return kept.tree;
    let tree: Tree | null;
    if (kept) {
      const c = diffText(kept.text, text);
      // The prefix is common: its end is found once, the two ends from there.
      const startPosition = pointAt(text, c.start);
      kept.tree.edit(
        new Edit({
          startIndex: c.start,
          oldEndIndex: c.oldEnd,
          newEndIndex: c.newEnd,
          startPosition,
          oldEndPosition: pointAfter(kept.text, c.start, startPosition, c.oldEnd),
          newEndPosition: pointAfter(text, c.start, startPosition, c.newEnd),
        }),
      );
      tree = parser!.parse(text, kept.tree);
      kept.tree.delete();
      this[slot] = undefined;
    } else tree = parser!.parse(text);
    if (tree) this[slot] = { text, tree };
    return tree;
  }

  dispose(): void {
    this.plain?.tree.delete();
    this.repaired?.tree.delete();
    this.plain = this.repaired = undefined;
  }
}

/**
 * Parses Python with tree-sitter's error recovery. When the file ends with brackets still open
 * (the usual state while typing), they are closed after the end of the text and the file is parsed again,
 * so offsets into the original text stay valid. With a cache, the previous parse of the same document is
 * reused and the trees stay owned by the cache.
 */
export function parsePython(text: string, cache?: PythonParseCache): PythonParse {
  if (!parser) throw new Error("initPythonParser() must finish before parsePython()");
  const p = parser;
  const parse = (slot: "plain" | "repaired", t: string): Tree | null =>
    cache ? cache.parse(slot, t) : p.parse(t);
  const own = (tree: Tree) => () => {
    if (!cache) tree.delete();
  };
  const tree = parse("plain", text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  if (!tree.rootNode.hasError)
    return { tree, root: tree.rootNode, hasErrors: false, repaired: false, release: own(tree) };
  const closers = openBrackets(text);
  if (closers) {
    const fixed = parse("repaired", text + closers + "\n");
    if (fixed) {
      if (!cache) tree.delete();
      return {
        tree: fixed,
        root: fixed.rootNode,
        hasErrors: true,
        repaired: true,
        release: own(fixed),
      };
    }
  }
  return { tree, root: tree.rootNode, hasErrors: true, repaired: false, release: own(tree) };
}

/** The closing brackets needed to balance the text, ignoring strings and comments; '' when balanced. */
export function openBrackets(text: string): string {
  const stack: string[] = [];
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      i += q.length;
      while (i < text.length && !text.startsWith(q, i)) {
        if (text[i] === "\\") i++;
        else if (!triple && text[i] === "\n") break;
        i++;
      }
      i += q.length;
      continue;
    }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === ")" || c === "]" || c === "}") {
      if (stack[stack.length - 1] === c) stack.pop();
    }
    i++;
  }
  return stack.reverse().join("");
}

export type { Node as PyNode, Tree as PyTree };
