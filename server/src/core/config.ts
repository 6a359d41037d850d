import type { Severity } from './model';

/** A rule's configured level. */
export type RuleLevel = Severity | 'off';

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
  developmentSeverity: 'info',
  testSeverity: 'hint',
  ignore: [],
  unsafeFixes: false,
};
