import { firstAccepting } from "../evaluate-match";
import type { OriginEntry } from "../model";
import type { DecideInput, Decision } from "./types";

/** No `Access-Control-Allow-Origin` and no deciding entry. */
export const NONE = { acao: null, via: undefined };

/** The policy's allow-all entry, if any. */
export function anyEntry(input: DecideInput): OriginEntry | undefined {
  return input.policy.origins.find((e) => e.kind === "any");
}

/** An exact string the middleware sends as the header without comparing (Express string, Koa). */
export function isSent(e: OriginEntry): boolean {
  return e.kind === "exact" && e.match === "sent";
}

/**
 * Hand-written headers and Next.js `headers()`: whatever is written is sent. Reflecting entries echo the
 * origin, checks echo it when they pass; `Vary` only when the code adds it.
 */
export function fixedHeaders(i: DecideInput): Decision {
  const vary = i.policy.vary?.value ?? false;
  const via = firstAccepting(i.policy, i.origin);
  if (via) {
    const acao =
      via.kind === "any" ? "*" : isSent(via) && via.kind === "exact" ? via.value : i.origin;
    return { acao, acac: i.cred, vary, via };
  }
  const sent = i.policy.origins.find(isSent);
  return { acao: sent && sent.kind === "exact" ? sent.value : null, acac: i.cred, vary };
}
