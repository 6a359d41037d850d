import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { corsNamed, PREFILTER_TOKENS } from "../core/analyze";
import { byteSearch, type ByteSearch } from "./byte-search";

/** Files larger than this are skipped with a note (generated bundles, data). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** What reading one source file gave. */
export type SourceRead =
  /** The file may hold CORS code: its text, decoded as UTF-8 (what `readFileSync(p, "utf8")` gives). */
  | { kind: "text"; text: string }
  /** The byte prefilter ruled the file out; it was not decoded. */
  | { kind: "filtered" }
  | { kind: "too-large"; size: number }
  | { kind: "error"; error: unknown };

/** A byte's ASCII lower case (other bytes unchanged). */
const FOLD = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b));
/** The prefilter tokens as bytes (lower-case ASCII). */
const TOKENS = PREFILTER_TOKENS.map((t) => Buffer.from(t, "latin1"));
/** The search window: the shortest token's length. */
const WINDOW = Math.min(...TOKENS.map((t) => t.length));
/**
 * Set-Horspool tables over the window's last byte (both cases): how far the window may move when that
 * byte ends it, and which tokens (bit k = token k) have their window-th byte there.
 */
const SHIFT = new Uint8Array(256).fill(WINDOW);
const ENDS = new Uint8Array(256);
for (let k = 0; k < TOKENS.length; k++) {
  const t = TOKENS[k];
  for (let b = 0; b < 256; b++) {
    const f = FOLD[b];
    if (f === t[WINDOW - 1]) ENDS[b] |= 1 << k;
    for (let j = 0; j < WINDOW - 1; j++)
      if (f === t[j]) SHIFT[b] = Math.min(SHIFT[b], WINDOW - 1 - j);
  }
}

/** Whether token `t` starts at `buf[at]`, ASCII case-insensitively, within `end`. */
function tokenAt(buf: Uint8Array, at: number, end: number, t: Uint8Array): boolean {
  if (at + t.length > end) return false;
  for (let j = 0; j < t.length; j++) if (FOLD[buf[at + j]] !== t[j]) return false;
  return true;
}

/**
 * Whether the bytes `buf[0..end)` contain a prefilter token, ASCII case-insensitively, without decoding
 * or copying them (a Set-Horspool search over the raw bytes). Equivalent to `mayHoldCors` on the text
 * decoded as UTF-8: the tokens are ASCII, UTF-8 decoding never turns or swallows an ASCII byte, and a
 * non-Unicode `/i` regex never folds a non-ASCII character onto an ASCII one.
 */
export function mayHoldCorsBytes(buf: Uint8Array, end = buf.length): boolean {
  for (let i = WINDOW - 1; i < end;) {
    const b = buf[i];
    const ends = ENDS[b];
    if (ends !== 0)
      for (let k = 0; k < TOKENS.length; k++)
        if (ends & (1 << k) && tokenAt(buf, i - WINDOW + 1, end, TOKENS[k])) return true;
    i += SHIFT[b];
  }
  return false;
}

/**
 * Reads source files into one reusable buffer (no per-file allocation or `stat`), tests the prefilter on
 * the bytes (with WebAssembly SIMD where the runtime has it, see `byte-search.ts`) and decodes only the
 * files that pass. One reader per thread.
 */
export class SourceReader {
  /** The SIMD search and its buffer (the largest file fits: no growing), where the runtime has it. */
  private readonly simd: ByteSearch | undefined;
  private buf: Buffer;

  /** `simd: false` keeps to the plain byte loop (tests compare the two). */
  constructor(options: { simd?: boolean } = {}) {
    this.simd =
      options.simd === false ? undefined : byteSearch(PREFILTER_TOKENS, MAX_FILE_BYTES + 1);
    this.buf = this.simd?.buf ?? Buffer.allocUnsafe(64 * 1024);
  }

  /**
   * Reads a file and decodes it only when it passes the prefilter. For regular files (what the walk
   * lists): a read that returns less than asked is taken as the end of the file.
   */
  read(path: string): SourceRead {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (error) {
      return { kind: "error", error };
    }
    try {
      let n = 0;
      for (;;) {
        if (n === this.buf.length) {
          if (n > MAX_FILE_BYTES) return { kind: "too-large", size: fstatSync(fd).size };
          const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 4, MAX_FILE_BYTES + 1));
          this.buf.copy(bigger, 0, 0, n);
          this.buf = bigger;
        }
        const room = this.buf.length - n;
        const got = readSync(fd, this.buf, n, room, null);
        n += got;
        // A regular file's short read is its end: no second read() just to be told 0.
        if (got < room) break;
      }
      const pass = this.simd ? this.simd.has(n) : mayHoldCorsBytes(this.buf, n);
      if (!pass && !corsNamed(path)) return { kind: "filtered" };
      return { kind: "text", text: this.buf.toString("utf8", 0, n) };
    } catch (error) {
      return { kind: "error", error };
    } finally {
      closeSync(fd);
    }
  }
}
