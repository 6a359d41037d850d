import type { Fix, OriginEntry, Policy, Span } from '../model';
import { fix, quoteOf, stringList, replaceString, insertOption } from '../fixes';
import type { RuleContext } from './types';

/** The origins suggested when the config names none. */
export const PLACEHOLDER_ORIGIN = 'https://app.example.com';

/**
 * "Replace '*' with an explicit origin list": unsafe with the configured `productionOrigins`,
 * a suggestion with a placeholder otherwise.
 */
export function restrictOriginsFix(policy: Policy, o: OriginEntry, ctx: RuleContext): Fix[] {
  const origins = ctx.config.productionOrigins;
  const chosen = origins.length ? origins : [PLACEHOLDER_ORIGIN];
  const applicability = origins.length ? 'unsafe' : 'suggestion';
  const title = origins.length
    ? `Replace the wildcard with ${chosen.join(', ')}`
    : 'Replace the wildcard with an explicit origin list';
  const src = ctx.text.slice(o.span.start, o.span.end);
  const isString = /^[rRbBuUfF]*['"`]/.test(src);
  if (o.kind === 'any' && o.source === 'default') {
    const key = policy.language === 'python' ? 'origins=' : 'origin: ';
    const edit = insertOption(ctx.text, policy, key + stringList(chosen, ctx.language === 'python' ? '"' : "'"));
    return edit ? [fix(title, applicability, [edit])] : [];
  }
  if (!isString) return [];
  const q = quoteOf(ctx.text, o.span);
  // Inside a list the star is one item: replace it with the origins; a bare '*' becomes a list.
  const parentIsList = /\[\s*$/.test(ctx.text.slice(Math.max(0, o.span.start - 40), o.span.start));
  if (parentIsList || chosen.length === 1) {
    if (chosen.length === 1) return [fix(title, applicability, [replaceString(ctx.text, o.span, chosen[0])])];
    return [fix(title, applicability, [{ ...o.span, newText: stringList(chosen, q).slice(1, -1) }])];
  }
  return [fix(title, applicability, [{ ...o.span, newText: stringList(chosen, q) }])];
}

/** Whether the text at `span` is a plain string literal (Python prefixes and JS templates included). */
export function isStringLiteral(text: string, span: Span): boolean {
  return /^[rRbBuUfF]*['"`]/.test(text.slice(span.start, span.start + 4));
}

/**
 * Whether `span` is one item of a list, tuple or array literal (it sits between `[`/`(`/`,` and `]`/`)`/`,`).
 * Call arguments look the same: callers rule out env defaults (`os.getenv("X", "a")`) themselves.
 */
export function isListItem(text: string, span: Span): boolean {
  const before = /[[(,]\s*$/.test(text.slice(Math.max(0, span.start - 200), span.start));
  const after = /^\s*[\]),]/.test(text.slice(span.end, span.end + 200));
  return before && after;
}

/** The " when VAR is unset" suffix for entries that come from an environment variable's default. */
export function whenUnset(envVar: string | undefined): string {
  return envVar ? ` when ${envVar} is unset` : '';
}
