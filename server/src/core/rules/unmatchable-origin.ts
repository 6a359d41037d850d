import { FRAMEWORK_LABELS } from "../frameworks";
import type { Fix, Framework, OriginEntry, Policy } from "../model";
import {
  fix,
  insertOption,
  literal,
  quoteOf,
  removeOption,
  replaceString,
  stringList,
} from "../fixes";
import {
  globToPattern,
  NORMALISABLE,
  parseOrigin,
  pythonSchemeNetloc,
  splitOrigins,
  type OriginInfo,
  type OriginProblem,
} from "../origin-syntax";
import { isListItem, isPlainLiteral, reaching, whenUnset } from "./shared";
import { defineRule, type Report, type RuleContext } from "./types";

type ExactEntry = Extract<OriginEntry, { kind: "exact" }>;
type RegexEntry = Extract<OriginEntry, { kind: "regex" }>;

/** Frameworks that accept an array where a single origin string was given. */
const ARRAY_FRAMEWORKS: readonly Framework[] = [
  "express-cors",
  "fastify-cors",
  "nestjs",
  "socket.io",
  "hono",
  "elysia",
];
/** Frameworks whose origin option takes a JavaScript RegExp. */
const REGEXP_FRAMEWORKS: readonly Framework[] = [
  "express-cors",
  "fastify-cors",
  "nestjs",
  "socket.io",
  "elysia",
];

const NORMALISE_TITLES: Partial<Record<OriginProblem, string>> = {
  whitespace: "Remove the spaces",
  "trailing-slash": "Remove the trailing slash",
  path: "Remove the path",
  "default-port": "Remove the default port",
  uppercase: "Lower-case the origin",
};

/** The fixes this rule offers. */
type FixKind =
  | "normalise-origin"
  | "remove-spaces"
  | "add-scheme"
  | "split-origins"
  | "insert-comma"
  | "move-to-pattern"
  | "remove-g-flag";

/** A report of this rule: one message per origin problem, plus glued, Falcon and RegExp cases. */
type UnmatchableReport = Report<
  OriginProblem | "glued" | "inner-space" | "star-raises" | "stateful-regex",
  FixKind
>;

