import {
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from "jsonc-parser";
import { LineIndex } from "./line-index";
import type { Severity } from "./model";
import { SEVERITIES } from "./severity";

/** A rule's configured level. */
export type RuleLevel = Severity | "off";

/** The `.cors-lint.json` file, as a user writes it (every field optional). */
export interface ConfigFile {
  $schema?: string;
  /** Per-rule severity or "off". */
  rules?: Record<string, RuleLevel>;
  /** The origins the product really serves, used by fixes that restrict origins. */
  productionOrigins?: string[];
  /** Globs (relative to the config file) that force a context. */
  contexts?: { test?: string[]; development?: string[]; production?: string[] };
  /** Level for findings in development and test contexts. */
  developmentSeverity?: RuleLevel;
  testSeverity?: RuleLevel;
  /** Globs of files never analysed. */
  ignore?: string[];
  /** Whether bulk fixing applies unsafe fixes too. */
  unsafeFixes?: boolean;
}

/** A configuration with every default applied. */
export interface ResolvedConfig {
  rules: Record<string, RuleLevel>;
  productionOrigins: string[];
  contexts: { test: string[]; development: string[]; production: string[] };
  developmentSeverity: RuleLevel;
  testSeverity: RuleLevel;
  ignore: string[];
  unsafeFixes: boolean;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  productionOrigins: [],
  contexts: { test: [], development: [], production: [] },
  developmentSeverity: "info",
  testSeverity: "hint",
  ignore: [],
  unsafeFixes: false,
};

/** One problem in a `.cors-lint.json` text; line and column are 1-based (columns in UTF-16 units). */
export interface ConfigError {
  message: string;
  offset: number;
  length: number;
  line: number;
  column: number;
}

/** What parseConfig() reads from a configuration text. */
export interface ParsedConfig {
  /** The defaults with every valid entry of the file applied; invalid entries keep their default. */
  config: ResolvedConfig;
  /** The valid entries as written (for merging with other layers, e.g. editor settings). */
  file: ConfigFile;
  errors: ConfigError[];
}

const LEVELS: readonly RuleLevel[] = [...SEVERITIES, "off"];
const CONTEXT_KINDS = ["test", "development", "production"] as const;
const TOP_KEYS = [
  "$schema",
  "rules",
  "productionOrigins",
  "contexts",
  "developmentSeverity",
  "testSeverity",
  "ignore",
  "unsafeFixes",
] as const;

/** `scheme://host[:port]` in lowercase, as browsers send it in `Origin`. */
const ORIGIN =
  /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^[a-z][a-z0-9+.-]*:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?$/;

/** Whether a string is a rule level. */
export function isRuleLevel(s: unknown): s is RuleLevel {
  return typeof s === "string" && (LEVELS as readonly string[]).includes(s);
}

/**
 * Parses and validates a `.cors-lint.json` text. The file is JSON; comments and trailing commas are
 * accepted (as in VS Code's own settings files). Never throws: every problem is an error with a position,
 * and the returned config holds the defaults for whatever was invalid. `knownRules` are the rule names
 * a `rules` entry may use (the rule registry's, passed in so that config sits below the rules).
 */
export function parseConfig(
  text: string,
  fileName: string,
  knownRules: readonly string[],
): ParsedConfig {
  const errors: ConfigError[] = [];
  const at = positioner(text);
  const report = (message: string, offset: number, length: number): void => {
    errors.push({ message, offset, length, ...at(offset) });
  };
  const file: ConfigFile = {};
  if (!stripComments(text).trim()) {
    report(`${baseName(fileName)} is empty: expected a JSON object`, 0, 0);
    return { config: resolveConfig(file), file, errors };
  }
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  for (const e of syntax) report(syntaxMessage(e), e.offset, e.length);
  if (errors.length === 0 && root) {
    if (root.type !== "object")
      report(`expected a JSON object, found ${describe(root)}`, root.offset, root.length);
    else readTop(root, file, knownRules, report);
  }
  errors.sort((a, b) => a.offset - b.offset);
  return { config: resolveConfig(file), file, errors };
}

function syntaxMessage(e: ParseError): string {
  return (
    "invalid JSON: " +
    printParseErrorCode(e.error)
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
  );
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
}

type Report = (message: string, offset: number, length: number) => void;

function readTop(
  root: JsonNode,
  file: ConfigFile,
  knownRules: readonly string[],
  report: Report,
): void {
  for (const [key, keyNode, value] of properties(root, report)) {
    switch (key) {
      case "$schema":
        if (expect(value, "string", key, report)) file.$schema = value.value as string;
        break;
      case "rules":
        file.rules = readRules(value, knownRules, report);
        break;
      case "productionOrigins": {
        const list = stringArray(value, key, report);
        if (list)
          file.productionOrigins = list
            .filter(([s, n]) => checkOrigin(s, n, report))
            .map(([s]) => s);
        break;
      }
      case "contexts":
        file.contexts = readContexts(value, report);
        break;
      case "developmentSeverity":
      case "testSeverity": {
        const level = readLevel(value, key, report);
        if (level) file[key] = level;
        break;
      }
      case "ignore": {
        const list = stringArray(value, key, report);
        if (list) file.ignore = list.map(([s]) => s);
        break;
      }
      case "unsafeFixes":
        if (expect(value, "boolean", key, report)) file.unsafeFixes = value.value as boolean;
        break;
      default:
        report(
          `unknown option "${key}"${didYouMean(key, TOP_KEYS)}`,
          keyNode.offset,
          keyNode.length,
        );
    }
  }
}

function readRules(
  node: JsonNode,
  knownRules: readonly string[],
  report: Report,
): ConfigFile["rules"] {
  if (!expect(node, "object", "rules", report)) return undefined;
  const out: Record<string, RuleLevel> = {};
  for (const [name, keyNode, value] of properties(node, report)) {
    if (!knownRules.includes(name)) {
      report(
        `unknown rule "${name}"${didYouMean(name, knownRules)}`,
        keyNode.offset,
        keyNode.length,
      );
      continue;
    }
    const level = readLevel(value, `rules.${name}`, report);
    if (level) out[name] = level;
  }
  return out;
}

function readContexts(node: JsonNode, report: Report): ConfigFile["contexts"] {
  if (!expect(node, "object", "contexts", report)) return undefined;
  const out: NonNullable<ConfigFile["contexts"]> = {};
  for (const [key, keyNode, value] of properties(node, report)) {
    if (!(CONTEXT_KINDS as readonly string[]).includes(key)) {
      report(
        `unknown context "${key}": expected test, development or production`,
        keyNode.offset,
        keyNode.length,
      );
      continue;
    }
    const list = stringArray(value, `contexts.${key}`, report);
    if (list) out[key as (typeof CONTEXT_KINDS)[number]] = list.map(([s]) => s);
  }
  return out;
}

function readLevel(node: JsonNode, where: string, report: Report): RuleLevel | undefined {
  if (isRuleLevel(node.value)) return node.value;
  const hint = node.value === "warn" ? ' (did you mean "warning"?)' : "";
  report(
    `${where} must be one of ${LEVELS.map((l) => `"${l}"`).join(", ")}, found ${describe(node)}${hint}`,
    node.offset,
    node.length,
  );
  return undefined;
}

/** The object's properties; duplicate keys are reported and the last one wins, as in JSON.parse. */
function properties(node: JsonNode, report: Report): [string, JsonNode, JsonNode][] {
  const out: [string, JsonNode, JsonNode][] = [];
  const seen = new Set<string>();
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (!k || !v) continue;
    const key = String(k.value);
    if (seen.has(key)) report(`duplicate key "${key}"`, k.offset, k.length);
    seen.add(key);
    out.push([key, k, v]);
  }
  return out;
}

