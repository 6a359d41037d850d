/**
 * The plain-data model shared by the engine, the language server and the CLI.
 * Everything here is serialisable; positions are UTF-16 character offsets into the file text.
 */

/** A half-open range of UTF-16 offsets into a file's text. */
export interface Span {
  start: number;
  end: number;
  /**
   * The file the offsets are in, when it is not the analysed file (a value read from another module of the
   * project; absolute path with forward slashes).
   */
  file?: string;
}

/** The source languages cors-lint parses. */
export type Language = "python" | "typescript";

/** Every middleware or hand-written pattern an extractor recognises. */
export type Framework =
  | "starlette"
  | "flask-cors"
  | "django-cors-headers"
  | "aiohttp-cors"
  | "falcon"
  | "litestar"
  | "python-headers"
  | "quart-cors"
  | "express-cors"
  | "nestjs"
  | "fastify-cors"
  | "hono"
  | "koa-cors"
  | "elysia"
  | "socket.io"
  | "apollo-server"
  | "nextjs-headers"
  | "js-headers";

/** A condition the configuration sits under (`if settings.DEBUG:`, `isProd ? a : b`). */
export interface Guard {
  /** The condition's source text. */
  condition: string;
  /** Whether the configuration is in the branch taken when the condition is true. */
  whenTrue: boolean;
  span: Span;
  /** What a bare flag (`isDev`, `DEBUG`) was assigned in the same file, to tell what it is when unset. */
  definition?: string;
}

/** Where a configuration runs. */
export type ContextKind = "production" | "development" | "test";

/** The context of a finding, with the reason it was chosen. */
export interface Context {
  kind: ContextKind;
  reason: string;
  /**
   * Set when a development guard is taken while an environment variable is unset (`NODE_ENV !==
   * "production"`): production runs the branch. `fix` makes the branch need a development value.
   */
  failOpen?: { variable: string; fix?: Fix };
}

/**
 * How a framework compares one configured origin with the request's Origin header.
 * - `exact`: byte-for-byte equality; `exact-ci`: case-insensitive equality
 * - `scheme-host`: django-cors-headers: scheme and netloc compared, path ignored
 * - `substring`: `origin in "configured string"` (Starlette given a str instead of a list)
 * - `sent`: no matching; the string is sent as the header and the browser compares (Express string, Koa, Next.js)
 */
export type ExactMatch = "exact" | "exact-ci" | "scheme-host" | "substring" | "sent";

/**
 * How a framework runs a pattern against the Origin header.
 * - `fullmatch`: Python `re.fullmatch`; `match`: Python `re.match` (anchored at the start only);
 * - `search`: JavaScript `RegExp.test` (anchored nowhere); `glob`: Litestar `*` glob, full match
 */
export type RegexEngine = "fullmatch" | "match" | "search" | "glob";

/** The literals a string value is made of, and how they were joined. */
export interface StringPieces {
  /**
   * `adjacent`: Python adjacent literals, `adjacent-item` when they stand directly as one item of a
   * list, tuple or set (where a missing comma is the likely mistake); `plus`: the `+` operator;
   * `template`: a JS template literal with substitutions.
   */
  joined: "adjacent" | "adjacent-item" | "plus" | "template";
  parts: { value: string; span: Span }[];
}

/** Fields every origin entry carries. */
interface EntryBase {
  span: Span;
  /** Set when the entry's string is written as several literals (see StringPieces). */
  pieces?: StringPieces;
  /** Set when the entry's literal holds escape sequences. */
  escaped?: boolean;
  /** Conditions that select this entry within the configuration (ternary/if-else branches). */
  guards?: Guard[];
  /** Set when the entry is an environment variable's default: it applies when the variable is unset. */
  envVar?: string;
  /** Steps the request's origin goes through before this entry compares it (hand-written checks). */
  transform?: OriginTransform[];
}

/**
 * A step applied to the request's origin before a hand-written check compares it.
 * - `url`: WHATWG `new URL(origin).<part>` (throws, so refuses, on an origin that is not a URL)
 * - `urlparse`: Python `urlparse(origin).<part>` (never throws; empty parts on garbage)
 * - `lower`/`upper`/`trim`: case and whitespace
 * - `replace`: `.replace(from, to)` with a string or a regex pattern (`all` for `replaceAll`, `/g`, Python)
 * - `split`: `.split(separator)[index]` (an index past the end yields undefined: the check refuses)
 */
export type OriginTransform =
  | { kind: "url"; part: "hostname" | "host" | "origin" | "protocol" | "port" }
  | { kind: "urlparse"; part: "netloc" | "hostname" | "scheme" | "port" }
  | { kind: "lower" }
  | { kind: "upper" }
  | { kind: "trim" }
  | { kind: "replace"; from: string; regex: boolean; flags: string; to: string; all: boolean }
  | { kind: "split"; separator: string; index: number };

/** One way a configuration decides which origins it accepts. */
export type OriginEntry =
  | (EntryBase & {
      kind: "any";
      /** What wrote the wildcard: a `*` string, `True`, an allow-all setting, or the framework's default. */
      source: "star" | "true" | "setting" | "default";
    })
  | (EntryBase & { kind: "exact"; value: string; match: ExactMatch })
  | (EntryBase & {
      kind: "regex";
      pattern: string;
      flags: string;
      engine: RegexEngine;
      /** flask-cors/sanic-cors: a plain string read as a regex because it holds a special character. */
      implicit?: boolean;
    })
  | (EntryBase & {
      kind: "reflect";
      /** Why the request's origin is echoed unchecked. */
      reason:
        "true" | "identity-function" | "always-true-callback" | "echo-header" | "request-data";
      /**
       * With `request-data`: the request data echoed instead of the Origin header, in words
       * ("the query parameter req.query.origin"). The requester chooses it, so any origin gets itself back.
       */
      requestData?: string;
    })
  | (EntryBase & {
      kind: "partial-check";
      method: "endswith" | "startswith" | "includes" | "in" | "indexOf" | "substring";
      value: string;
    })
  | (EntryBase & { kind: "dynamic"; description: string });

