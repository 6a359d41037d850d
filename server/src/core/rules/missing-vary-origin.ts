import { battery, targetOf } from "../battery";
import { evaluate, UNRELATED_ORIGIN } from "../evaluate";
import { fix, removeOption } from "../fixes";
import { FRAMEWORK_LABELS } from "../frameworks";
import type { Fix, OriginEntry, Policy, Span } from "../model";
import { defineRule, type RuleContext } from "./types";

const HOW: Partial<Record<Policy["framework"], string>> = {
  "aiohttp-cors": "aiohttp-cors never sends it",
  falcon: "Falcon CORSMiddleware never sends it",
};

/** An echoed, varying Access-Control-Allow-Origin without `Vary: Origin`. */
export const missingVaryOrigin = defineRule({
  meta: {
    name: "missing-vary-origin",
    description:
      'Reports CORS responses that echo varying origins without "Vary: Origin", so caches mix them up.',
    defaultSeverity: "warning",
    fixes: { "add-vary": ["safe"] },
    messages: {
      missing:
        "Caches may serve one origin's CORS response to another: {framework} echoes the request's origin (e.g. {a} and {b}) without \"Vary: Origin\"{how}.",
    },
    cwe: [524],
    securitySeverity: 4.3,
    references: [
      "https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches",
      "https://portswigger.net/research/exploiting-cors-misconfigurations-for-bitcoins-and-bounties",
    ],
  },
  check(policy, ctx) {
    const sent = differingAnswers(policy);
    if (!sent) return [];
    const [first, second] = sent;
    const via = first.via ?? second.via;
    const span = via ? via.span : policy.anchor;
    const how = HOW[policy.framework];
    return [
      {
        messageId: "missing",
        data: {
          framework: FRAMEWORK_LABELS[policy.framework],
          a: first.origin,
          b: second.origin,
          how: how ? ` (${how})` : "",
        },
        span,
        guards: via?.guards,
        fixes: [...varyHeaderFix(policy, ctx), ...(via ? varyFix(ctx, via.span) : [])],
      },
    ];
  },
});

/** flask-cors `vary_header=False`: removing the option brings its `Vary: Origin` back. */
function varyHeaderFix(policy: Policy, ctx: RuleContext): Fix<"add-vary">[] {
  if (policy.framework !== "flask-cors" || policy.vary?.value !== false) return [];
  const ref = policy.options.find((o) => o.name === "vary_header");
  if (!ref?.valueSpan) return [];
  const edit = removeOption(ctx.text, { start: ref.span.start, end: ref.valueSpan.end });
  return [{ ...fix("add-vary", 'Remove "vary_header=False"', "safe", [edit]), affects: VARY_ONLY }];
}

interface Answer {
  origin: string;
  acao: string;
  via?: OriginEntry;
}

/**
 * Two origins a browser can send that get different Access-Control-Allow-Origin values, both without
 * `Vary: Origin`. Origins no browser sends (uppercase hosts, paths) are left out: flask-cors echoes
 * `https://APP.example.com` for `https://app.example.com`, but no browser ever asks with it.
 */
function differingAnswers(policy: Policy): [Answer, Answer] | undefined {
  let first: Answer | undefined;
  for (const origin of probes(policy)) {
    if (!browserCanSend(origin)) continue;
    const v = evaluate(policy, origin, { request: "simple" });
    if (v.vary || v.allowOriginHeader === null) continue;
    // Request data echoed (a query parameter, the Referer) varies with the URL or another header,
    // not the Origin: reflected-origin reports it, and `Vary: Origin` would not key it.
    if (v.via?.kind === "reflect" && v.via.reason === "request-data") continue;
    const answer = { origin, acao: v.allowOriginHeader, via: v.via };
    if (!first) first = answer;
    else if (answer.acao !== first.acao) return [first, answer];
  }
  return undefined;
}

/** Origins worth asking about: an unrelated one, every configured value, and each entry's battery. */
function probes(policy: Policy): string[] {
  const out = [UNRELATED_ORIGIN, "https://other.example"];
  for (const e of policy.origins) {
    if (e.kind === "exact") out.push(e.value);
    out.push(...battery(targetOf(e)));
  }
  return [...new Set(out)];
}

const DEFAULT_PORT: Record<string, string> = { http: "80", https: "443" };

