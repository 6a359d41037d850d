import type { Connection } from "vscode-languageserver";
import { isRuleLevel, type RuleLevel } from "../core/config";

/** The editor settings (`corsLint.*`) the server reads for one resource. */
export interface Settings {
  enable: boolean;
  /** When open documents are analysed: as the user types, or when saved. */
  run: "onType" | "onSave";
  /** Diagnostics for every file of the workspace, or for open documents only. */
  scope: "workspace" | "openFiles";
  /** Severity overrides per rule; `.cors-lint.json` wins over them. */
  rules: Record<string, RuleLevel>;
  /** Globs (relative to the workspace folder) never analysed, on top of `.gitignore` and the default excludes. */
  exclude: string[];
  productionOrigins: string[];
  unsafeFixes: boolean;
}

/** The settings a client that says nothing gets. */
export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: "onType",
  scope: "workspace",
  rules: {},
  exclude: [],
  productionOrigins: [],
  unsafeFixes: false,
};

/** Reads a `corsLint` settings object defensively: wrong types fall back to the defaults. */
export function readSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
  const rules: Record<string, RuleLevel> = {};
  if (r.rules && typeof r.rules === "object") {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>))
      if (isRuleLevel(v)) rules[k] = v;
  }
  return {
    enable: typeof r.enable === "boolean" ? r.enable : DEFAULT_SETTINGS.enable,
    run: r.run === "onSave" ? "onSave" : "onType",
    scope: r.scope === "openFiles" ? "openFiles" : "workspace",
    rules,
    exclude: strings(r.exclude) ?? [],
    productionOrigins: strings(r.productionOrigins) ?? [],
    unsafeFixes: r.unsafeFixes === true,
  };
}

/**
 * Settings pulled per resource through `workspace/configuration` and cached per URI until the next
 * `workspace/didChangeConfiguration`. Clients without the pull model push their settings instead.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** The settings that apply to a document or folder URI. */
  get(uri: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: "corsLint" })
        .then(readSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, s);
    }
    return s;
  }

  /** Forgets every cached answer; `pushed` is the payload of didChangeConfiguration, if any. */
  invalidate(pushed?: unknown): void {
    this.cache.clear();
    const section = (pushed as { corsLint?: unknown } | undefined)?.corsLint;
    if (section !== undefined) this.pushed = readSettings(section);
  }
}
