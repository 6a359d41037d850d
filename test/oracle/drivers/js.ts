import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import type { FastifyCorsOptions } from "@fastify/cors";
import { callbackFor } from "../corpus/callbacks";
import { isTag, type ConfigValue, type CorpusItem, type OracleFramework } from "../corpus/types";
import { REQUEST_KINDS, varyHasOrigin, type RuntimeRecord, type RuntimeResult } from "./record";

const PATH = "/api/data";

/** The npm packages each JS framework needs, as `require` names. */
export const JS_PACKAGES: Record<string, string[]> = {
  "express-cors": ["express", "cors"],
  "fastify-cors": ["fastify", "@fastify/cors"],
  hono: ["hono"],
  "koa-cors": ["koa", "@koa/cors"],
  "socket.io": ["socket.io", "engine.io", "cors"],
  // Node's http and the global fetch Response: nothing to install.
  "js-headers": [],
};

/** Builds the live option value a user's code would produce (env variables unset). */
export function liveValue(v: ConfigValue, fw: OracleFramework): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => liveValue(x, fw));
  if (isTag(v, "$regex")) return new RegExp(v.$regex, v.flags ?? "");
  if (isTag(v, "$env")) return process.env[v.$env] || liveValue(v.default, fw);
  if (isTag(v, "$split")) return String(liveValue(v.$split, fw)).split(v.sep ?? ",");
  if (isTag(v, "$dict")) return liveOptions(v.$dict, fw);
  if (isTag(v, "$fn")) return callbackFor(fw, v.$fn);
  throw new Error(`no live JS form for ${JSON.stringify(v)}`);
}

function liveOptions(
  entries: [string, ConfigValue][],
  fw: OracleFramework,
): Record<string, unknown> {
  return Object.fromEntries(entries.map(([k, x]) => [k, liveValue(x, fw)]));
}

/** Request headers for one origin and kind. */
function requestOf(
  origin: string,
  kind: string,
): { method: string; headers: Record<string, string> } {
  if (kind === "preflight") {
    return {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "GET" },
    };
  }
  const headers: Record<string, string> = { Origin: origin };
  if (kind === "simple-cookie") headers.Cookie = "a=1";
  return { method: "GET", headers };
}

type Send = (method: string, headers: Record<string, string>) => Promise<RuntimeRecord>;

async function sendAll(send: Send, origins: string[]): Promise<RuntimeRecord[][]> {
  const out: RuntimeRecord[][] = [];
  for (const origin of origins) {
    const row: RuntimeRecord[] = [];
    for (const kind of REQUEST_KINDS) {
      const { method, headers } = requestOf(origin, kind);
      row.push(await send(method, headers));
    }
    out.push(row);
  }
  return out;
}

function one(h: string | string[] | undefined | null): string | null {
  if (h === undefined || h === null) return null;
  return Array.isArray(h) ? h.join(", ") : String(h);
}

function fromNodeHeaders(
  status: number,
  h: http.IncomingHttpHeaders | Record<string, unknown>,
): RuntimeRecord {
  const get = (n: string) => one(h[n] as string | string[] | undefined);
  const vary = h.vary as string | string[] | undefined;
  return {
    status,
    acao: get("access-control-allow-origin"),
    acac: get("access-control-allow-credentials"),
    vary: varyHasOrigin(Array.isArray(vary) ? vary : [vary]),
  };
}

/** Serves a Node request handler on 127.0.0.1 for the duration of `use`. */
function withServer<T>(handler: http.RequestListener, use: (send: Send) => Promise<T>): Promise<T> {
  return serve(http.createServer(handler), PATH, use);
}

/** Listens on 127.0.0.1:0, sends real HTTP requests to `path`, closes the server afterwards. */
async function serve<T>(
  server: http.Server,
  path: string,
  use: (send: Send) => Promise<T>,
  close: () => Promise<void> = () => new Promise((resolve) => server.close(() => resolve())),
): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const send: Send = (method, headers) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path, method, headers, agent: false },
        (res) => {
          res.resume();
          res.on("end", () => resolve(fromNodeHeaders(res.statusCode ?? 0, res.headers)));
        },
      );
      req.on("error", reject);
      req.end();
    });
  try {
    return await use(send);
  } finally {
    await close();
  }
}

function optionsArg(item: CorpusItem): unknown[] {
  return item.options.length ? [liveOptions(item.options, item.framework)] : [];
}

async function express(item: CorpusItem, origins: string[]): Promise<RuntimeRecord[][]> {
  const { default: expressApp } = await import("express");
  const { default: cors } = await import("cors");
  const app = expressApp();
  app.use((cors as (...a: unknown[]) => ReturnType<typeof cors>)(...optionsArg(item)));
  app.get(PATH, (_req, res) => void res.send("ok"));
  return withServer(app, (send) => sendAll(send, origins));
}

async function koa(item: CorpusItem, origins: string[]): Promise<RuntimeRecord[][]> {
  const { default: Koa } = await import("koa");
  const { default: cors } = await import("@koa/cors");
  const app = new Koa();
  app.use((cors as (...a: unknown[]) => ReturnType<typeof cors>)(...optionsArg(item)));
  app.use((ctx) => {
    ctx.body = "ok";
  });
  // Koa's handler settles its own promise (errors go to ctx.onerror): nothing to await here.
  const handle = app.callback();
  return withServer(
    (req, res) => void handle(req, res),
    (send) => sendAll(send, origins),
  );
}