/** `null`, or lowercase `scheme://host[:port]` without a default port: what an Origin header holds. */
function browserCanSend(origin: string): boolean {
  if (origin === "null") return true;
  const m =
    /^([a-z][a-z0-9+.-]*):\/\/(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/.exec(
      origin,
    );
  return !!m && (m[2] === undefined || DEFAULT_PORT[m[1]] !== m[2]);
}

const ACAO = String.raw`(?<q>['"\x60])Access-Control-Allow-Origin\k<q>`;
/** `"Access-Control-Allow-Origin": ` right before the value: a dict or object literal entry. */
const DICT_ENTRY = new RegExp(String.raw`${ACAO}\s*:\s*$`, "i");
/** `response.headers["Access-Control-Allow-Origin"] = ` opening the line. */
const SUBSCRIPT = new RegExp(String.raw`^([ \t]*)([\w.]+)\s*\[\s*${ACAO}\s*\]\s*=\s*$`, "i");
/** `res.setHeader("Access-Control-Allow-Origin", ` opening the line. */
const CALL = new RegExp(String.raw`^([ \t]*)([\w.]+)\.(\w+)\(\s*${ACAO}\s*,\s*$`, "i");

/**
 * "Add `Vary: Origin`" next to what sets Access-Control-Allow-Origin to the echoed value: a `"Vary"`
 * entry in the same dict or object literal, or a statement after the assignment or call, with the
 * same indentation. No fix for other shapes (the header set inside a larger expression or statement).
 */
function varyFix(ctx: RuleContext, value: Span): Fix<"add-vary">[] {
  const { text } = ctx;
  const lineStart = text.lastIndexOf("\n", value.start - 1) + 1;
  const before = text.slice(lineStart, value.start);
  const entry = DICT_ENTRY.exec(before);
  if (entry) return dictEntryFix(text, value, entry.groups!.q);
  const after = /^[ \t]*(\)?)[ \t]*(;?)[ \t]*(?:(?:#|\/\/)[^\n]*)?(?=\r?\n|$)/.exec(
    text.slice(value.end),
  );
  if (!after) return [];
  const at = value.end + after[0].length;
  const sub = SUBSCRIPT.exec(before);
  if (sub && !after[1]) {
    const [, indent, target] = sub;
    const q = sub.groups!.q;
    return addLine(text, at, `${indent}${target}[${q}Vary${q}] = ${q}Origin${q}${after[2]}`);
  }
  const call = CALL.exec(before);
  if (call && after[1]) {
    const [, indent, receiver, method] = call;
    const q = call.groups!.q;
    return addLine(text, at, indent + varyCall(ctx, receiver, method, q) + after[2]);
  }
  return [];
}

/** A `"Vary": "Origin"` entry after the value, on a line of its own when the entry has one. */
function dictEntryFix(text: string, value: Span, q: string): Fix<"add-vary">[] {
  const open = text.lastIndexOf("{", value.start);
  const close = text.indexOf("}", value.end);
  const around = text.slice(open < 0 ? value.start : open, close < 0 ? value.end : close);
  // An object that already names Vary keeps it: a second key would overwrite or duplicate it.
  if (/['"\x60]?\bVary['"\x60]?\s*:/i.test(around)) return [];
  const entry = `${q}Vary${q}: ${q}Origin${q}`;
  const ownLine = /^[ \t]*(,?)[ \t]*(?=\r?\n)/.exec(text.slice(value.end));
  if (!ownLine) return addAt(value.end, `, ${entry}`);
  const lineStart = text.lastIndexOf("\n", value.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (ownLine[1]) return addAt(value.end + ownLine[0].length, `\n${indent}${entry},`);
  return addAt(value.end, `,\n${indent}${entry}`);
}

/** The statement that adds `Vary: Origin` the way the header was set. */
function varyCall(ctx: RuleContext, receiver: string, method: string, q: string): string {
  const args = `${q}Vary${q}, ${q}Origin${q}`;
  if (ctx.language === "python") return `${receiver}.${method}(${args})`;
  // Headers.set would replace a Vary value set earlier; append keeps it.
  if (/headers$/i.test(receiver) && /^(set|append)$/.test(method))
    return `${receiver}.append(${args})`;
  if (imports(ctx.text, "express") && /^(setHeader|header|set)$/.test(method))
    return `${receiver}.vary(${q}Origin${q})`;
  if (imports(ctx.text, "koa") && method === "set") return `${receiver}.vary(${q}Origin${q})`;
  if (imports(ctx.text, "hono") && method === "header")
    return `${receiver}.header(${args}, { append: true })`;
  return `${receiver}.${method}(${args})`;
}

function imports(text: string, module: string): boolean {
  const name = `['"]${module}['"]`;
  return new RegExp(String.raw`\bfrom\s+${name}|\brequire\(\s*${name}\s*\)`).test(text);
}

/** Adding Vary changes no origin's answer, only what caches may reuse. */
const VARY_ONLY = { origins: [], vary: true };

function addAt(at: number, newText: string): Fix<"add-vary">[] {
  const edit = { start: at, end: at, newText };
  return [{ ...fix("add-vary", 'Add "Vary: Origin"', "safe", [edit]), affects: VARY_ONLY }];
}

/** A new line after the one ending at `at`, with the file's line ending. */
function addLine(text: string, at: number, line: string): Fix<"add-vary">[] {
  return addAt(at, `${text[at] === "\r" ? "\r\n" : "\n"}${line}`);
}