function expect(
  node: JsonNode,
  type: "string" | "boolean" | "object",
  where: string,
  report: Report,
): boolean {
  if (node.type === type) return true;
  report(
    `${where} must be ${type === "object" ? "an object" : `a ${type}`}, found ${describe(node)}`,
    node.offset,
    node.length,
  );
  return false;
}

function stringArray(
  node: JsonNode,
  where: string,
  report: Report,
): [string, JsonNode][] | undefined {
  if (node.type !== "array") {
    report(
      `${where} must be an array of strings, found ${describe(node)}`,
      node.offset,
      node.length,
    );
    return undefined;
  }
  const out: [string, JsonNode][] = [];
  for (const item of node.children ?? []) {
    if (item.type === "string") out.push([item.value as string, item]);
    else
      report(`${where} must hold strings only, found ${describe(item)}`, item.offset, item.length);
  }
  return out;
}

function checkOrigin(s: string, node: JsonNode, report: Report): boolean {
  const defaultPort = /^https:\/\/[^/]*:443$|^http:\/\/[^/]*:80$/.test(s);
  if (ORIGIN.test(s) && !defaultPort) return true;
  const why =
    s === "*" || s === "null"
      ? 'a production origin must be a real origin, not a wildcard or "null"'
      : /[A-Z]/.test(s)
        ? "browsers send origins in lowercase"
        : /^[^:]+:\/\/[^/]+\/./.test(s) || s.endsWith("/")
          ? "an origin has no path and no trailing slash"
          : defaultPort
            ? "browsers omit the default port"
            : "expected scheme://host[:port]";
  report(`productionOrigins: "${s}" is not an origin: ${why}`, node.offset, node.length);
  return false;
}

function describe(node: JsonNode): string {
  if (node.type === "string") return JSON.stringify(node.value);
  if (node.type === "number" || node.type === "boolean" || node.type === "null")
    return String(node.value);
  return node.type === "array" ? "an array" : "an object";
}

function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function positioner(text: string): (offset: number) => { line: number; column: number } {
  const index = new LineIndex(text);
  return (offset) => {
    const p = index.position(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || fileName;
}

/** Applies a configuration file's entries on top of a resolved configuration (DEFAULT_CONFIG by default). */
export function resolveConfig(
  file: ConfigFile,
  base: ResolvedConfig = DEFAULT_CONFIG,
): ResolvedConfig {
  return {
    rules: { ...base.rules, ...file.rules },
    productionOrigins: file.productionOrigins ?? base.productionOrigins,
    contexts: {
      test: file.contexts?.test ?? base.contexts.test,
      development: file.contexts?.development ?? base.contexts.development,
      production: file.contexts?.production ?? base.contexts.production,
    },
    developmentSeverity: file.developmentSeverity ?? base.developmentSeverity,
    testSeverity: file.testSeverity ?? base.testSeverity,
    ignore: file.ignore ?? base.ignore,
    unsafeFixes: file.unsafeFixes ?? base.unsafeFixes,
  };
}

/** Per-rule levels (e.g. from `--rule name=level`) on top of a resolved configuration. */
export function withRuleLevels(
  config: ResolvedConfig,
  levels: Record<string, RuleLevel>,
): ResolvedConfig {
  return Object.keys(levels).length ? { ...config, rules: { ...config.rules, ...levels } } : config;
}
