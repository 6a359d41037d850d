import type { PyNode } from "../../parse/python";

/**
 * Nodes found from the text first: a word is searched in the text, and only where it occurs is the tree
 * asked for the node there (one descent from the root), so a keystroke in a 20,000-line module does not
 * walk, or wrap in JS objects, the hundreds of thousands of nodes that cannot matter. Each search gives
 * exactly the nodes a whole-tree walk would, in the walk's order (`test/python-find.test.ts` compares them
 * through random edits).
 */

const WORD = /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]+$/u;

/** Where `words` occur in `text` with no ASCII letter, digit or `_` on either side. */
function occurrences(text: string, words: readonly string[]): { at: number; word: string }[] {
  const list = [...new Set(words)].filter((w) => WORD.test(w));
  if (!list.length) return [];
  // Longest first, so that the alternation never stops at a shorter word that prefixes a longer one.
  list.sort((a, b) => b.length - a.length);
  const re = new RegExp(
    `(?<![A-Za-z0-9_])(?:${list.map((w) => w.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")).join("|")})(?![A-Za-z0-9_])`,
    "g",
  );
  const out: { at: number; word: string }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ at: m.index, word: m[0] });
  return out;
}

/** The node that is exactly `word` at `at` (a leaf of type `type`), if the tree has one there. */
function leafAt(root: PyNode, at: number, word: string, type: string): PyNode | undefined {
  const n = root.descendantForIndex(at, at + word.length);
  if (!n || n.type !== type || n.startIndex !== at || n.endIndex !== at + word.length)
    return undefined;
  return n;
}

/** Pre-order: by start, an enclosing node before the nodes it starts with. */
function preOrder(nodes: PyNode[]): PyNode[] {
  const seen = new Set<number>();
  return nodes
    .filter((n) => !seen.has(n.id) && !!seen.add(n.id))
    .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/** The identifiers written as one of `names`, in document order. */
export function identifiersNamed(root: PyNode, text: string, names: readonly string[]): PyNode[] {
  const out: PyNode[] = [];
  for (const { at, word } of occurrences(text, names)) {
    const id = leafAt(root, at, word, "identifier");
    if (id) out.push(id);
  }
  return out;
}

/**
 * The assignments to an item of an attribute named `attribute` (`app.config["X"] = v` for `config`), in
 * document order: those of a whole-tree walk whose left side is such a subscript.
 */
export function subscriptAssignments(root: PyNode, text: string, attribute: string): PyNode[] {
  const out: PyNode[] = [];
  for (const id of identifiersNamed(root, text, [attribute])) {
    const attr = id.parent;
    if (attr?.type !== "attribute" || !attr.childForFieldName("attribute")?.equals(id)) continue;
    const sub = attr.parent;
    if (sub?.type !== "subscript" || !sub.childForFieldName("value")?.equals(attr)) continue;
    const a = sub.parent;
    if (a?.type === "assignment" && a.childForFieldName("left")?.equals(sub)) out.push(a);
  }
  return preOrder(out);
}

/**
 * The calls whose callee is the name `w` or ends with the attribute `.w` for a `w` of `names`
 * (`CORS(app)`, `app.add_middleware(...)`), in document order: the calls of a whole-tree walk whose
 * callee's last name is one of `names`.
 */
export function callsNamed(root: PyNode, text: string, names: readonly string[]): PyNode[] {
  const out: PyNode[] = [];
  for (const id of identifiersNamed(root, text, names)) {
    let callee = id;
    const parent = id.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.equals(id))
      callee = parent;
    const call = callee.parent;
    if (call?.type === "call" && call.childForFieldName("function")?.equals(callee)) out.push(call);
  }
  return preOrder(out);
}

const IMPORTS = new Set(["import_statement", "import_from_statement"]);

/**
 * Every `import x` and `from x import y` statement, wherever it is (functions, classes, branches), in
 * document order: each holds an `import` keyword, or starts with `from` when an unfinished one has none.
 */
export function importStatements(root: PyNode, text: string): PyNode[] {
  const out: PyNode[] = [];
  for (const { at, word } of occurrences(text, ["import", "from"])) {
    const stmt = leafAt(root, at, word, word)?.parent;
    if (stmt && IMPORTS.has(stmt.type)) out.push(stmt);
  }
  return preOrder(out);
}
