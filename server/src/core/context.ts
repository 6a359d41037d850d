import picomatch from "picomatch";
import type { ResolvedConfig } from "./config";
import type { Context, Guard } from "./model";

/** What context classification needs to know about the file. */
export interface PathContext {
  /** Path relative to the project root, forward slashes. */
  path: string;
  config: ResolvedConfig;
}

const TEST_PATH =
  /(^|\/)(tests?|__tests__|__mocks__|spec|specs|e2e|cypress|playwright)\/|(^|\/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$/i;
const DEV_SETTINGS =
  /(^|\/)settings[/_.](dev|devel|development|local|test|testing|ci)(\.py|\/)|(^|\/)(dev|local|development)_settings\.py$/i;

/** Identifiers that, when true, mean "this is a development run". */
const DEV_FLAG =
  /^(?:[\w.]*\.)?(DEBUG|debug|IS_DEV|isDev|isDevelopment|IS_DEVELOPMENT|DEV|dev|isLocal|IS_LOCAL|LOCAL|devMode|DEV_MODE|isDebug|development|app\.debug|__DEV__|import\.meta\.env\.DEV)$/;
/** Identifiers that, when true, mean "this is production". */
const PROD_FLAG =
  /^(?:[\w.]*\.)?(IS_PROD|isProd|isProduction|IS_PRODUCTION|PROD|prod|production|import\.meta\.env\.PROD)$/;
const DEV_WORD = /^(dev|develop|development|local|localhost|debug|test|testing)$/i;
const PROD_WORD = /^(prod|production|live)$/i;

/**
 * Reads one condition: 'development' when it holds only in development runs, 'production' when it holds
 * only in production runs, undefined when it says nothing about the environment.
 */
export function conditionKind(condition: string): "development" | "production" | undefined {
  let c = condition.trim().replace(/\s+/g, " ");
  while (/^\(.*\)$/.test(c) && balanced(c.slice(1, -1))) c = c.slice(1, -1).trim();
  const neg = /^(not\s+|!\s*)(.*)$/.exec(c);
  if (neg && !/^!\s*=/.test(c)) return flip(conditionKind(neg[2]));
  if (DEV_FLAG.test(c)) return "development";
  if (PROD_FLAG.test(c)) return "production";
  // NODE_ENV / ENVIRONMENT / settings.ENV compared with a string.
  const cmp = /^(.+?)\s*(===|!==|==|!=|\bis not\b|\bis\b)\s*(.+)$/.exec(c);
  if (cmp) {
    const [, l, op, r] = cmp;
    const lit = stringLiteral(r) ?? stringLiteral(l);
    const other = stringLiteral(r) !== undefined ? l : r;
    if (lit !== undefined && /env|environment|stage|mode|profile|flavor|tier/i.test(other)) {
      const equal = op === "===" || op === "==" || op === "is";
      const kind = DEV_WORD.test(lit)
        ? "development"
        : PROD_WORD.test(lit)
          ? "production"
          : undefined;
      return equal ? kind : flip(kind);
    }
    if (/^(True|true)$/.test(r.trim()) && DEV_FLAG.test(l.trim()))
      return op.startsWith("!") ? "production" : "development";
  }
  // `"dev" in ENVIRONMENT` style and `env.startsWith("dev")`.
  const call = /^(.+?)\.(startsWith|startswith|includes)\(\s*(['"`])(\w+)\3\s*\)$/.exec(c);
  if (call && /env|environment|stage|mode/i.test(call[1])) {
    return DEV_WORD.test(call[4])
      ? "development"
      : PROD_WORD.test(call[4])
        ? "production"
        : undefined;
  }
  return undefined;
}

function flip(
  k: "development" | "production" | undefined,
): "development" | "production" | undefined {
  return k === "development" ? "production" : k === "production" ? "development" : undefined;
}

function stringLiteral(s: string): string | undefined {
  const m = /^\s*(['"`])([^'"`]*)\1\s*$/.exec(s);
  return m ? m[2] : undefined;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** The kind a guarded branch runs in, from the innermost guard that says anything. */
function guardKind(
  guards: Guard[],
): { kind: "development" | "production"; guard: Guard } | undefined {
  for (let i = guards.length - 1; i >= 0; i--) {
    const g = guards[i];
    const k = conditionKind(g.condition);
    if (!k) continue;
    return { kind: g.whenTrue ? k : flip(k)!, guard: g };
  }
  return undefined;
}

const matchers = new Map<string, (p: string) => boolean>();
function globMatch(globs: string[], path: string): string | undefined {
  for (const g of globs) {
    let m = matchers.get(g);
    if (!m) {
      m = picomatch(g, { dot: true });
      matchers.set(g, m);
    }
    if (m(path)) return g;
  }
  return undefined;
}

/** Classifies a configuration's context: configured globs first, then test paths, guards, settings names. */
export function classifyContext(guards: Guard[], file: PathContext): Context {
  const { contexts } = file.config;
  const forced =
    (globMatch(contexts.production, file.path) && "production") ||
    (globMatch(contexts.test, file.path) && "test") ||
    (globMatch(contexts.development, file.path) && "development");
  if (forced)
    return {
      kind: forced,
      reason: `${file.path} matches the "${forced}" globs in .cors-lint.json`,
    };
  if (TEST_PATH.test(file.path)) return { kind: "test", reason: `${file.path} is a test file` };
  const g = guardKind(guards);
  if (g) {
    const cond = g.guard.condition.replace(/\s+/g, " ");
    const where = g.guard.whenTrue
      ? `inside ${quoted(cond)}`
      : `in the else branch of ${quoted(cond)}`;
    return { kind: g.kind, reason: `${where}, a ${g.kind} check` };
  }
  if (DEV_SETTINGS.test(file.path))
    return { kind: "development", reason: `${file.path} is a development settings module` };
  return { kind: "production", reason: "no development or test guard around it" };
}

/** Code quoted for plain-text messages: double quotes, or single ones when it holds a double quote. */
function quoted(code: string): string {
  return code.includes('"') && !code.includes("'") ? `'${code}'` : `"${code}"`;
}
