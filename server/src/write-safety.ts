import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, relative, isAbsolute } from "node:path";

/**
 * Where fixes may write: the real path of a file (symbolic links resolved) must lie inside the real
 * path of one of the roots that were scanned. A link inside the tree to a file outside it is read
 * (the user asked to scan it) but never written through.
 */
export function realPathInside(
  path: string,
  roots: readonly string[],
): { real: string; inside: boolean } {
  const real = realOrParent(path);
  if (real === undefined) return { real: path, inside: false };
  const inside = roots.some((root) => {
    let r: string;
    try {
      r = realpathSync(root);
    } catch {
      return false;
    }
    const rel = relative(r, real);
    return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
  });
  return { real, inside };
}

/** Why a fixed file was not written, or undefined when it was. */
export type WriteRefusal = string | undefined;

/**
 * Writes a fixed file only when that is safe: its real path lies inside a scanned root, and its
 * bytes on disk are still exactly the text the fixes were computed from (UTF-8). The write goes to a
 * temporary file in the same folder, with the same mode, which then replaces the real file in one
 * rename, so a reader never sees half a file and a crash never leaves one. Returns why it refused.
 */
export function writeFixedFile(
  path: string,
  original: string,
  fixed: string,
  roots: readonly string[],
): WriteRefusal {
  const { real, inside } = realPathInside(path, roots);
  if (!inside) return `not fixed: it resolves to ${real}, outside the scanned folders`;
  const onDisk = readFileSync(real);
  if (!onDisk.equals(Buffer.from(original, "utf8"))) {
    return onDisk.toString("utf8") === original
      ? "not fixed: it is not valid UTF-8, and writing it back would change bytes that were not read"
      : "not fixed: it changed after cors-lint read it";
  }
  const mode = statSync(real).mode & 0o7777;
  const tmp = join(dirname(real), `.${basename(real)}.cors-lint-${process.pid}.tmp`);
  const fd = openSync(tmp, "wx", mode);
  try {
    try {
      fchmodSync(fd, mode);
      writeSync(fd, fixed, null, "utf8");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, real);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
  return undefined;
}

/** The real path of a file; for one not on disk (a new editor buffer), its real folder's path. */
function realOrParent(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return undefined;
    }
  }
}
