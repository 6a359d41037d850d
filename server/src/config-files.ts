import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseConfig, type ParsedConfig } from "./core/config";
import { RULE_NAMES } from "./core/rules";

/** The configuration file's name, looked up from each analysed file's folder upwards. */
export const CONFIG_NAME = ".cors-lint.json";

/** A configuration file as read and parsed, with the stat it was read at. */
export interface ReadConfig extends ParsedConfig {
  path: string;
  text: string;
  mtimeMs: number;
  size: number;
}

/**
 * The one `.cors-lint.json` lookup of the CLI and the language server: the nearest file at or above a
 * folder, up to the file system root (cached per folder), and its parsed text (cached until the file's
 * size or mtime changes). What each host does with a config (merge editor settings, fail the run) is
 * its own.
 */
export class ConfigLookup {
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly byPath = new Map<string, ReadConfig>();

  /** Forgets where config files are (after one was created or deleted) and what they said. */
  invalidate(): void {
    this.nearestByDir.clear();
    this.byPath.clear();
  }

  /** The config files read since the last invalidate(). */
  readPaths(): string[] {
    return [...this.byPath.keys()].sort();
  }

  /** The nearest `.cors-lint.json` at or above `dir`. */
  nearest(dir: string): string | undefined {
    const cached = this.nearestByDir.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    if (isFile(join(dir, CONFIG_NAME))) found = join(dir, CONFIG_NAME);
    else {
      const parent = dirname(dir);
      found = parent === dir ? undefined : this.nearest(parent);
    }
    this.nearestByDir.set(dir, found ?? null);
    return found;
  }

  /** Reads and parses a config file; `error` is what stopped it from being read. */
  read(path: string): ReadConfig | { error: unknown } {
    let st;
    let text: string;
    try {
      st = statSync(path);
      const old = this.byPath.get(path);
      if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) return old;
      text = readFileSync(path, "utf8");
    } catch (error) {
      return { error };
    }
    const read = {
      path,
      text,
      mtimeMs: st.mtimeMs,
      size: st.size,
      ...parseConfig(text, path, RULE_NAMES),
    };
    this.byPath.set(path, read);
    return read;
  }
}

function isFile(p: string): boolean {
  try {
    // No exception (and its stack trace) for the usual answer: no such file.
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
