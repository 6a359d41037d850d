import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { corsNamed, PREFILTER_TOKENS } from "../core/analyze";

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

/**
 * Whether the bytes `buf[0..end)` contain a prefilter token, ASCII case-insensitively, without decoding
 * them as UTF-8. Equivalent to `mayHoldCors(buf.toString("utf8"))`: the tokens are ASCII, UTF-8 decoding
 * never turns or swallows an ASCII byte, and a non-Unicode `/i` regex never folds a non-ASCII character
 * onto an ASCII one; likewise latin1 lowercasing maps no byte above 0x7f into ASCII.
 */
export function mayHoldCorsBytes(buf: Buffer, end = buf.length): boolean {
  const lower = buf.toString("latin1", 0, end).toLowerCase();
  for (const token of PREFILTER_TOKENS) if (lower.includes(token)) return true;
  return false;
}

/**
 * Reads source files into one reusable buffer (no per-file allocation or `stat`), tests the prefilter on
 * the bytes and decodes only the files that pass. One reader per thread.
 */
export class SourceReader {
  private buf = Buffer.allocUnsafe(64 * 1024);

  /** Reads a file and decodes it only when it passes the prefilter. */
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
        const got = readSync(fd, this.buf, n, this.buf.length - n, null);
        if (got === 0) break;
        n += got;
      }
      if (!mayHoldCorsBytes(this.buf, n) && !corsNamed(path)) return { kind: "filtered" };
      return { kind: "text", text: this.buf.toString("utf8", 0, n) };
    } catch (error) {
      return { kind: "error", error };
    } finally {
      closeSync(fd);
    }
  }
}
