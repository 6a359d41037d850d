import type { PolicyInfo } from "../core/analyze";
import { FRAMEWORK_LABELS } from "../core/frameworks";
import type { Guard, OriginEntry, Policy, Setting, Span } from "../core/model";

/** A CORS configuration in plain words (hover and the Policies view share it). */
export interface PolicyWords {
  framework: string;
  whoMayRead: string;
  /** One line per origin entry. */
  origins: string[];
  credentials: string;
  methods: string;
  allowHeaders: string;
  exposeHeaders: string;
  context: string;
}

const ENGINES: Record<string, string> = {
  fullmatch: "whole-string match",
  match: "re.match, anchored at the start only",
  search: "RegExp.test, anchored nowhere",
  glob: "glob, whole-string match",
};

/** Describes one origin entry; `code` formats configured values (backticks in markdown). */
export function describeOrigin(o: OriginEntry, code: (s: string) => string = (s) => s): string {
  let s: string;
  switch (o.kind) {
    case "any":
      s = o.source === "default" ? "any origin (the framework default)" : "any origin";
      break;
    case "exact":
      s = o.match === "substring" ? `any substring of ${code(o.value)}` : code(o.value);
      break;
    case "regex":
      s = `origins matching ${code(`/${o.pattern}/${o.flags}`)} (${ENGINES[o.engine] ?? o.engine})`;
      break;
    case "reflect":
      s = "any origin (the request's Origin is echoed back)";
      break;
    case "partial-check":
      s = `origins passing a ${o.method} check for ${code(o.value)}`;
      break;
    case "dynamic":
      s = `decided at runtime (${o.description})`;
      break;
  }
  if (o.envVar) s += ` when ${o.envVar} is unset`;
  const g = guardText(o.guards);
  return g ? `${s} ${g}` : s;
}

function guardText(guards: Guard[] | undefined): string {
  if (!guards?.length) return "";
  const g = guards[guards.length - 1];
  const cond = g.condition.replace(/\s+/g, " ");
  return g.whenTrue ? `(when \`${cond}\`)` : `(unless \`${cond}\`)`;
}

/** "any origin", "2 origins", "origins matching a pattern", or "no other origin". */
export function whoMayRead(origins: OriginEntry[]): string {
  if (origins.some((o) => o.kind === "any" || o.kind === "reflect")) return "any origin";
  if (origins.length === 0) return "no other origin";
  const exact = origins.filter((o) => o.kind === "exact");
  if (exact.length === origins.length) {
    return exact.length === 1 ? (exact[0] as { value: string }).value : `${exact.length} origins`;
  }
  if (origins.some((o) => o.kind === "regex")) return "origins matching a pattern";
  if (origins.some((o) => o.kind === "partial-check")) return "origins passing a partial check";
  return "origins decided at runtime";
}

function listSetting(s: Setting<string[] | "*"> | undefined, star: string): string {
  if (!s) return "framework default";
  if (s.value === "*") return star;
  return s.value.length ? s.value.join(", ") : "none";
}

/** The whole policy in words; `code` formats configured values (backticks in markdown). */
export function describePolicy(p: PolicyInfo, code?: (s: string) => string): PolicyWords {
  const cred = p.credentials;
  const credentials = cred?.value
    ? "with cookies (credentials allowed)" + (cred.envVar ? ` when ${cred.envVar} is unset` : "")
    : "without cookies";
  return {
    framework: FRAMEWORK_LABELS[p.framework],
    whoMayRead: whoMayRead(p.origins),
    origins: p.origins.map((o) => describeOrigin(o, code)),
    credentials,
    methods: listSetting(p.methods, "every method"),
    allowHeaders: listSetting(p.allowHeaders, "any header"),
    exposeHeaders: listSetting(p.exposeHeaders, "every header"),
    context: `${p.context.kind}: ${p.context.reason}`,
  };
}

/**
 * Every span that belongs to a configuration: the configuration itself and, since options are often
 * written elsewhere (`corsOptions = {...}`, `ORIGINS = os.getenv(...)`), each origin, setting and option.
 */
export function policySpans(p: Policy): Span[] {
  const settings = [p.credentials, p.methods, p.allowHeaders, p.exposeHeaders, p.maxAge, p.vary];
  return [
    p.span,
    p.anchor,
    ...p.origins.map((o) => o.span),
    ...settings.flatMap((x) => (x ? [x.span] : [])),
    ...p.options.flatMap((o) => (o.valueSpan ? [o.span, o.valueSpan] : [o.span])),
  ];
}

/** Whether a span lies within one of the configuration's spans. */
export function belongsTo(span: Span, p: Policy): boolean {
  return policySpans(p).some((s) => s.start <= span.start && span.end <= s.end);
}
