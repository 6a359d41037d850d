import {
  classRanges,
  single,
  UnsupportedRegex,
  type CharSet,
  type Node,
  type RegexSyntax,
} from "./ast";

/** Flags that change how nodes match: ignore case, multiline anchors, dot matches newline. */
interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

const NEWLINES_JS: [number, number][] = [
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
];
const MAX_REPEAT = 1000;

/**
 * Parses a Python `re` or JavaScript RegExp pattern into an AST. Throws UnsupportedRegex for syntax
 * the engine does not model (backreferences, lookaround, conditionals) and for invalid patterns.
 */
export function parseRegex(pattern: string, flags: string, syntax: RegexSyntax): Node {
  const initial: Flags = { i: flags.includes("i"), m: flags.includes("m"), s: flags.includes("s") };
  const first = new Parser(pattern, syntax, initial);
  const node = first.parse();
  // Python applies `(?i)` written anywhere to the whole pattern: parse again with the flags it found.
  const g = first.globalFlags;
  if ((g.i && !initial.i) || (g.m && !initial.m) || (g.s && !initial.s)) {
    return new Parser(pattern, syntax, {
      i: initial.i || g.i,
      m: initial.m || g.m,
      s: initial.s || g.s,
    }).parse();
  }
  return node;
}

class Parser {
  private pos = 0;
  readonly globalFlags: Flags = { i: false, m: false, s: false };

  constructor(
    private readonly src: string,
    private readonly syntax: RegexSyntax,
    private readonly flags: Flags,
  ) {}

  parse(): Node {
    const node = this.alternation(this.flags);
    if (this.pos < this.src.length) throw new UnsupportedRegex(`unbalanced ')' at ${this.pos}`);
    return node;
  }

  private alternation(f: Flags): Node {
    const options = [this.sequence(f)];
    while (this.src[this.pos] === "|") {
      this.pos++;
      options.push(this.sequence(f));
    }
    return options.length === 1 ? options[0] : { type: "alt", options };
  }

