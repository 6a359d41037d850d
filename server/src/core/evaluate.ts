import { frameworkOf, type DecideInput, type RequestKind, type Versions } from "./frameworks";
import type { OriginEntry, Policy } from "./model";

export { entryAccepts, firstAccepting, schemeNetloc } from "./evaluate-match";
export type { DecideInput, Decision, RequestKind, Versions } from "./frameworks";

export interface EvaluateOptions {
  /** Defaults to 'simple-cookie', the request an attacker's page sends with `credentials: 'include'`. */
  request?: RequestKind;
  /** Defaults to upstream-current behaviour. */
  versions?: Versions;
}

/** What the middleware answers to one Origin. */
export interface Verdict {
  /** The browser would let a page on that origin read the response (without cookies at least). */
  allowed: boolean;
  /** The Access-Control-Allow-Origin header sent, or null. */
  allowOriginHeader: string | null;
  /** Whether `Access-Control-Allow-Credentials: true` is sent. */
  credentials: boolean;
  /** Whether `Vary: Origin` (or `Vary: *`) is sent. */
  vary: boolean;
  /** The page can read the response of a request sent with the user's cookies. */
  readableWithCredentials: boolean;
  /** The configured entry that let the origin through, if any. */
  via?: OriginEntry;
  /** Set when the middleware raises instead of answering (Quart-CORS with `*` and credentials). */
  error?: string;
}

/** An origin no configuration means to allow, used to ask how "any origin" is answered. */
export const UNRELATED_ORIGIN = "https://evil.example";

/**
 * Would this policy let `origin` read responses, and with cookies? Answers with the headers the framework
 * really sends for that request, following its source (see docs/CORS-RULES.md). Dynamic entries never
 * match: what the linter cannot read is not evidence.
 */
export function evaluate(policy: Policy, origin: string, options: EvaluateOptions = {}): Verdict {
  const input: DecideInput = {
    policy,
    origin,
    request: options.request ?? "simple-cookie",
    cred: credentialsEnabled(policy),
    versions: options.versions ?? {},
  };
  const d = frameworkOf(policy.framework).decide(input);
  return {
    allowed: d.acao === "*" || (d.acao !== null && d.acao === origin),
    allowOriginHeader: d.acao,
    credentials: d.acac,
    vary: d.vary,
    readableWithCredentials: d.acao === origin && d.acac,
    ...(d.via ? { via: d.via } : {}),
    ...(d.error ? { error: d.error } : {}),
  };
}

/** Whether a policy sends credentials: its setting, else the framework's default. */
export function credentialsEnabled(policy: Policy): boolean {
  return policy.credentials
    ? policy.credentials.value
    : frameworkOf(policy.framework).credentialsByDefault === true;
}

/** How a policy answers an unrelated origin's credentialed request. */
export type AnyOriginAnswer = "reflect" | "star" | "error";

/**
 * How "any origin" is answered with credentials, from evaluate() on an unrelated origin:
 * 'reflect' (exploitable), 'star' (`*` with credentials: credentialed requests fail), 'error' (the
 * middleware raises), or undefined when an unrelated origin gets neither.
 */
export function anyOriginWithCredentials(
  policy: Policy,
  options: Omit<EvaluateOptions, "request"> = {},
): AnyOriginAnswer | undefined {
  const v = evaluate(policy, UNRELATED_ORIGIN, { ...options, request: "simple-cookie" });
  if (v.error) return "error";
  if (v.readableWithCredentials) return "reflect";
  if (v.allowOriginHeader === "*" && v.credentials) return "star";
  return undefined;
}
