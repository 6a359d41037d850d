import { createHash } from "node:crypto";
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
  /**
   * A short string that changes whenever `config` does (part of the analysis cache key): a digest of the
   * configuration, the same in every thread for the same configuration.
   */
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
  /**
   * Resolved configurations by the settings object and the config file read (the empty string: none), so
   * a scan of thousands of files resolves and digests each distinct configuration once and every file
   * shares one object.
   */
  private resolved = new WeakMap<
    Settings,
    Map<ReadConfig | "", { config: ResolvedConfig; key: string }>
  >();

  /** Forgets where config files are (after one was created or deleted) and what they said. */
  invalidate(): void {
    this.lookup.invalidate();
    this.resolved = new WeakMap();
  }

  /** The config files read since the last invalidate(). */
  loadedPaths(): string[] {
    return this.lookup.readPaths();
  }

  /** The configuration for a file, given the settings of its resource and its workspace folder. */
  forFile(path: string, settings: Settings, root: string | undefined): EffectiveConfig {
    const configPath = this.lookup.nearest(dirname(path));
    const loaded = configPath ? this.load(configPath) : undefined;
    let bySettings = this.resolved.get(settings);
    if (!bySettings) this.resolved.set(settings, (bySettings = new Map()));
    let r = bySettings.get(loaded ?? "");
    if (!r) {
      const base = resolveConfig({
        rules: settings.rules,
        productionOrigins: settings.productionOrigins,
        unsafeFixes: settings.unsafeFixes,
      });
      const config = loaded ? resolveConfig(loaded.file, base) : base;
      r = { config, key: configKey(config) };
      bySettings.set(loaded ?? "", r);
    }
    const baseDir = configPath ? dirname(configPath) : (root ?? dirname(path));
    return { config: r.config, configPath, baseDir, key: r.key };
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

/** The digest of a resolved configuration (its JSON), short enough to keep per scanned file. */
export function configKey(config: ResolvedConfig): string {
  return createHash("sha1").update(JSON.stringify(config)).digest("base64");
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
