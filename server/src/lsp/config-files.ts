import { dirname, relative, sep } from "node:path";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import { ConfigLookup, type ReadConfig } from "../config-files";
import { resolveConfig, type ResolvedConfig } from "../core/config";
import { LineMap, SOURCE } from "./convert";
import type { Settings } from "./settings";

export { CONFIG_NAME } from "../config-files";

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

/**
 * The editor's view of `.cors-lint.json` files, found and read by the shared `ConfigLookup` (the
 * nearest one at or above a file, up to the file system root as the CLI looks it up: a subfolder
 * opened on its own still gets the repository's config). Merge order: built-in defaults, then editor
 * settings, then the file -- the file wins because it is shared with the team and the CLI in CI, so
 * the editor and CI agree.
 */
export class ConfigFiles {
  private readonly lookup = new ConfigLookup();

  /** Forgets where config files are (after one was created or deleted) and what they said. */
  invalidate(): void {
    this.lookup.invalidate();
  }

  /** The config files read since the last invalidate(). */
  loadedPaths(): string[] {
    return this.lookup.readPaths();
  }

  /** The configuration for a file, given the settings of its resource and its workspace folder. */
  forFile(path: string, settings: Settings, root: string | undefined): EffectiveConfig {
    const configPath = this.lookup.nearest(dirname(path));
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

  private load(path: string): ReadConfig | undefined {
    const read = this.lookup.read(path);
    return "error" in read ? undefined : read;
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
