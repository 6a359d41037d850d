import type { RequestKind } from "../../../server/src/core/evaluate";

/** The request kinds, in the order every driver sends them for one origin. */
export const REQUEST_KINDS: RequestKind[] = ["preflight", "simple", "simple-cookie"];

/** What the live middleware answered to one request. */
export interface RuntimeRecord {
  status: number;
  /** Access-Control-Allow-Origin, or null when absent. */
  acao: string | null;
  /** Access-Control-Allow-Credentials as sent, or null when absent. */
  acac: string | null;
  /** Whether a Vary header lists Origin. */
  vary: boolean;
}

/**
 * Records for one configuration (`records[origin][kind]`); or the exception the middleware raised while
 * the app was built from a configuration it refuses (compared with evaluate()'s `error`); or a failure
 * of the driver itself.
 */
export type RuntimeResult = { records: RuntimeRecord[][] } | { raised: string } | { error: string };

/** Whether any Vary header value lists Origin. */
export function varyHasOrigin(values: (string | null | undefined)[]): boolean {
  return values.some((v) => !!v && v.split(",").some((t) => t.trim().toLowerCase() === "origin"));
}

/** Groups a flat list (origin-major, then REQUEST_KINDS) into `[origin][kind]`. */
export function byOrigin(flat: RuntimeRecord[], origins: number): RuntimeRecord[][] {
  const n = REQUEST_KINDS.length;
  if (flat.length !== origins * n) {
    throw new Error(`expected ${origins * n} records, got ${flat.length}`);
  }
  return Array.from({ length: origins }, (_, i) => flat.slice(i * n, i * n + n));
}