  private sequence(f: Flags): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== "|" && this.src[this.pos] !== ")") {
      const atom = this.atom(f);
      if (atom) items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0] : { type: "seq", items };
  }

  private quantified(atom: Node): Node {
    const q = this.quantifier();
    if (!q) return atom;
    if (atom.type === "assert" && this.syntax === "python")
      throw new UnsupportedRegex("nothing to repeat");
    if (this.src[this.pos] === "+")
      throw new UnsupportedRegex("possessive quantifiers are not supported");
    const lazy = this.src[this.pos] === "?";
    if (lazy) this.pos++;
    if (this.quantifier()) throw new UnsupportedRegex("multiple repeat");
    return { type: "repeat", body: atom, min: q.min, max: q.max, lazy };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.pos];
    if (c === "*" || c === "+" || c === "?") {
      this.pos++;
      return { min: c === "+" ? 1 : 0, max: c === "?" ? 1 : Infinity };
    }
    if (c !== "{") return undefined;
    const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    // `{` that does not start a valid quantifier is a literal brace in both languages.
    if (!m || (m[1] === "" && (this.syntax === "js" || m[2] === undefined))) return undefined;
    this.pos += m[0].length;
    const min = m[1] === "" ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    if (max < min) throw new UnsupportedRegex("numbers out of order in {} quantifier");
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
      throw new UnsupportedRegex("repeat count too large");
    return { min, max };
  }

  private atom(f: Flags): Node | undefined {
    const c = this.src[this.pos++];
    switch (c) {
      case "(":
        return this.group(f);
      case "[":
        return { type: "char", set: this.charClass(), ci: f.i };
      case ".":
        return { type: "char", set: dotSet(f, this.syntax), ci: false, dot: true };
      case "^":
        return { type: "assert", kind: f.m ? "line-start" : "start" };
      case "$":
        return {
          type: "assert",
          kind: f.m ? "line-end" : this.syntax === "python" ? "end-py" : "end",
        };
      case "\\":
        return this.escape(f);
      case "*":
      case "+":
      case "?":
        throw new UnsupportedRegex("nothing to repeat");
      case "{":
        if (this.syntax === "js" && /^\d+(,\d*)?\}/.test(this.src.slice(this.pos))) {
          throw new UnsupportedRegex("nothing to repeat");
        }
        return lit(c, f);
      default:
        return lit(c, f);
    }
  }

  private group(f: Flags): Node | undefined {
    const rest = this.src.slice(this.pos);
    if (!rest.startsWith("?")) return this.groupBody(f);
    if (/^\?(=|!|<=|<!)/.test(rest)) throw new UnsupportedRegex("lookaround is not supported");
    if (/^\?P=/.test(rest) || rest.startsWith("?(") || rest.startsWith("?>")) {
      throw new UnsupportedRegex(
        "backreferences, conditionals and atomic groups are not supported",
      );
    }
    if (rest.startsWith("?#")) {
      const close = this.src.indexOf(")", this.pos);
      if (close < 0) throw new UnsupportedRegex("unterminated comment");
      this.pos = close + 1;
      return undefined;
    }
    const named = /^\?P?<([A-Za-z_$][\w$]*)>/.exec(rest);
    if (named) {
      this.pos += named[0].length;
      return this.groupBody(f);
    }
    if (rest.startsWith("?:")) {
      this.pos += 2;
      return this.groupBody(f);
    }
    const mod = /^\?([aiLmsux]*)(?:-([imsx]+))?([:)])/.exec(rest);
    if (!mod) throw new UnsupportedRegex(`unknown group syntax at ${this.pos - 1}`);
    this.pos += mod[0].length;
    const on = mod[1];
    const off = mod[2] ?? "";
    const scoped: Flags = {
      i: off.includes("i") ? false : f.i || on.includes("i"),
      m: off.includes("m") ? false : f.m || on.includes("m"),
      s: off.includes("s") ? false : f.s || on.includes("s"),
    };
    if (mod[3] === ":") return this.groupBody(scoped);
    for (const k of ["i", "m", "s"] as const) if (on.includes(k)) this.globalFlags[k] = true;
    return undefined;
  }

  private groupBody(f: Flags): Node {
    const body = this.alternation(f);
    if (this.src[this.pos] !== ")") throw new UnsupportedRegex("missing )");
    this.pos++;
    return { type: "group", body };
  }

  private escape(f: Flags): Node {
    const c = this.src[this.pos++];
    if (c === undefined) throw new UnsupportedRegex("trailing backslash");
    if (c === "b") return { type: "assert", kind: "word" };
    if (c === "B") return { type: "assert", kind: "not-word" };
    if (this.syntax === "python" && c === "A") return { type: "assert", kind: "start" };
    if (this.syntax === "python" && c === "Z") return { type: "assert", kind: "end" };
    if (/[1-9]/.test(c) || (c === "k" && this.syntax === "js" && this.src[this.pos] === "<")) {
      throw new UnsupportedRegex("backreferences are not supported");
    }
    const cls = classRanges(c);
    if (cls) return { type: "char", set: { ranges: cls.ranges, negated: cls.negated }, ci: false };
    const code = this.escapedCode(c);
    return { type: "char", set: single(code), ci: f.i, literal: String.fromCharCode(code) };
  }

  /** The code unit of a character escape (after the backslash and its letter were read). */
  private escapedCode(c: string): number {
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7, "0": 0 };
    if (c in simple && (c !== "a" || this.syntax === "python")) return simple[c];
    const hex = (len: number): number => {
      const h = this.src.slice(this.pos, this.pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h))
        throw new UnsupportedRegex(`bad \\${c} escape`);
      this.pos += len;
      return parseInt(h, 16);
    };
    if (c === "x") return hex(2);
    if (c === "u") {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.src.slice(this.pos));
      if (braced && this.syntax === "js") {
        this.pos += braced[0].length;
        const cp = parseInt(braced[1], 16);
        if (cp > 0xffff) throw new UnsupportedRegex("astral code points are not supported");
        return cp;
      }
      return hex(4);
    }
    if (c === "U" && this.syntax === "python") {
      const cp = hex(8);
      if (cp > 0xffff) throw new UnsupportedRegex("astral code points are not supported");
      return cp;
    }
    if (c === "c" && this.syntax === "js" && /[A-Za-z]/.test(this.src[this.pos] ?? "")) {
      return this.src.charCodeAt(this.pos++) % 32;
    }
    if (c === "p" || c === "P" || c === "N") throw new UnsupportedRegex(`\\${c} is not supported`);
    if (this.syntax === "python" && /[A-Za-z]/.test(c))
      throw new UnsupportedRegex(`bad escape \\${c}`);
    return c.charCodeAt(0);
  }

  private charClass(): CharSet {
    let negated = false;
    if (this.src[this.pos] === "^") {
      negated = true;
      this.pos++;
    }
    const ranges: [number, number][] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw new UnsupportedRegex("unterminated character set");
      const c = this.src[this.pos];
      if (c === "]" && !(first && this.syntax === "python")) {
        this.pos++;
        break;
      }
      first = false;
      const lo = this.classAtom(ranges);
      if (lo === undefined) continue;
      if (
        this.src[this.pos] === "-" &&
        this.src[this.pos + 1] !== "]" &&
        this.pos + 1 < this.src.length
      ) {
        this.pos++;
        const hi = this.classAtom(ranges);
        if (hi === undefined) {
          ranges.push([lo, lo], [45, 45]);
          continue;
        }
        if (hi < lo) throw new UnsupportedRegex("bad character range");
        ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    return { ranges, negated };
  }

  /** One class member: returns its code unit, or undefined after adding a `\d`-style set to `ranges`. */
  private classAtom(ranges: [number, number][]): number | undefined {
    const c = this.src[this.pos++];
    if (c !== "\\") return c.charCodeAt(0);
    const e = this.src[this.pos++];
    if (e === undefined) throw new UnsupportedRegex("trailing backslash");
    if (e === "b") return 8;
    const cls = classRanges(e);
    if (cls) {
      ranges.push(...(cls.negated ? complement(cls.ranges) : cls.ranges));
      return undefined;
    }
    if (/[1-9]/.test(e) && this.syntax === "python")
      throw new UnsupportedRegex("bad escape in class");
    return this.escapedCode(e);
  }
}

function lit(c: string, f: Flags): Node {
  return { type: "char", set: single(c.charCodeAt(0)), ci: f.i, literal: c };
}

function dotSet(f: Flags, syntax: RegexSyntax): CharSet {
  if (f.s) return { ranges: [], negated: true };
  return { ranges: syntax === "js" ? NEWLINES_JS : [[10, 10]], negated: true };
}

function complement(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}
