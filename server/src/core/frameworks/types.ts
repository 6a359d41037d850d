import type { JsExtractor } from "../extract/js";
import type { PyExtractor } from "../extract/python";
import type { Framework, OriginEntry, Policy } from "../model";

/** The kind of request being answered. Preflights never carry cookies. */
export type RequestKind = "preflight" | "simple" | "simple-cookie";

/** Framework versions whose origin semantics differ from upstream-current. */
export interface Versions {
  /** '0.x' (<=0.52, Debian's 0.26.1): allow-all reflects on simple requests only when a Cookie is sent. */
  starlette?: "0.x" | "1.x";
}

/** What a framework decider returns: the headers it sends and the entry that decided. */
export interface Decision {
  acao: string | null;
  acac: boolean;
  vary: boolean;
  via?: OriginEntry;
  error?: string;
}

/** Everything a framework decider needs. */
export interface DecideInput {
  policy: Policy;
  origin: string;
  request: RequestKind;
  /** Credentials are enabled (explicitly or by the framework's default). */
  cred: boolean;
  versions: Versions;
}

/** A framework's runtime semantics: the headers it sends for one request. */
export type Decider = (input: DecideInput) => Decision;

/** The option names a middleware reads, as an extractor records them in `Policy.options`. */
export interface KnownOptions {
  /** Where the names were read: package, version and file or type. */
  source: string;
  names: readonly string[];
}

/**
 * What a middleware does with an option it does not know.
 * - `crash`: Python keyword arguments or dataclass fields: a TypeError (aiohttp-cors dicts: a
 *   ValueError) when the middleware is built, so the app fails to start
 * - `ignored`: read from a dict or object by name; anything else is silently ignored
 */
export interface UnknownOptionEffect {
  effect: "crash" | "ignored";
  error?: string;
}

/** Fields every framework descriptor has, whatever its language. */
interface DescriptorBase {
  id: Framework;
  /** Human-readable name, used in messages and hovers. */
  label: string;
  /** Runtime semantics used by `evaluate()`. */
  decide: Decider;
  /** Without a list (hand-written headers, Next.js), options are never checked. */
  options?: KnownOptions;
  /** Set with `options`: what an option outside the list does. */
  unknownOption?: UnknownOptionEffect;
  /** django-cors-headers reads settings by name: only names this accepts are its options. */
  isCandidateOption?: (name: string) => boolean;
  /** Credentials are on when the configuration does not say (Elysia). */
  credentialsByDefault?: boolean;
  /** The folder under `test/fixtures/` that holds its annotated fixtures. */
  fixtures: string;
  /** Why the runtime oracle does not run it; absent when the oracle does (checked by the catalog test). */
  noOracle?: string;
}

/** Everything cors-lint knows about one framework: one entry of `FRAMEWORKS`. */
export type FrameworkDescriptor = DescriptorBase &
  (
    | { language: "python"; extractor: PyExtractor }
    | { language: "typescript"; extractor: JsExtractor }
  );
