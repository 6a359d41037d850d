import type { Framework } from "../model";

/** Express `cors` 2.8.6 lib/index.js (`headers` is an alias of `allowedHeaders`). */
const EXPRESS_CORS = [
  "origin",
  "methods",
  "allowedHeaders",
  "headers",
  "exposedHeaders",
  "credentials",
  "maxAge",
  "preflightContinue",
  "optionsSuccessStatus",
];

/** @fastify/cors 11.4.3 types/index.d.ts FastifyCorsOptions. */
const FASTIFY_CORS = [
  "hook",
  "delegator",
  "origin",
  "credentials",
  "exposedHeaders",
  "allowedHeaders",
  "methods",
  "maxAge",
  "cacheControl",
  "preflightContinue",
  "optionsSuccessStatus",
  "preflight",
  "strictPreflight",
  "hideOptionsRoute",
  "logLevel",
];

/**
 * The option names each middleware reads, as an extractor records them in `Policy.options`.
 * Frameworks without a list (hand-written headers, Next.js) are never checked.
 */
export const KNOWN_OPTIONS: Partial<Record<Framework, readonly string[]>> = {
  // Starlette 0.26.1 (Debian bookworm) CORSMiddleware.__init__,
  // plus allow_private_network (newer upstream).
  starlette: [
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "allow_credentials",
    "allow_origin_regex",
    "allow_private_network",
    "expose_headers",
    "max_age",
  ],
  // flask-cors 3.0.10 core.DEFAULT_OPTIONS and CONFIG_OPTIONS,
  // plus allow_private_network (newer upstream).
  "flask-cors": [
    "origins",
    "methods",
    "allow_headers",
    "expose_headers",
    "supports_credentials",
    "max_age",
    "send_wildcard",
    "automatic_options",
    "vary_header",
    "resources",
    "intercept_exceptions",
    "always_send",
    "allow_private_network",
    "CORS_ORIGINS",
    "CORS_METHODS",
    "CORS_ALLOW_HEADERS",
    "CORS_EXPOSE_HEADERS",
    "CORS_SUPPORTS_CREDENTIALS",
    "CORS_MAX_AGE",
    "CORS_SEND_WILDCARD",
    "CORS_AUTOMATIC_OPTIONS",
    "CORS_VARY_HEADER",
    "CORS_RESOURCES",
    "CORS_INTERCEPT_EXCEPTIONS",
    "CORS_ALWAYS_SEND",
    "CORS_ALLOW_PRIVATE_NETWORK",
  ],
  // django-cors-headers 3.14.0 conf.Settings and checks (CORS_REPLACE_HTTPS_REFERER: removed
  // in 4.0), CORS_ALLOW_PRIVATE_NETWORK, and the old names conf.py still falls back to.
  "django-cors-headers": [
    "CORS_ALLOWED_ORIGINS",
    "CORS_ALLOWED_ORIGIN_REGEXES",
    "CORS_ALLOW_ALL_ORIGINS",
    "CORS_ALLOW_CREDENTIALS",
    "CORS_ALLOW_HEADERS",
    "CORS_ALLOW_METHODS",
    "CORS_ALLOW_PRIVATE_NETWORK",
    "CORS_EXPOSE_HEADERS",
    "CORS_PREFLIGHT_MAX_AGE",
    "CORS_URLS_REGEX",
    "CORS_REPLACE_HTTPS_REFERER",
    "CORS_ORIGIN_ALLOW_ALL",
    "CORS_ORIGIN_WHITELIST",
    "CORS_ORIGIN_REGEX_WHITELIST",
  ],
  // aiohttp-cors 0.7.0 ResourceOptions.__init__ (keyword-only).
  "aiohttp-cors": [
    "allow_credentials",
    "expose_headers",
    "allow_headers",
    "max_age",
    "allow_methods",
  ],
  // Falcon 3.1.1 CORSMiddleware.__init__, plus allow_private_network (Falcon 4).
  falcon: ["allow_origins", "expose_headers", "allow_credentials", "allow_private_network"],
  // Litestar 2.x litestar.config.cors.CORSConfig dataclass fields.
  litestar: [
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "allow_credentials",
    "allow_origin_regex",
    "expose_headers",
    "max_age",
  ],
  // Express `cors` 2.8.6.
  "express-cors": EXPRESS_CORS,
  // @fastify/cors 11.4.3.
  "fastify-cors": FASTIFY_CORS,
  // NestJS CorsOptions is the delegate's: Express `cors` or @fastify/cors.
  nestjs: [...new Set([...EXPRESS_CORS, ...FASTIFY_CORS])],
  // socket.io passes its `cors` option to Express `cors`.
  "socket.io": EXPRESS_CORS,
  // hono 4.13.19 middleware/cors CORSOptions.
  hono: ["origin", "allowMethods", "allowHeaders", "maxAge", "credentials", "exposeHeaders"],
  // @koa/cors 5.0.0 index.js options.
  "koa-cors": [
    "origin",
    "allowMethods",
    "allowHeaders",
    "exposeHeaders",
    "maxAge",
    "credentials",
    "keepHeadersOnError",
    "secureContext",
    "privateNetworkAccess",
  ],
  // @elysiajs/cors 1.4.2 dist/index.d.ts CORSConfig.
  elysia: [
    "aot",
    "origin",
    "methods",
    "allowedHeaders",
    "exposeHeaders",
    "credentials",
    "maxAge",
    "preflight",
  ],
};

/** What a middleware does with an unknown option, and the error it raises. */
export interface UnknownOptionEffect {
  effect: "crash" | "ignored";
  error?: string;
}

/**
 * What a middleware does with an option it does not know.
 * - `crash`: Python keyword arguments or dataclass fields: a TypeError (aiohttp-cors dicts: a
 *   ValueError) when the middleware is built, so the app fails to start
 * - `ignored`: read from a dict or object by name; anything else is silently ignored
 */
export const UNKNOWN_OPTION_EFFECT: Partial<Record<Framework, UnknownOptionEffect>> = {
  starlette: { effect: "crash", error: "TypeError" },
  falcon: { effect: "crash", error: "TypeError" },
  litestar: { effect: "crash", error: "TypeError" },
  "aiohttp-cors": { effect: "crash", error: "TypeError (a ValueError for a dict of options)" },
  "flask-cors": { effect: "ignored" },
  "django-cors-headers": { effect: "ignored" },
  "express-cors": { effect: "ignored" },
  "fastify-cors": { effect: "ignored" },
  nestjs: { effect: "ignored" },
  "socket.io": { effect: "ignored" },
  hono: { effect: "ignored" },
  "koa-cors": { effect: "ignored" },
  elysia: { effect: "ignored" },
};

/** django-cors-headers reads settings by name: only `CORS_*` names are its options. */
export function isCandidateOption(framework: Framework, name: string): boolean {
  return framework !== "django-cors-headers" || name.startsWith("CORS_");
}
