import { dirname, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { CONFIG_NAME, ConfigLookup } from "../config-files";
import { resolveConfig, withRuleLevels, type ResolvedConfig, type RuleLevel } from "../core/config";
import { displayPath, errorText } from "../walk";

/** A problem that stops the run with exit code 2; the message is printed as is. */
export class FatalError extends Error {}

/** The configuration that governs a folder, with the folder its globs are relative to. */
export interface LoadedConfig {
  /** The config file, or undefined when the defaults apply. */
  file?: string;
  /** Globs and context paths are relative to this folder (the config's folder, or the working folder). */
  root: string;
  config: ResolvedConfig;
  /** Whether the config's `ignore` globs match a path relative to `root`. */
  ignores(rel: string): boolean;
}

/**
 * The CLI's configurations: `--config` for every file, or the nearest `.cors-lint.json` at or above
 * each file's folder, found and read by the shared `ConfigLookup`. A malformed file throws FatalError
 * with `cors-lint: <file>:<line>:<col>: <problem>` lines.
 */
export class ConfigFiles {
  private readonly lookup = new ConfigLookup();
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly explicit?: LoadedConfig;
  private fallback?: LoadedConfig;

  constructor(
    private readonly cwd: string,
    explicitConfig: string | undefined,
    private readonly ruleLevels: Record<string, RuleLevel>,
  ) {
    if (explicitConfig) this.explicit = this.load(resolve(cwd, explicitConfig));
  }

  /** The configuration that governs files in `dir`. */
  forDir(dir: string): LoadedConfig {
    if (this.explicit) return this.explicit;
    const nearest = this.lookup.nearest(dir);
    return nearest ? this.load(nearest) : this.defaults();
  }

  /** The configuration of a file, with its path relative to the config's root. */
  forFile(path: string): { loaded: LoadedConfig; relativePath: string } {
    const loaded = this.forDir(dirname(path));
    return { loaded, relativePath: relative(loaded.root, path).split(sep).join("/") };
  }

  /** For the walker: whether no `ignore` glob can match an entry of `dir` (most folders). */
  ignoresNothingIn(dir: string): boolean {
    return !this.forDir(dir).config.ignore.length;
  }

  /** For the walker: the config file's display name when its `ignore` globs match the path. */
  ignores(path: string): string | undefined {
    const { loaded, relativePath } = this.forFile(path);
    return loaded.ignores(relativePath)
      ? displayPath(loaded.file ?? CONFIG_NAME, this.cwd)
      : undefined;
  }

  private defaults(): LoadedConfig {
    this.fallback ??= this.make(
      undefined,
      this.cwd,
      withRuleLevels(resolveConfig({}), this.ruleLevels),
    );
    return this.fallback;
  }

  private load(file: string): LoadedConfig {
    const cached = this.byFile.get(file);
    if (cached) return cached;
    const shown = displayPath(file, this.cwd);
    const read = this.lookup.read(file);
    if ("error" in read) {
      throw new FatalError(
        `cors-lint: ${shown}: cannot read the configuration: ${errorText(read.error)}`,
      );
    }
    const { config, errors } = read;
    if (errors.length) {
      throw new FatalError(
        errors.map((e) => `cors-lint: ${shown}:${e.line}:${e.column}: ${e.message}`).join("\n"),
      );
    }
    const loaded = this.make(file, dirname(file), withRuleLevels(config, this.ruleLevels));
    this.byFile.set(file, loaded);
    return loaded;
  }

  private make(file: string | undefined, root: string, config: ResolvedConfig): LoadedConfig {
    const match = config.ignore.length ? picomatch(config.ignore, { dot: true }) : undefined;
    return { file, root, config, ignores: (rel) => !!match && match(rel) };
  }
}
