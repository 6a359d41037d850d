import type { OriginEntry, Policy } from './model';

/** The kind of request being answered. Preflights never carry cookies. */
export type RequestKind = 'preflight' | 'simple' | 'simple-cookie';

export interface EvaluateOptions {
  /** Defaults to 'simple-cookie', the request an attacker's page sends with `credentials: 'include'`. */
  request?: RequestKind;
}

/** What the middleware answers to one Origin. */
export interface Verdict {
  /** The browser would let a page on that origin read the response (without cookies at least). */
  allowed: boolean;
  /** The Access-Control-Allow-Origin header sent, or null. */
  allowOriginHeader: string | null;
  /** Whether `Access-Control-Allow-Credentials: true` is sent. */
  credentials: boolean;
  /** Whether `Vary: Origin` is sent. */
  vary: boolean;
  /** The page can read the response of a request sent with the user's cookies. */
  readableWithCredentials: boolean;
  /** The configured entry that let the origin through, if any. */
  via?: OriginEntry;
}

/** Would this policy let `origin` read responses, and with cookies? Placeholder until the semantics land. */
export function evaluate(policy: Policy, origin: string, options: EvaluateOptions = {}): Verdict {
  void policy;
  void origin;
  void options;
  throw new Error('evaluate() is not implemented yet');
}
