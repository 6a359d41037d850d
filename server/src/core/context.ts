import picomatch from "picomatch";
import type { ResolvedConfig } from "./config";
import type { Context, Edit, Guard } from "./model";

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
  const open = g?.kind === "development" ? failOpen(g.guard) : undefined;
  if (g && open) {
    const cond = g.guard.condition.replace(/\s+/g, " ");
    const where = g.guard.whenTrue
      ? `inside ${quoted(cond)}`
      : `in the else branch of ${quoted(cond)}`;
    return {
      kind: "production",
      reason: `${where}, which runs when ${open.variable} is unset${nodeDefault(open.variable)}`,
      failOpen: {
        variable: open.variable,
        ...(open.invert
          ? {
              fix: {
                kind: INVERT_ENV_DEFAULT,
                title: open.invert.title,
                applicability: "unsafe",
                edits: [open.invert.edit],
              },
            }
          : {}),
      },
    };
  }
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

/**
 * The fix kind every rule's finding may carry when its branch is fail-open: it comes from the context,
 * not from the rule (unsafe: the branch stops running where the variable is unset).
 */
export const INVERT_ENV_DEFAULT = "invert-env-default";

/** ", which is Node's default" for NODE_ENV: nothing sets it unless a deployment does. */
export function nodeDefault(variable: string): string {
  return variable === "NODE_ENV" ? ", which is Node's default" : "";
}

/** A development branch that a deployment without the variable runs. */
export interface FailOpen {
  /** The environment variable whose absence takes the branch. */
  variable: string;
  /** The edit that makes the branch need the variable set to a development value, when one is clear. */
  invert?: { title: string; edit: Edit };
}

const ENV_READ =
  /^(?:process\.env\.(\w+)|process\.env\[\s*['"`](\w+)['"`]\s*\]|(?:os\.environ\.get|os\.getenv|environ\.get|getenv)\(\s*['"](\w+)['"]\s*(?:,\s*(?:(['"])(.*?)\4|(None|True|False)))?\s*\))((?:\.lower\(\)|\.toLowerCase\(\)|\.strip\(\)|\.trim\(\))*)$/;

/** What an environment read yields when the variable is unset: its default, or undefined/None. */
function unsetRead(text: string): { variable: string; value: string | undefined } | undefined {
  const m = ENV_READ.exec(text.trim());
  if (!m) return undefined;
  const variable = m[1] ?? m[2] ?? m[3];
  let value: string | undefined = m[5];
  if (m[6] === "True") value = "True";
  if (value !== undefined && /lower|LowerCase/.test(m[7] ?? "")) value = value.toLowerCase();
  if (value !== undefined && /strip|trim/.test(m[7] ?? "")) value = value.trim();
  return { variable, value };
}

function unquote(s: string): string | undefined {
  const m = /^\s*(['"`])([^'"`]*)\1\s*$/.exec(s);
  return m ? m[2] : undefined;
}

/**
 * The truth of a condition when every environment variable it reads is unset, with the variable, or
 * undefined when that cannot be told from the text. `definition` is what a bare flag name was assigned.
 */
export function valueWhenUnset(
  condition: string,
  definition?: string,
): { value: boolean; variable: string } | undefined {
  let c = condition.trim();
  while (/^\(.*\)$/s.test(c)) c = c.slice(1, -1).trim();
  const neg = /^(?:not\s+|!\s*)(.*)$/s.exec(c);
  if (neg && !/^!\s*=/.test(c)) {
    const inner = valueWhenUnset(neg[1], definition);
    return inner && { ...inner, value: !inner.value };
  }
  if (/^[\w.]+$/.test(c) && definition && !ENV_READ.test(c)) return valueWhenUnset(definition);
  const read = unsetRead(c);
  if (read) return { variable: read.variable, value: !!read.value };
  const cmp = /^(.+?)\s*(===|!==|==|!=|\bnot in\b|\bin\b)\s*(.+)$/s.exec(c);
  if (!cmp) return undefined;
  const [, l, op, r] = cmp;
  const left = unsetRead(l);
  if (!left) return undefined;
  if (op === "in" || op === "not in") {
    const items = /^[([{]\s*(.*?)\s*,?\s*[)\]}]$/s.exec(r.trim())?.[1].split(",").map(unquote);
    if (!items || items.some((i) => i === undefined)) return undefined;
    const found = left.value !== undefined && items.includes(left.value);
    return { variable: left.variable, value: op === "in" ? found : !found };
  }
  const lit = unquote(r);
  if (lit === undefined) return undefined;
  const equal = left.value === lit;
  return { variable: left.variable, value: op.startsWith("=") ? equal : !equal };
}

/**
 * Whether a guarded branch read as development is taken when the variable is unset (fail-open:
 * production runs it), with an edit making it need `=== "development"` when the guard compares the
 * variable with "production".
 */
export function failOpen(g: Guard): FailOpen | undefined {
  const v = valueWhenUnset(g.condition, g.definition);
  if (!v || v.value !== g.whenTrue) return undefined;
  const m = /^(.+?)\s*(===|!==|==|!=)\s*(['"`])(prod|production)\3$/.exec(g.condition.trim());
  if (!m) return { variable: v.variable };
  // The branch runs when the variable is not "production"; make it need "development" instead.
  const op = g.whenTrue ? (m[2].length === 3 ? "===" : "==") : m[2].length === 3 ? "!==" : "!=";
  const newText = `${m[1]} ${op} ${m[3]}development${m[3]}`;
  return {
    variable: v.variable,
    invert: {
      title: `Take this branch only when ${v.variable} is "development"`,
      edit: { start: g.span.start, end: g.span.end, newText },
    },
  };
}
