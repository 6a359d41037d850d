import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

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

/** A parsed Python file. `repaired` is set when brackets left open at the end were closed to recover more. */
export interface PythonParse {
  tree: Tree;
  root: Node;
  hasErrors: boolean;
  repaired: boolean;
}

/**
 * Parses Python with tree-sitter's error recovery. When the file ends with brackets still open
 * (the usual state while typing), they are closed after the end of the text and the file is parsed again,
 * so offsets into the original text stay valid.
 */
export function parsePython(text: string): PythonParse {
  if (!parser) throw new Error("initPythonParser() must finish before parsePython()");
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  if (!tree.rootNode.hasError)
    return { tree, root: tree.rootNode, hasErrors: false, repaired: false };
  const closers = openBrackets(text);
  if (closers) {
    const fixed = parser.parse(text + closers + "\n");
    if (fixed) {
      tree.delete();
      return { tree: fixed, root: fixed.rootNode, hasErrors: true, repaired: true };
    }
  }
  return { tree, root: tree.rootNode, hasErrors: true, repaired: false };
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