/** A scalar option value with where it was written. */
export interface Setting<T> {
  value: T;
  span: Span;
  guards?: Guard[];
  envVar?: string;
}

/** An option as written in the configuration, used by unknown-cors-option and hover. */
export interface OptionRef {
  name: string;
  span: Span;
  valueSpan?: Span;
}

/** One CORS configuration, as the framework will really apply it. */
export interface Policy {
  framework: Framework;
  /** The whole configuration expression or statement. */
  span: Span;
  /** A short span to attach policy-level findings to (callee, settings name, header call). */
  anchor: Span;
  origins: OriginEntry[];
  /** Where an empty `origins` list came from: false means "no origin configured" (deny all). */
  credentials?: Setting<boolean>;
  methods?: Setting<string[] | "*">;
  allowHeaders?: Setting<string[] | "*">;
  exposeHeaders?: Setting<string[] | "*">;
  maxAge?: Setting<number>;
  /** Whether the middleware or code sends `Vary: Origin` when the origin varies; undefined = framework default. */
  vary?: Setting<boolean>;
  /** flask-cors `send_wildcard`: with `*` among the origins, send `*` instead of echoing the origin. */
  sendWildcard?: Setting<boolean>;
  /**
   * How a JS middleware's `origin` option was written when that alone changes the headers: a function
   * (Express and Fastify send no CORS headers when it refuses) or a literal `false` (CORS disabled).
   */
  originForm?: "function" | "false";
  options: OptionRef[];
  /** Conditions around the whole configuration. */
  guards: Guard[];
  /** For settings-based frameworks (django): the module that holds them. */
  note?: string;
  /** Other files of the project whose values this policy reads (absolute paths), for hovers and views. */
  files?: string[];
  /**
   * Set when no consumer of an options object was found and the framework was inferred from its shape:
   * names the frameworks whose shared semantics were applied.
   */
  inferred?: string;
  /** The enclosing container's syntax, for fixes: where to insert an option (offset just before the closing bracket). */
  insertAt?: number;
  language: Language;
}

/** A text edit in offsets. */
export interface Edit {
  start: number;
  end: number;
  newText: string;
  /** The file to edit when it is not the analysed file (the module that holds the value). */
  file?: string;
}

/**
 * How safe a fix is (see ARCHITECTURE.md).
 * - `safe`: fixes only the mistake; applied in bulk
 * - `unsafe`: valid code whose runtime behaviour changes; bulk only when asked
 * - `suggestion`: needs the user's judgement; never applied in bulk
 */
export type Applicability = "safe" | "unsafe" | "suggestion";

/**
 * Which origins a fix may give a different answer from `evaluate()`; every other origin keeps its
 * answer. Safe fixes declare it, and the fix oracle test holds them to it.
 */
export interface FixEffect {
  /** Origins whose answer may change (the normalised origin a fix makes reachable, split parts). */
  origins: string[];
  /** Any origin that is a substring of one of these strings may change (substring checks made exact). */
  substringsOf?: string[];
  /** Whether `Vary: Origin` may change (fixes that add it). */
  vary?: boolean;
}

/**
 * Text inside one edit's `newText` that the user must replace (an invented origin such as
 * `https://app.example.com`): the editor inserts the edit as a snippet with this range selected, or
 * asks for the value. A fix with a placeholder is never applied in bulk.
 */
export interface Placeholder {
  /** Index into `edits`. */
  edit: number;
  /** Offsets into that edit's `newText`, half-open. */
  start: number;
  end: number;
}

/** An edit set that repairs a finding. */
export interface Fix<K extends string = string> {
  /**
   * What the fix does, the same name wherever it is offered (`restrict-origins`, `add-vary`): a rule
   * declares the kinds it offers in `RuleMeta.fixes`, and the compiler holds its reports to them.
   */
  kind: K;
  title: string;
  applicability: Applicability;
  edits: Edit[];
  /** What the fix changes in the policy's answers (required of safe fixes; see FixEffect). */
  affects?: FixEffect;
  /** Rules the fix may make fire on purpose (a placeholder origin it inserts: `placeholder-origin`). */
  introduces?: string[];
  /** Set when the edit carries an invented value the user must replace. */
  placeholder?: Placeholder;
}

export type Severity = "error" | "warning" | "info" | "hint";

/** A span elsewhere in the same file that explains the finding ("credentials enabled here"). */
export interface Related {
  span: Span;
  message: string;
}

/** One problem found in one file. */
export interface Finding {
  rule: string;
  /** Which of the rule's messages (`RuleMeta.messages`): selects per-message severities in SARIF. */
  messageId: string;
  severity: Severity;
  message: string;
  span: Span;
  framework: Framework;
  context: Context;
  fixes: Fix[];
  related: Related[];
  /** Stable across edits elsewhere in the file: rule + framework + normalised source text. */
  fingerprint: string;
  /** Set when the policy's framework was inferred from an options object's shape (see Policy.inferred). */
  inferred?: string;
}

/** A problem with the input itself (syntax errors, unreadable configuration). */
export interface Notice {
  kind: "syntax" | "unused-suppression" | "internal" | "config";
  message: string;
  span?: Span;
  /** Edits that resolve the notice (removing an unused suppression comment). */
  fixes?: Fix[];
}
