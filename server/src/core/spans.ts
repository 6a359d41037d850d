import type { Span } from "./model";

/**
 * Spans that name their file. Values read from another module carry `file` on every span; spans without one
 * belong to the analysed file. Rules read text around spans, so the engine runs them over one composite text:
 * the analysed file, then each other module that feeds a policy, separated by blank lines. Offsets are mapped
 * back to `(file, offset)` afterwards.
 */

function isSpanLike(o: object): o is Span {
  const s = o as Partial<Span>;
  return typeof s.start === "number" && typeof s.end === "number";
}

/** A deep copy where every span-like object (`start` and `end` numbers) is passed through `f`. */
export function mapSpans<T>(v: T, f: (s: Span) => Span): T {
  if (Array.isArray(v)) return v.map((x: unknown) => mapSpans(x, f)) as T;
  if (!v || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = mapSpans(x, f);
  return (isSpanLike(v) ? f(out as unknown as Span) : out) as T;
}

/** A deep copy of a value read in `file`, with that file named on every span that names none. */
export function tagFile<T>(v: T, file: string): T {
  return mapSpans(v, (s) => (s.file ? s : { ...s, file }));
}

/** Every file named by a span inside a value. */
export function filesOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) filesOf(x, out);
  else if (v && typeof v === "object") {
    const file = (v as Span).file;
    if (typeof file === "string" && isSpanLike(v)) out.add(file);
    for (const x of Object.values(v)) if (x && typeof x === "object") filesOf(x, out);
  }
  return out;
}

const SEPARATOR = "\n\n\n";

/** The analysed file followed by the other modules a policy reads, in one offset space. */
export class Composite {
  text: string;
  private readonly parts: { file: string; base: number; length: number }[] = [];

  constructor(
    readonly main: string,
    mainText: string,
  ) {
    this.text = mainText;
  }

  /** Appends a module's text (once). */
  add(file: string, text: string): void {
    if (file === this.main || this.parts.some((p) => p.file === file)) return;
    this.text += SEPARATOR;
    this.parts.push({ file, base: this.text.length, length: text.length });
    this.text += text;
  }

  /** Whether a module is part of the composite. */
  has(file: string): boolean {
    return file === this.main || this.parts.some((p) => p.file === file);
  }

  /** A span naming a file -> composite offsets (unknown files keep their span, which rules then ignore). */
  toComposite(s: Span): Span {
    if (!s.file || s.file === this.main) return { ...s, file: undefined };
    const p = this.parts.find((x) => x.file === s.file);
    if (!p) return s;
    const { file: _f, ...rest } = s;
    void _f;
    return { ...rest, start: s.start + p.base, end: s.end + p.base };
  }

  /** Composite offsets -> a span naming its file (no `file` for the analysed file). */
  fromComposite(s: Span): Span {
    if (s.file) return s;
    const out: Span = { ...s };
    delete out.file;
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const p = this.parts[i];
      if (s.start >= p.base) {
        return {
          ...out,
          start: s.start - p.base,
          end: Math.min(s.end - p.base, p.length),
          file: p.file,
        };
      }
    }
    return out;
  }
}