/** A configured origin that can never equal an Origin header. */
export const unmatchableOrigin = defineRule({
  meta: {
    name: "unmatchable-origin",
    description:
      "Reports configured origins that can never equal the Origin header a browser sends, and Express RegExps that match only on alternate requests.",
    defaultSeverity: "warning",
    fixes: {
      "normalise-origin": ["safe"],
      "remove-spaces": ["suggestion"],
      "add-scheme": ["suggestion"],
      "split-origins": ["safe"],
      "insert-comma": ["safe"],
      "move-to-pattern": ["suggestion"],
      "remove-g-flag": ["safe"],
    },
    messages: {
      empty: "The empty origin never matches: browsers always send an origin{when}.",
      glued:
        "Origins {origins} are glued into one string: a comma is missing between the literals, so Python joins them and none of them matches{when}.",
      "inner-space":
        'Origin "{origin}" never matches: it has a space inside, and browsers send "scheme://host" without spaces{when}.',
      several:
        'Origin "{origin}" never matches: it holds several origins in one string, and browsers send one{when}.',
      star: '"*" never matches here: {framework} compares list items literally, so it is not a wildcard{when}.',
      "star-raises":
        '"*" inside a list stops the app from starting: {framework} raises ValueError for it (write "*" alone, not in a list){when}.',
      glob: 'Origin "{origin}" never matches: {framework} compares it literally, so "*" is not a wildcard{when}.',
      "no-scheme":
        'Origin "{origin}" never matches: it has no scheme, and browsers send "scheme://host"{when}.',
      whitespace: 'Origin "{origin}" never matches: it has leading or trailing spaces{when}.',
      "trailing-slash":
        'Origin "{origin}" never matches: browsers send origins without a trailing slash ({normalised}){when}.',
      path: 'Origin "{origin}" never matches: browsers send origins without a path ({normalised}){when}.',
      "default-port":
        'Origin "{origin}" never matches: browsers leave out the default port ({normalised}){when}.',
      uppercase:
        'Origin "{origin}" never matches: browsers send it in lowercase ({normalised}) and {framework} compares case-sensitively{when}.',
      "stateful-regex":
        'Origin pattern "{origin}" refuses allowed origins on alternate requests: {framework} reuses the RegExp, and the "{flag}" flag makes test() resume from its lastIndex{when}.',
    },
    cwe: [697],
    securitySeverity: 2.0,
    references: [
      "https://fetch.spec.whatwg.org/#origin-header",
      "https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Origin",
    ],
  },
  check(policy, ctx) {
    return policy.origins.flatMap((o): UnmatchableReport[] => {
      if (o.kind === "regex") return statefulRegex(policy, o, ctx);
      // A value compared after a transform (a host name) is not an origin as written.
      if (o.kind !== "exact" || o.transform) return [];
      const glued = gluedOrigins(o);
      if (glued) return [gluedReport(o, glued, ctx)];
      const info = parseOrigin(o.value);
      const problems = relevantProblems(o, info);
      if (problems.length === 0) return [];
      // Falcon refuses '*' inside a list in its constructor rather than comparing it.
      const messageId =
        problems[0] === "star" && policy.framework === "falcon"
          ? "star-raises"
          : problems[0] === "several" && innerSpace(o.value)
            ? "inner-space"
            : problems[0];
      return [
        {
          messageId,
          data: {
            origin: o.value,
            normalised: info.normalised ?? "",
            framework: FRAMEWORK_LABELS[policy.framework],
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          fixes: fixesFor(policy, o, info, problems, ctx),
        },
      ];
    });
  },
});

/** The problems that really stop a match, given how the framework compares this entry. */
export function relevantProblems(o: ExactEntry, info: OriginInfo): OriginProblem[] {
  if (info.isNull) return [];
  switch (o.match) {
    case "substring":
      return [];
    case "exact-ci":
      return info.problems.filter((p) => p !== "uppercase");
    case "scheme-host": {
      // django-cors-headers compares urlsplit()'s scheme and netloc: the path is ignored and the
      // scheme lower-cased.
      const { scheme, netloc } = pythonSchemeNetloc(o.value);
      if (!scheme && !netloc) return []; // matches `null`: null-origin reports it
      if (!netloc) return ["no-scheme"];
      const keep: OriginProblem[] = ["glob", "whitespace", "default-port", "uppercase"];
      return parseOrigin(`${scheme}://${netloc}`).problems.filter((p) => keep.includes(p));
    }
    default:
      return info.problems;
  }
}

function fixesFor(
  policy: Policy,
  o: ExactEntry,
  info: OriginInfo,
  problems: OriginProblem[],
  ctx: RuleContext,
): Fix<FixKind>[] {
  const { text } = ctx;
  // A value glued from several literals, or escapes that do not round-trip, is never rewritten.
  if (!isPlainLiteral(text, o)) return [];
  const first = problems[0];
  if (NORMALISABLE.includes(first) && info.normalised) {
    const title =
      problems.length === 1 ? NORMALISE_TITLES[first]! : `Replace with ${info.normalised}`;
    const edit = replaceString(text, o.span, o.value, info.normalised);
    return edit
      ? [reaching(fix("normalise-origin", title, "safe", [edit]), [info.normalised])]
      : [];
  }
  if (first === "several") {
    const joined = innerSpace(o.value);
    if (!joined) return splitFix(policy, o, ctx);
    // `"http:// 1.2.3.4"`: one origin with a stray space, not two; removing it is a guess.
    const edit = replaceString(text, o.span, o.value, joined);
    return edit
      ? [reaching(fix("remove-spaces", "Remove the spaces", "suggestion", [edit]), [joined])]
      : [];
  }
  if (first === "glob") return globFix(policy, o, ctx);
  if (first === "no-scheme") {
    const host = o.value.trim();
    if (!/^[\w.-]+(:\d+)?$/.test(host)) return [];
    const scheme = parseOrigin(`http://${host}`).loopback ? "http" : "https";
    const edit = replaceString(text, o.span, o.value, `${scheme}://${host}`);
    return edit
      ? [
          reaching(fix("add-scheme", `Add ${scheme}://`, "suggestion", [edit]), [
            `${scheme}://${host}`,
          ]),
        ]
      : [];
  }
  return [];
}

/**
 * `"http:// 1.2.3.4:4200"`: a string that splits into pieces which are not all origins, but is one
 * origin once its spaces go. Returns that origin, or undefined.
 */
function innerSpace(value: string): string | undefined {
  if (value.includes(",")) return undefined;
  if (splitOrigins(value).every((p) => isOrigin(p))) return undefined;
  const joined = value.replace(/\s+/g, "");
  return isOrigin(joined) ? joined : undefined;
}

/** Whether a string has a scheme and a host (whatever else is wrong with it). */
function isOrigin(s: string): boolean {
  const parts = parseOrigin(s).parts;
  return !!parts?.scheme && parts.host !== "";
}

/** `"a, b"` becomes two list items (or an array where the framework takes one). */
function splitFix(policy: Policy, o: ExactEntry, ctx: RuleContext): Fix<"split-origins">[] {
  const parts = splitOrigins(o.value);
  // Splitting is the fix only when every part is an origin of its own.
  if (!parts.every(isOrigin)) return [];
  const written = quoteOf(ctx.text, o.span);
  const q = written !== "`" ? written : ctx.language === "python" ? '"' : "'";
  const title = "Split into one origin per item";
  if (!o.envVar && isListItem(ctx.text, o.span)) {
    const items = parts.map((p) => literal(p, q)).join(", ");
    return [reaching(fix("split-origins", title, "safe", [{ ...o.span, newText: items }]), parts)];
  }
  if (o.match === "sent" && ARRAY_FRAMEWORKS.includes(policy.framework)) {
    const edit = { ...o.span, newText: stringList(parts, q) };
    const f = reaching(fix("split-origins", title, "safe", [edit]), parts);
    // A string is sent as is; an array is matched, and the answer then varies with the origin.
    return [{ ...f, affects: { origins: parts, vary: true } }];
  }
  return [];
}

/**
 * The origins a string glued from adjacent literals holds (`"https://a.com" "https://b.com"`: a
 * comma missing in a list): a new origin starts at each piece that opens with `scheme://`.
 * Undefined unless there are at least two.
 */
export function gluedOrigins(o: ExactEntry): { value: string; end: number }[] | undefined {
  if (!o.pieces || !o.pieces.joined.startsWith("adjacent")) return undefined;
  const groups: { value: string; end: number }[] = [];
  for (const part of o.pieces.parts) {
    const last = groups[groups.length - 1];
    if (last && (last.value.trim() === "" || !/^\s*[a-zA-Z][\w+.-]*:\/\//.test(part.value))) {
      last.value += part.value;
      last.end = part.span.end;
    } else groups.push({ value: part.value, end: part.span.end });
  }
  return groups.length > 1 ? groups : undefined;
}

/** "Origins a and b are glued into one string", with the comma-inserting fix inside a list. */
function gluedReport(
  o: ExactEntry,
  groups: { value: string; end: number }[],
  ctx: RuleContext,
): UnmatchableReport {
  const names = groups.map((g) => g.value.trim());
  const quoted = names.map((n) => `"${n}"`);
  const origins = quoted.slice(0, -1).join(", ") + " and " + quoted[quoted.length - 1];
  const edits = groups.slice(0, -1).map((g) => ({ start: g.end, end: g.end, newText: "," }));
  const fixes =
    o.pieces?.joined === "adjacent-item" && !o.envVar
      ? [reaching(fix("insert-comma", "Insert the missing comma", "safe", edits), names)]
      : [];
  return {
    messageId: "glued",
    data: { origins, when: whenUnset(o.envVar) },
    span: o.span,
    guards: o.guards,
    fixes,
  };
}

/** Moves a `*` glob to the framework's pattern option: Starlette's allow_origin_regex or a RegExp. */
function globFix(policy: Policy, o: ExactEntry, ctx: RuleContext): Fix<"move-to-pattern">[] {
  const pattern = globToPattern(o.value.trim());
  if (policy.framework === "starlette") {
    if (policy.options.some((x) => x.name === "allow_origin_regex")) return [];
    if (o.envVar || !isListItem(ctx.text, o.span)) return [];
    const q = quoteOf(ctx.text, o.span) === "'" ? "'" : '"';
    const insert = insertOption(ctx.text, policy, `allow_origin_regex=r${q}${pattern}${q}`);
    if (!insert) return [];
    const title = "Move the pattern to allow_origin_regex";
    const edits = [removeOption(ctx.text, o.span), insert];
    return [
      {
        ...fix("move-to-pattern", title, "suggestion", edits),
        introduces: ["permissive-origin-regex"],
      },
    ];
  }
  if (REGEXP_FRAMEWORKS.includes(policy.framework)) {
    const source = `/^${pattern.replace(/\//g, "\\/")}$/`;
    const title = "Replace with a regular expression";
    const edits = [{ ...o.span, newText: source }];
    return [
      {
        ...fix("move-to-pattern", title, "suggestion", edits),
        introduces: ["permissive-origin-regex"],
      },
    ];
  }
  return [];
}

/** Frameworks that hand the configured RegExp to Express `cors`, which never resets `lastIndex`. */
const EXPRESS_REGEXP: readonly Framework[] = ["express-cors", "nestjs", "socket.io"];

/**
 * A `g` or `y` RegExp given to Express `cors`: `RegExp.test` on the same object resumes from
 * `lastIndex`, so after an accepted origin the next request is refused. @fastify/cors resets
 * `lastIndex` first; a literal inside an inline origin function is a new object on every call.
 */
function statefulRegex(policy: Policy, o: RegexEntry, ctx: RuleContext): UnmatchableReport[] {
  const flag = /[gy]/.exec(o.flags)?.[0];
  if (!flag || o.engine !== "search" || !EXPRESS_REGEXP.includes(policy.framework)) return [];
  if (policy.note?.includes("@fastify/cors") || insideInlineFunction(policy, o, ctx.text))
    return [];
  const src = ctx.text.slice(o.span.start, o.span.end);
  const literalRe = /^\/((?:[^/\\\n]|\\.)+)\/([a-z]*)$/.exec(src);
  // Dropping `y` would also drop the anchoring it gives: only `g` alone has a fix that keeps the meaning.
  const fixes =
    literalRe && !o.flags.includes("y")
      ? [
          {
            ...fix("remove-g-flag", 'Remove the "g" flag', "safe", [
              { ...o.span, newText: `/${literalRe[1]}/${literalRe[2].replace("g", "")}` },
            ]),
            // evaluate() answers one request at a time: the flag changes no single answer.
            affects: { origins: [] },
          },
        ]
      : [];
  return [
    {
      messageId: "stateful-regex",
      data: {
        origin: literalRe ? src : `/${o.pattern}/${o.flags}`,
        flag,
        framework: FRAMEWORK_LABELS[policy.framework],
        when: whenUnset(o.envVar),
      },
      span: o.span,
      guards: o.guards,
      fixes,
    },
  ];
}

/** Whether the entry sits inside an origin function written inline in the `origin` option. */
function insideInlineFunction(policy: Policy, o: OriginEntry, text: string): boolean {
  const v = policy.options.find((x) => x.name === "origin")?.valueSpan;
  if (!v || o.span.start < v.start || o.span.end > v.end) return false;
  return /=>|^\s*(async\s+)?function\b/.test(text.slice(v.start, v.end));
}
