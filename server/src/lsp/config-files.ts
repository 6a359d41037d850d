import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import { parseConfig, resolveConfig, type ConfigError, type ResolvedConfig } from "../core/config";
import { LineMap, SOURCE } from "./convert";
import type { Settings } from "./settings";

/** The configuration file's name. */
export const CONFIG_NAME = ".cors-lint.json";

/** What applies to one file: the merged configuration and where its globs are rooted. */
export interface EffectiveConfig {
  config: ResolvedConfig;
  /** The `.cors-lint.json` that applies, if any. */
  configPath?: string;
  /** The folder paths are made relative to (the config file's folder, else the workspace folder). */
  baseDir: string;
  /** A string that changes whenever `config` does (part of the analysis cache key). */
  key: string;
}

interface LoadedConfig {
  mtimeMs: number;
  size: number;
  text: string;
  file: ReturnType<typeof parseConfig>["file"];
  errors: ConfigError[];
}

/**
 * Finds and parses `.cors-lint.json` files: the nearest one at or above a file, up to the file
 * system root as the CLI looks it up (a subfolder opened on its own still gets the repository's
 * config). Merge order: built-in defaults, then editor settings, then the file -- the file wins
 * because it is shared with the team and the CLI in CI, so the editor and CI agree.
 */
export class ConfigFiles {
  private readonly nearest = new Map<string, string | null>();
  private readonly loaded = new Map<string, LoadedConfig>();

  /** Forgets where config files are (after one was created or deleted) and what they said. */
  invalidate(): void {
    this.nearest.clear();
    this.loaded.clear();
  }

  /** The config files read since the last invalidate(). */
  loadedPaths(): string[] {
    return [...this.loaded.keys()].sort();
  }

  /** The configuration for a file, given the settings of its resource and its workspace folder. */
  forFile(path: string, settings: Settings, root: string | undefined): EffectiveConfig {
    const configPath = this.find(dirname(path));
    const base = resolveConfig({
      rules: settings.rules,
      productionOrigins: settings.productionOrigins,
      unsafeFixes: settings.unsafeFixes,
    });
    const loaded = configPath ? this.load(configPath) : undefined;
    const config = loaded ? resolveConfig(loaded.file, base) : base;
    const baseDir = configPath ? dirname(configPath) : (root ?? dirname(path));
    return { config, configPath, baseDir, key: JSON.stringify(config) };
  }

  /** The diagnostics of a config file (empty when it is valid or unreadable). */
  diagnostics(configPath: string): Diagnostic[] {
    const loaded = this.load(configPath);
    if (!loaded) return [];
    const map = new LineMap(loaded.text);
    return loaded.errors.map((e) => ({
      range: map.range({ start: e.offset, end: e.offset + e.length }),
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: "invalid-config",
      message: e.message,
    }));
  }

  private find(dir: string): string | undefined {
    const cached = this.nearest.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    if (isFile(join(dir, CONFIG_NAME))) found = join(dir, CONFIG_NAME);
    else {
      const parent = dirname(dir);
      found = parent === dir ? undefined : this.find(parent);
    }
    this.nearest.set(dir, found ?? null);
    return found;
  }

  private load(path: string): LoadedConfig | undefined {
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined;
    }
    const old = this.loaded.get(path);
    if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) return old;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
    const parsed = parseConfig(text, path);
    const entry = {
      mtimeMs: st.mtimeMs,
      size: st.size,
      text,
      file: parsed.file,
      errors: parsed.errors,
    };
    this.loaded.set(path, entry);
    return entry;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Whether `path` is `ancestor` or inside it. */
export function isInside(ancestor: string, path: string): boolean {
  const rel = relative(ancestor, path);
  return (
    rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !/^([a-zA-Z]:|\/)/.test(rel))
  );
}

/** A path relative to a folder, with forward slashes. */
export function relativePath(from: string, path: string): string {
  return relative(from, path).split(sep).join("/");
}
