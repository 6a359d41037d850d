/** Which language's regex syntax a pattern is written in. */
export type RegexSyntax = "python" | "js";

/** A set of UTF-16 code units: sorted inclusive ranges, possibly negated. */
export interface CharSet {
  ranges: [number, number][];
  negated: boolean;
}

/** Zero-width assertions. `end-py` is Python's `$`: end of input or before a final newline. */
export type AssertKind =
  "line-start" | "line-end" | "start" | "end" | "end-py" | "word" | "not-word";

/** A parsed regular expression. Flags are resolved into the nodes they affect. */
export type Node =
  | {
      type: "char";
      set: CharSet;
      ci: boolean;
      /** the character written, for literals */ literal?: string;
      dot?: boolean;
    }
  | { type: "seq"; items: Node[] }
  | { type: "alt"; options: Node[] }
  | { type: "group"; body: Node }
  | { type: "repeat"; body: Node; min: number; max: number; lazy: boolean }
  | { type: "assert"; kind: AssertKind };

/** Thrown for syntax the engine does not model (backreferences, lookaround) or invalid patterns. */
export class UnsupportedRegex extends Error {}

/** A set holding one character. */
export function single(c: number): CharSet {
  return { ranges: [[c, c]], negated: false };
}

/** Whether a set holds the code unit `c`. */
export function inSet(set: CharSet, c: number): boolean {
  let hit = false;
  for (const [lo, hi] of set.ranges) {
    if (c >= lo && c <= hi) {
      hit = true;
      break;
    }
  }
  return hit !== set.negated;
}

const D: [number, number][] = [[48, 57]];
const W: [number, number][] = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const S: [number, number][] = [
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

/** The ranges of `\d`, `\w`, `\s` (ASCII digits and word characters, Unicode-ish spaces). */
export function classRanges(
  letter: string,
): { ranges: [number, number][]; negated: boolean } | undefined {
  const lower = letter.toLowerCase();
  const ranges = lower === "d" ? D : lower === "w" ? W : lower === "s" ? S : undefined;
  return ranges ? { ranges, negated: letter !== lower } : undefined;
}

/** Whether `c` is a word character for `\b`. */
export function isWordChar(c: number): boolean {
  return inSet({ ranges: W, negated: false }, c);
}
