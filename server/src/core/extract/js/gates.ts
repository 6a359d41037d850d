/**
 * Text gates for TS/JS extractors: necessary conditions read from the text alone, checked before the
 * file is parsed. Each answers "no" only when its extractor can find nothing in the file, so a file
 * every gate rules out is never parsed and its result is the same.
 */

/** Where an import or require may name its module: each `from`, `import` or `require` word. */
const KEYWORD = /\b(?:from|import|require)/g;
/** What follows it when it does: `"m"`, `("m")`, any quote, any spacing. */
const SPECIFIER = /\s*\(?\s*["'`]([^"'`]*)["'`]/y;

let lastText: string | undefined;
let lastSpecifiers = new Set<string>();

/**
 * Every string that follows `from`, `import` or `require` (after blanks and an optional parenthesis),
 * read in one pass over the text, every such word included (also inside comments and strings).
 * The last text's set is kept: every extractor's gate asks about the same text in turn.
 */
export function importSpecifiers(text: string): ReadonlySet<string> {
  if (text === lastText) return lastSpecifiers;
  const out = new Set<string>();
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    SPECIFIER.lastIndex = KEYWORD.lastIndex;
    const s = SPECIFIER.exec(text);
    if (s) out.add(s[1]);
  }
  lastText = text;
  lastSpecifiers = out;
  return out;
}

/**
 * Whether an import or require of one of these modules may be in the text (a string naming it
 * right after `from`, `import` or `require`): the necessary condition `JsResolver.importsModule`
 * checks before reading the tree.
 */
export function mentionsImport(text: string, ...mods: string[]): boolean {
  const found = importSpecifiers(text);
  return mods.some((m) => found.has(m));
}

/**
 * A word as the source can spell it: each character plain or as an escape (`\u0069`, `\u{69}`,
 * `\x69`, `\151`, escapes the compiler decodes in identifiers and strings), with line continuations
 * between characters (strings). Case-sensitive, like the names the extractors compare.
 */
export function spelled(word: string): string {
  const between = String.raw`(?:\\(?:\r\n|[\n\r\u2028\u2029]))*`;
  return [...word].map(charPattern).join(between);
}

function charPattern(c: string): string {
  const code = c.charCodeAt(0);
  const hex = [...code.toString(16).padStart(2, "0")]
    .map((h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h))
    .join("");
  const plain = c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return String.raw`(?:${plain}|\\(?:u00${hex}|u\{0*${hex}\}|x${hex}|0*${code.toString(8)}))`;
}

const spellings = new Map<string, RegExp>();

/** Whether the word occurs anywhere in the text, however spelled (comments and strings included). */
export function mentions(text: string, word: string): boolean {
  let re = spellings.get(word);
  if (!re) spellings.set(word, (re = new RegExp(spelled(word))));
  return re.test(text);
}

/** After a key with a value, a method's name or a comment: `name:`, `name(`, `name<T>(`, `name /*`. */
const AFTER_KEY = String.raw`(?=\s*(?:\/[/*]|:|\?\s*[:(]|!\s*:|[(<]))`;
/**
 * After a shorthand member (`{ name }`, `{ a, name, b }`, `{ name = v } = o`), or a key the text ends
 * with or leaves at the end of a line (typing): `,`, `}`, `=` (not `==`, `=>`), the end.
 */
const AFTER_SHORTHAND = String.raw`(?=\s*(?:[,}]|=(?![=>])|$)|[ \t]*[\n\r\u2028\u2029])`;
/** Before a shorthand member: `{`, `,`, a comment's end, or the start of its line. */
const BEFORE_SHORTHAND = String.raw`(?<=(?:[{,]|\*\/|^|[\n\r\u2028\u2029])\s*)`;
/** What may follow a quoted key (it cannot be a shorthand). */
const AFTER_QUOTED = String.raw`(?=\s*(?:[:?!(<]|\/[/*]))`;
/** Not part of a longer name, and not a property read (`x.origin`, `x?.origin`, `...origin`). */
const BEFORE_NAME = String.raw`(?<![\w$])(?<!(?:^|[^\d])\.\s*)`;

interface KeyPatterns {
  /** The name however spelled: where a key may start. */
  word: RegExp;
  /** `name:`, `name(`, ... and a shorthand, tried at a place the name starts (sticky). */
  atName: RegExp[];
  /** `"name":`, tried at the quote before the name (sticky). */
  quoted: RegExp;
}

const keyPatterns = new Map<string, KeyPatterns>();

/**
 * Whether an object literal may have a member with this name: the name written as a key
 * (`name: v`, `"name": v`, `{ name }`, `name() {}`, `get name()`, `name = v` in a pattern), outside
 * lines that can only be prose (see `inProse`).
 *
 * Exact for a file the compiler reads without syntax errors: a member's name is a property-name
 * token, never right after a `.`, followed (blanks and comments between) by `:`, `(` or `<`, or, for a
 * shorthand, preceded by `{` or `,` (a comment, a line break) and followed by `,`, `}` or `=`. With
 * syntax errors, the usual states met while typing are kept too: `name:` after a missing comma, a
 * shorthand at the end of a line or of the text, `name?:`.
 *
 * The name is found first and the context is checked only where it occurs: the context patterns look
 * back and ahead over any run of blanks, and tried at every offset of the text they took time growing
 * with the square of a long blank run (80,000 blanks: 8 s).
 */
export function mayHaveKey(text: string, name: string): boolean {
  let res = keyPatterns.get(name);
  if (!res) {
    const word = spelled(name);
    res = {
      word: new RegExp(word, "g"),
      atName: [
        new RegExp(`${BEFORE_NAME}${word}${AFTER_KEY}`, "y"),
        new RegExp(`${BEFORE_NAME}${BEFORE_SHORTHAND}${word}${AFTER_SHORTHAND}`, "y"),
      ],
      quoted: new RegExp(`(["'])${word}\\1${AFTER_QUOTED}`, "y"),
    };
    keyPatterns.set(name, res);
  }
  const at = (re: RegExp, i: number): boolean => {
    re.lastIndex = i;
    return re.test(text) && !inProse(text, i);
  };
  const { word, atName, quoted } = res;
  word.lastIndex = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const i = m.index;
    if (atName.some((re) => at(re, i)) || (i > 0 && at(quoted, i - 1))) return true;
    // Spellings may overlap (a name with a border, an escape): the next may start one further on.
    word.lastIndex = i + 1;
  }
  return false;
}

/**
 * Whether an offset can only be prose, whatever the tokens before it: on a line that starts with
 * `//`, or inside a `/*` that starts a line, with nothing between the start and the offset that could
 * bring code back. Such a start is a comment, or (in an odd file) text of a template literal, of JSX
 * or of a JSX attribute string; none of them turns into code before a brace, an angle bracket, the
 * end of a comment or a backtick that closes a template (see `staysText`). A line continued from the
 * previous one (a string ending in `\`) is never read as a start.
 */
export function inProse(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const first = skipBlanks(text, lineStart);
  if (
    first < at &&
    text.startsWith("//", first) &&
    !continued(text, lineStart) &&
    !text.slice(first, at).includes("*/") &&
    staysText(text.slice(first, at))
  )
    return true;
  for (let from = at; ;) {
    const start = text.lastIndexOf("/*", from - 1);
    if (start < 0) return false;
    const close = text.indexOf("*/", start + 2);
    if (close >= 0 && close < at) return false;
    const ls = text.lastIndexOf("\n", start - 1) + 1;
    if (skipBlanks(text, ls) === start) {
      return !continued(text, ls) && staysText(text.slice(start, at));
    }
    from = start;
  }
}

/** A code run between two backticks that cannot hide a backtick (no string opened and left open). */
const PLAIN_CODE = /^(?:[^'"/\\{}<>]|"[^"\\\n\r]*"|'[^'\\\n\r]*')*$/;

/**
 * Whether text that starts as a comment, template text or JSX text is still such text at its end: no
 * brace, angle bracket (JSX, `${`), and backticks in pairs around plain code (were the start inside a
 * template literal, each pair is a template ending and the next one starting).
 */
function staysText(s: string): boolean {
  if (/[{}<>]/.test(s)) return false;
  const parts = s.split("`");
  if (parts.length % 2 === 0) return false;
  for (let i = 1; i < parts.length; i += 2) if (!PLAIN_CODE.test(parts[i])) return false;
  return true;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

/** Whether the line starting at `ls` continues a string of the previous line (`\` before the break). */
function continued(text: string, ls: number): boolean {
  if (ls === 0) return false;
  let k = ls - 2;
  if (text[k] === "\r") k--;
  return text[k] === "\\";
}