async function fastify(item: CorpusItem, origins: string[]): Promise<RuntimeRecord[][]> {
  const { default: Fastify } = await import("fastify");
  const { default: cors } = await import("@fastify/cors");
  const app = Fastify();
  if (item.options.length) {
    await app.register(cors, liveOptions(item.options, item.framework) as FastifyCorsOptions);
  } else {
    await app.register(cors);
  }
  app.get(PATH, async () => "ok");
  await app.ready();
  try {
    return await sendAll(async (method, headers) => {
      const res = await app.inject({ method: method as "GET", url: PATH, headers });
      return fromNodeHeaders(res.statusCode, res.headers);
    }, origins);
  } finally {
    await app.close();
  }
}

async function hono(item: CorpusItem, origins: string[]): Promise<RuntimeRecord[][]> {
  const { Hono } = await import("hono");
  const { cors } = await import("hono/cors");
  const app = new Hono();
  app.use("/api/*", (cors as (...a: unknown[]) => ReturnType<typeof cors>)(...optionsArg(item)));
  app.get(PATH, (c) => c.text("ok"));
  return sendAll(async (method, headers) => {
    const res = await app.request(PATH, { method, headers });
    await res.arrayBuffer();
    return {
      status: res.status,
      acao: res.headers.get("access-control-allow-origin"),
      acac: res.headers.get("access-control-allow-credentials"),
      vary: varyHasOrigin([res.headers.get("vary")]),
    };
  }, origins);
}

/** engine.io's HTTP long-polling handshake: the only requests the `cors` option reaches. */
const SOCKET_IO_PATH = "/socket.io/?EIO=4&transport=polling";

type SocketIoServer = typeof import("socket.io").Server;

/** Builds the server the way the corpus item's snippet does. */
function socketIoServer(
  Server: SocketIoServer,
  server: http.Server,
  options: Record<string, unknown>,
  form: CorpusItem["form"],
): InstanceType<SocketIoServer> {
  if (form === "require") {
    const factory = require("socket.io") as (
      srv: http.Server,
      opts: object,
    ) => InstanceType<SocketIoServer>;
    return factory(server, options);
  }
  if (form === "attach") return new Server(options).attach(server);
  return new Server(server, options);
}

async function socketIo(item: CorpusItem, origins: string[]): Promise<RuntimeRecord[][]> {
  const { Server } = await import("socket.io");
  const server = http.createServer();
  const io = socketIoServer(Server, server, liveOptions(item.options, item.framework), item.form);
  // io.close() closes every handshaken client and the HTTP server.
  return serve(
    server,
    SOCKET_IO_PATH,
    (send) => sendAll(send, origins),
    () => io.close(),
  );
}

/** The header values a hand-written handler computes for one request. */
function headerValues(item: CorpusItem, origin: string | undefined): [string, unknown][] {
  return item.options.map(([k, v]) => [
    k,
    isTag(v, "$origin") ? origin : liveValue(v, item.framework),
  ]);
}

/** `res.setHeader(name, value)` in a Node http handler, or fetch's `new Response(body, { headers })`. */
async function jsHeaders(item: CorpusItem, origins: string[]): Promise<RuntimeRecord[][]> {
  if (item.form === "fetch") {
    return sendAll(async (_method, headers) => {
      const values = Object.fromEntries(headerValues(item, headers.Origin));
      const res = new Response("ok", { headers: values as Record<string, string> });
      return {
        status: res.status,
        acao: res.headers.get("access-control-allow-origin"),
        acac: res.headers.get("access-control-allow-credentials"),
        vary: varyHasOrigin([res.headers.get("vary")]),
      };
    }, origins);
  }
  const handler: http.RequestListener = (req, res) => {
    for (const [k, v] of headerValues(item, req.headers.origin)) res.setHeader(k, v as string);
    res.end("ok");
  };
  return withServer(handler, (send) => sendAll(send, origins));
}

const DRIVERS: Record<string, (item: CorpusItem, origins: string[]) => Promise<RuntimeRecord[][]>> =
  {
    "express-cors": express,
    "fastify-cors": fastify,
    hono,
    "koa-cors": koa,
    "socket.io": socketIo,
    "js-headers": jsHeaders,
  };

/** Runs one JS corpus item against the live middleware, in-process. */
export async function runJs(item: CorpusItem, origins: string[]): Promise<RuntimeResult> {
  const driver = DRIVERS[item.framework];
  if (!driver) return { error: `no JS driver for ${item.framework}` };
  const saved = item.envVars.map((n) => [n, process.env[n]] as const);
  for (const n of item.envVars) delete process.env[n];
  try {
    return { records: await driver(item, origins) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  } finally {
    for (const [n, v] of saved) if (v !== undefined) process.env[n] = v;
  }
}

/** A package's version, from the package.json above its entry (export maps may hide it). */
function versionOf(name: string): string | null {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return null;
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? null;
  }
  return null;
}

/** Installed versions of the JS middlewares (null when missing). */
export function jsVersions(): Record<string, string | null> {
  const names = [...new Set(Object.values(JS_PACKAGES).flat())];
  return Object.fromEntries(names.map((n) => [n, versionOf(n)]));
}
