/**
 * The runtime oracle's corpus model. A configuration is structured data; both the snippet a user
 * would write and the live middleware's options are derived from it, so the two cannot drift.
 */

/** What an origin callback does; each framework renders and builds it its own way. */
export type FnBehaviour =
  | { kind: 'reflect' }
  | { kind: 'deny' }
  | { kind: 'endsWith'; value: string }
  | { kind: 'includes'; value: string }
  | { kind: 'allowlist'; values: string[] }
  /** A statement-shaped callback from `shapes.ts` (early returns, loops, switch, transforms). */
  | { kind: 'shape'; name: string };

/**
 * A configuration value as JSON. Tagged objects stand for what a literal cannot express:
 * - `$regex`: `re.compile(r"..")` / a JS regex literal (pattern in the language's own syntax)
 * - `$env`: `os.getenv(NAME, default)` / `process.env.NAME || default`; NAME is unset at runtime
 * - `$split`: `<value>.split(",")`
 * - `$dict`: a dict / object literal with ordered keys
 * - `$tuple`: a Python tuple
 * - `$fn`: an origin callback (JS only)
 * - `$options`: aiohttp_cors.ResourceOptions(..)
 * - `$origin`: the request's Origin header (`req.headers.origin` / `request.headers.get('origin')`)
 */
export type ConfigValue =
  | string
  | number
  | boolean
  | null
  | ConfigValue[]
  | { $regex: string; flags?: string }
  | { $env: string; default: ConfigValue }
  | { $split: ConfigValue; sep?: string }
  | { $dict: [string, ConfigValue][] }
  | { $tuple: ConfigValue[] }
  | { $fn: FnBehaviour }
  | { $options: [string, ConfigValue][] }
  | { $origin: true };

/** The middlewares the oracle can run. */
export type OracleFramework =
  | 'starlette'
  | 'fastapi'
  | 'flask-cors'
  | 'django-cors-headers'
  | 'aiohttp-cors'
  | 'express-cors'
  | 'fastify-cors'
  | 'hono'
  | 'koa-cors'
  | 'falcon'
  | 'socket.io'
  | 'js-headers';

/** flask-cors can be configured three ways. */
export type FlaskForm = 'app' | 'resources' | 'decorator';

/** Falcon: `falcon.App(...)` (the default) or `falcon.asgi.App(...)`. */
export type FalconForm = 'asgi';

/**
 * socket.io: `new Server(httpServer, opts)` (the default), `require('socket.io')(httpServer, opts)`,
 * or `new Server(opts)` then `io.attach(httpServer)`.
 */
export type SocketIoForm = 'require' | 'attach';

/**
 * Hand-written headers: Node's `res.setHeader(name, value)` (the default) or a fetch handler's
 * `new Response(body, { headers: { name: value } })`. Options are the header names and values.
 */
export type HeadersForm = 'fetch';

/** One configuration before rendering. */
export interface CaseSpec {
  /** Unique, stable, kebab-case; names the framework and the shape of the config. */
  id: string;
  framework: OracleFramework;
  form?: FlaskForm | FalconForm | SocketIoForm | HeadersForm;
  /** Options in the order written: keyword arguments, object keys, or Django settings. */
  options: [string, ConfigValue][];
  /** The origins the author meant to allow. */
  intended: string[];
}

/** One configuration of the corpus, with the source text a user would write for it. */
export interface CorpusItem extends CaseSpec {
  language: 'python' | 'typescript';
  /** The file name the snippet is analysed as (settings.py for Django). */
  fileName: string;
  snippet: string;
  /** Environment variables the configuration reads; the runtime sees them unset. */
  envVars: string[];
}

/** Whether an option value is a tagged object of one kind. */
export function isTag<K extends string>(
  v: ConfigValue,
  tag: K,
): v is Extract<ConfigValue, Record<K, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && tag in v;
}
