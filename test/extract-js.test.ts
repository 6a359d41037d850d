import assert from "node:assert/strict";
import { extractJs } from "../server/src/core/extract/js";
import { JsResolver } from "../server/src/core/extract/js/resolver";
import { guardsOf } from "../server/src/core/extract/js/guards";
import { extractorsOf } from "../server/src/core/frameworks";
import type { Notice, OriginEntry, Policy } from "../server/src/core/model";
import { parseTypeScript, ts } from "../server/src/core/parse/typescript";
import { alternatives, type OriginSummary, type Value } from "../server/src/core/values";
import { describeSummary } from "./helpers/summary";

function extract(code: string, file = "app.ts"): Policy[] {
  const notices: Notice[] = [];
  const out = extractJs(code, file, notices, extractorsOf("typescript"));
  assert.deepEqual(
    notices.filter((n) => n.kind === "internal"),
    [],
  );
  return out;
}

const text = (code: string, s: { start: number; end: number }): string =>
  code.slice(s.start, s.end);

/** A short, exact description of an entry: kind, semantics, value, where, guards and env variable. */
function show(code: string, e: OriginEntry): string {
  const parts: string[] = [e.kind];
  if (e.kind === "any") parts.push(e.source);
  if (e.kind === "exact") parts.push(e.match, e.value);
  if (e.kind === "regex") parts.push(e.engine, e.flags, e.pattern);
  if (e.kind === "reflect") parts.push(e.reason);
  if (e.kind === "partial-check") parts.push(e.method, e.value);
  if (e.kind === "dynamic") parts.push(e.description);
  const g = e.guards?.map((x) => (x.whenTrue ? "" : "!") + x.condition).join("&");
  const where = ` @${text(code, e.span)}`;
  return (
    parts.filter(Boolean).join(" ") +
    where +
    (g ? ` if ${g}` : "") +
    (e.envVar ? ` env ${e.envVar}` : "")
  );
}

function origins(code: string, file = "app.ts", i = 0): string[] {
  const p = extract(code, file)[i];
  assert.ok(p, "no policy");
  return p.origins.map((e) => show(code, e));
}

/** The value of the first argument of the last `use(...)` call. */
function resolveUse(code: string): Value {
  const { sf } = parseTypeScript(code, "x.ts");
  const r = new JsResolver(sf);
  let arg: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "use")
      arg = n.arguments[0];
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return r.resolve(arg!);
}

/** Strings (or kinds) a value may take, each with its guards and env variable. */
function strings(v: Value): string[] {
  return alternatives(v).flatMap((a) =>
    (a.value.kind === "list" ? a.value.items : [a.value]).flatMap((i) =>
      alternatives(i, a.guards, a.envVar).map((x) => {
        const s = x.value.kind === "string" ? x.value.value : x.value.kind;
        const g = x.guards.map((g) => (g.whenTrue ? "" : "!") + g.condition).join("&");
        return s + (g ? "?" + g : "") + (x.envVar ? " env " + x.envVar : "");
      }),
    ),
  );
}

function summary(fn: string, prelude = ""): OriginSummary {
  const v = resolveUse(`${prelude}\nuse(${fn});`);
  assert.equal(v.kind, "function");
  return (v as Extract<Value, { kind: "function" }>).summary;
}

describe("JS resolver", () => {
  it('decodes string escapes as JS does: "\\." is a plain dot', () => {
    assert.deepEqual(
      strings(resolveUse(`use(["https://app\\.example\\.com", 'a\\x41\\u{42}', \`t\\n\`]);`)),
      ["https://app.example.com", "aAB", "t\n"],
    );
  });
  it("joins concatenations and templates whose parts resolve, and leaves the others unknown", () => {
    const code = `const host = 'example.com';\nconst port = 8080;\nuse(['https://' + host, \`http://${"$"}{host}:${"$"}{port}\`, \`${"$"}{req.host}\`]);`;
    assert.deepEqual(strings(resolveUse(code)), [
      "https://example.com",
      "http://example.com:8080",
      "unknown",
    ]);
  });
  it("flattens array spreads and reads object spreads, shorthand and computed keys", () => {
    const code = `const base = ['https://a.com'];\nconst key = 'origin';\nconst credentials = true;\nconst extra = { maxAge: 5 };\nuse({ ...extra, [key]: [...base, 'https://b.com'], credentials, 'x-y': 1 });`;
    const v = resolveUse(code);
    assert.equal(v.kind, "dict");
    const d = v as Extract<Value, { kind: "dict" }>;
    assert.deepEqual(
      d.entries.map((e) => e.key),
      ["maxAge", "origin", "credentials", "x-y"],
    );
    assert.deepEqual(strings(d.entries[1].value), ["https://a.com", "https://b.com"]);
    assert.deepEqual(d.entries[2].value.kind, "bool");
  });
  it('reads env lookups: process.env.X, process.env["X"], import.meta.env.X, with || and ?? defaults', () => {
    assert.deepEqual(strings(resolveUse(`use(process.env.CORS_ORIGIN || '*');`)), [
      "* env CORS_ORIGIN",
    ]);
    assert.deepEqual(strings(resolveUse(`use(process.env['ORIGIN'] ?? 'https://a.com');`)), [
      "https://a.com env ORIGIN",
    ]);
    const v = resolveUse(`use(import.meta.env.VITE_ORIGIN);`);
    assert.deepEqual(v.kind === "env" && [v.variable, v.fallback], ["VITE_ORIGIN", undefined]);
  });
  it("splits, trims and filters env lists, keeping the variable", () => {
    const code = `use((process.env.ORIGINS || 'https://a.com, https://b.com,').split(',').map((s) => s.trim()).filter(Boolean));`;
    assert.deepEqual(strings(resolveUse(code)), [
      "https://a.com env ORIGINS",
      "https://b.com env ORIGINS",
    ]);
    const ternary = `use(process.env.ORIGINS ? process.env.ORIGINS.split(',') : '*');`;
    assert.deepEqual(strings(resolveUse(ternary)), ["* env ORIGINS"]);
  });
  it("reads regex literals with their flags and new RegExp(string) with the string decoded", () => {
    const list = resolveUse(
      `use([/example\\.com$/gi, new RegExp('^https://a\\\\.com$', 'i'), new RegExp("a\\.com")]);`,
    );
    assert.equal(list.kind, "list");
    const items = (list as Extract<Value, { kind: "list" }>).items.map(
      (i) => i.kind === "regex" && [i.pattern, i.flags],
    );
    assert.deepEqual(items, [
      ["example\\.com$", "gi"],
      ["^https://a\\.com$", "i"],
      ["a.com", ""],
    ]);
  });
  it("turns ternaries and if/else assignments into guarded choices", () => {
    assert.deepEqual(
      strings(
        resolveUse(
          `const dev = process.env.NODE_ENV !== 'production';\nuse(dev ? '*' : 'https://a.com');`,
        ),
      ),
      ["*?dev", "https://a.com?!dev"],
    );
    const code = `let origin;\nif (process.env.NODE_ENV === 'development') {\n  origin = '*';\n} else {\n  origin = 'https://a.com';\n}\nuse(origin);`;
    assert.deepEqual(strings(resolveUse(code)), [
      "https://a.com?!process.env.NODE_ENV === 'development'",
      "*?process.env.NODE_ENV === 'development'",
    ]);
  });
  it("treats variables written from another function or a loop as unknown", () => {
    assert.deepEqual(
      strings(resolveUse(`let o = 'https://a.com';\nonReady(() => { o = '*'; });\nuse(o);`)),
      ["unknown"],
    );
    assert.deepEqual(strings(resolveUse(`let o = 'a';\nfor (const x of xs) o += x;\nuse(o);`)), [
      "unknown",
    ]);
  });
  it("finds the nearest declaration of a name, and parameters shadow constants", () => {
    const code = `const o = 'https://outer.com';\nfunction f(o) { use(o); }`;
    assert.deepEqual(strings(resolveUse(code)), ["unknown"]);
    const inner = `const o = 'https://outer.com';\nfunction f() { const o = 'https://inner.com'; use(o); }`;
    assert.deepEqual(strings(resolveUse(inner)), ["https://inner.com"]);
  });
  it("maps imports and requires to module names", () => {
    const code = [
      `import cors from 'cors';`,
      `import * as ns from 'cors';`,
      `import { cors as honoCors } from 'hono/cors';`,
      `import type { X } from 'y';`,
      `const req = require('@koa/cors');`,
      `const { fastifyCors } = require('@fastify/cors');`,
      `import io = require('socket.io');`,
    ].join("\n");
    const r = new JsResolver(parseTypeScript(code, "x.ts").sf);
    assert.deepEqual(Object.fromEntries(r.imports), {
      cors: "cors",
      ns: "cors",
      honoCors: "hono/cors.cors",
      X: "y.X",
      req: "@koa/cors",
      fastifyCors: "@fastify/cors.fastifyCors",
      io: "socket.io",
    });
  });
  it("collects enclosing if/else, ternary and && guards, outermost first", () => {
    const code = `if (isProd) {} else { x = dev && (a ? use(1) : 0); }`;
    const { sf } = parseTypeScript(code, "x.ts");
    let call: ts.Node | undefined;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) call = n;
      ts.forEachChild(n, visit);
    };
    visit(sf);
    assert.deepEqual(
      guardsOf(call!).map((g) => `${g.whenTrue ? "" : "!"}${g.condition}`),
      ["!isProd", "dev", "a"],
    );
  });
});

describe("JS origin callbacks", () => {
  const cases: [string, string, string?][] = [
    ["(o) => o", "origin"],
    ["(o, cb) => cb(null, o)", "origin"],
    ["(o, cb) => cb(null, true)", "true"],
    ["() => true", "true"],
    ["function (o, cb) { cb(null, false); }", "none"],
    [
      "(o, cb) => { if (!o || o.endsWith('example.com')) return cb(null, true); cb(new Error('x')); }",
      "true when endswith example.com",
    ],
    ["(o) => (o.startsWith('https://app') ? o : null)", "origin when startswith https://app"],
    ["(o, cb) => cb(null, o.indexOf('example.com') !== -1)", "true when indexOf example.com"],
    [
      "(o, cb) => { if (allow.indexOf(o) !== -1) cb(null, true); else cb(new Error('no')); }",
      "true when in [https://a.com]",
      "const allow = ['https://a.com'];",
    ],
    [
      "(o, cb) => { if (!set.has(o)) return cb(new Error()); cb(null, true); }",
      "true when in [https://s.com]",
      "const set = new Set(['https://s.com']);",
    ],
    [
      "(o, cb) => cb(null, /^https:\\/\\/a\\.com$/.test(o))",
      "true when search ^https:\\/\\/a\\.com$",
    ],
    [
      "(o, cb) => { if (isDev) return cb(null, true); cb(null, o === 'https://a.com'); }",
      "true if isDev | true when in [https://a.com] if !isDev",
    ],
    ["(o, cb) => cb(null, isAllowed(o))", "unknown"],
    ["(o, cb) => lookup(o, cb)", "unknown"],
  ];
  for (const [fn, expected, prelude] of cases) {
    it(`${fn} -> ${expected}`, () => {
      assert.equal(describeSummary(summary(fn, prelude)), expected);
    });
  }
});

describe("JS extractors", () => {
  it("express: cors() means every origin, with the insert point at its `)`", () => {
    const code = `import cors from 'cors';\napp.use(cors());`;
    const [p] = extract(code);
    assert.deepEqual(
      [p.framework, text(code, p.anchor), origins(code)],
      ["express-cors", "cors", ["any default @cors"]],
    );
    assert.equal(code[p.insertAt!], ")");
  });
  it("express: each origin form, settings and every option as written", () => {
    const code = `const cors = require('cors');\napp.get('/x', cors({ origin: ['https://a.com', '*', /\\.b\\.com$/g], credentials: true, methods: 'GET,POST', allowedHeaders: ['X-A'], exposedHeaders: ['X-B'], maxAge: 600, preflightContinue: false }), h);`;
    const [p] = extract(code, "app.js");
    assert.deepEqual(origins(code, "app.js"), [
      "exact exact https://a.com @'https://a.com'",
      "exact exact * @'*'",
      "regex search g \\.b\\.com$ @/\\.b\\.com$/g",
    ]);
    assert.deepEqual(
      [
        p.credentials?.value,
        p.methods?.value,
        p.allowHeaders?.value,
        p.exposeHeaders?.value,
        p.maxAge?.value,
      ],
      [true, ["GET", "POST"], ["X-A"], ["X-B"], 600],
    );
    assert.deepEqual(
      p.options.map((o) => o.name),
      [
        "origin",
        "credentials",
        "methods",
        "allowedHeaders",
        "exposedHeaders",
        "maxAge",
        "preflightContinue",
      ],
    );
    assert.equal(code[p.insertAt!], "}");
  });
  it("express: strings are sent, true reflects, false and callbacks by behaviour", () => {
    const code = `import cors from 'cors';\nconst list = ['https://a.com'];\napp.use(cors({ origin: 'https://x.com' }));\napp.use(cors({ origin: true }));\napp.use(cors({ origin: false }));\napp.use(cors({ origin: (o, cb) => cb(null, list.includes(o)) }));\napp.use(cors({ origin: getOrigins() }));`;
    const ps = extract(code);
    assert.deepEqual(
      ps.map((p) => p.origins.map((e) => show(code, e))),
      [
        ["exact sent https://x.com @'https://x.com'"],
        ["reflect true @true"],
        [],
        ["exact exact https://a.com @'https://a.com'"],
        ["dynamic getOrigins() @getOrigins()"],
      ],
    );
  });
  it("express: an options delegate handing over a literal object is read; a conditional one is dynamic", () => {
    const code = `import cors from 'cors';\napp.use(cors((req, cb) => cb(null, { origin: true, credentials: true })));\napp.use(cors((req, cb) => { if (ok(req)) cb(null, { origin: true }); else cb(null, { origin: false }); }));`;
    const [a, b] = extract(code);
    assert.deepEqual(
      [a.origins.map((e) => show(code, e)), a.credentials?.value],
      [["reflect true @true"], true],
    );
    assert.deepEqual(
      b.origins.map((e) => e.kind),
      ["dynamic"],
    );
  });
  it("express: a guarded configuration carries its guards; env defaults carry the variable", () => {
    const code = `import cors from 'cors';\nif (process.env.NODE_ENV !== 'production') {\n  app.use(cors({ origin: process.env.ORIGIN || '*' }));\n}`;
    const [p] = extract(code);
    assert.deepEqual(
      p.guards.map((g) => [g.condition, g.whenTrue]),
      [["process.env.NODE_ENV !== 'production'", true]],
    );
    assert.deepEqual(origins(code), ["any star @'*' env ORIGIN"]);
  });
  it("express: a local function named cors is not the package", () => {
    assert.deepEqual(extract(`function cors(o) {}\napp.use(cors({ origin: '*' }));`), []);
  });
  it("nestjs: enableCors(), cors: true and the Fastify adapter", () => {
    const code = `import { NestFactory } from '@nestjs/core';\nimport { FastifyAdapter } from '@nestjs/platform-fastify';\nconst a = await NestFactory.create(M, { cors: true });\na.enableCors();\nconst b = await NestFactory.create(M, new FastifyAdapter(), { cors: { origin: ['*'], credentials: true } });`;
    const ps = extract(code);
    assert.deepEqual(
      ps.map((p) => [
        p.framework,
        text(code, p.anchor),
        p.origins.map((e) => show(code, e)),
        !!p.note,
      ]),
      [
        ["nestjs", "cors", ["any setting @true"], true],
        ["nestjs", "enableCors", ["any default @enableCors"], true],
        ["nestjs", "cors", ["any star @'*'"], true],
      ],
    );
  });
  it("fastify: no options means *, a * in an array allows all, RegExps are searched", () => {
    const code = `import cors from '@fastify/cors';\nfastify.register(cors);\nfastify.register(cors, { origin: ['https://a.com', '*'] });\nfastify.register(require('@fastify/cors'), { origin: /a\\.com$/ });`;
    assert.deepEqual(
      extract(code).map((p) => p.origins.map((e) => show(code, e))),
      [
        ["any default @cors"],
        ["exact exact https://a.com @'https://a.com'", "any star @'*'"],
        ["regex search a\\.com$ @/a\\.com$/"],
      ],
    );
  });
  it("hono: strings compare exactly, a * in an array is literal, functions by their return value", () => {
    const code = `import { cors } from 'hono/cors';\napp.use(cors());\napp.use(cors({ origin: 'https://a.com' }));\napp.use(cors({ origin: ['*'] }));\napp.use(cors({ origin: (o) => (o.endsWith('a.com') ? o : null) }));`;
    assert.deepEqual(
      extract(code).map((p) => p.origins.map((e) => show(code, e))),
      [
        ["any default @cors"],
        ["exact exact https://a.com @'https://a.com'"],
        ["exact exact * @'*'"],
        ["partial-check endswith a.com @o.endsWith('a.com')"],
      ],
    );
  });
  it('koa: strings are sent, an unset variable falls back to *, ctx.get("Origin") reflects', () => {
    const code = `import cors from '@koa/cors';\napp.use(cors({ origin: 'https://a.com' }));\napp.use(cors({ origin: process.env.ORIGIN }));\napp.use(cors({ origin: (ctx) => ctx.get('Origin') }));`;
    assert.deepEqual(
      extract(code, "app.js").map((p) => p.origins.map((e) => show(code, e))),
      [
        ["exact sent https://a.com @'https://a.com'"],
        ["any setting @process.env.ORIGIN env ORIGIN"],
        ["reflect identity-function @(ctx) => ctx.get('Origin')"],
      ],
    );
  });
  it("elysia: the defaults reflect with credentials unless overridden", () => {
    const code = `import { cors } from '@elysiajs/cors';\napp.use(cors());\napp.use(cors({ origin: 'https://a.com', credentials: false }));`;
    const [a, b] = extract(code);
    assert.deepEqual(
      [origins(code), a.credentials?.value, text(code, a.credentials!.span)],
      [["reflect true @cors"], true, "cors"],
    );
    assert.deepEqual(
      [b.origins.map((e) => show(code, e)), b.credentials?.value],
      [["exact exact https://a.com @'https://a.com'"], false],
    );
  });
  it('socket.io: the cors option of new Server(...) and require("socket.io")(...)', () => {
    const code = `const { Server } = require('socket.io');\nnew Server(http, { cors: { origin: true, credentials: true } });\nrequire('socket.io')(http, { cors: { origin: 'https://a.com' } });\nnew Server(http, {});`;
    const ps = extract(code, "server.js");
    assert.deepEqual(
      ps.map((p) => [p.framework, text(code, p.anchor), p.origins.map((e) => show(code, e))]),
      [
        ["socket.io", "cors", ["exact sent https://a.com @'https://a.com'"]],
        ["socket.io", "cors", ["reflect true @true"]],
      ],
    );
  });
  it("socket.io: require('socket.io')(http, opts) alone, with no binding of the module", () => {
    const code = `const io = require('socket.io')(http, { cors: { origin: true } });`;
    const ps = extract(code, "server.js");
    assert.deepEqual(
      ps.map((p) => [p.framework, p.origins.map((e) => show(code, e))]),
      [["socket.io", ["reflect true @true"]]],
    );
  });
  it("js-headers: one policy per function; echo, checks, credentials and Vary", () => {
    const code = [
      `const allowed = ['https://a.com'];`,
      `app.use((req, res, next) => {`,
      `  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);`,
      `  res.setHeader('Access-Control-Allow-Credentials', 'true');`,
      `});`,
      `app.use((req, res, next) => {`,
      `  const origin = req.get('origin');`,
      `  if (!allowed.includes(origin)) return next();`,
      `  res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });`,
      `});`,
      `function h(request) {`,
      `  return new Response('', { headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Max-Age': '600' } });`,
      `}`,
    ].join("\n");
    const ps = extract(code, "server.mjs");
    assert.deepEqual(
      ps.map((p) => [
        p.origins.map((e) => show(code, e)),
        p.credentials?.value,
        p.vary?.value,
        p.maxAge?.value,
      ]),
      [
        [["reflect echo-header @req.headers.origin"], true, false, undefined],
        [["exact sent https://a.com @'https://a.com'"], undefined, true, undefined],
        [["any star @'*'"], undefined, false, 600],
      ],
    );
  });
  it("js-headers: a suffix test guarding the echo is a partial check; a dev branch becomes a guard", () => {
    const code = `function f(req, res) {\n  const o = req.headers.origin;\n  if (o && o.endsWith('a.com')) res.header('Access-Control-Allow-Origin', o);\n  if (isDev) res.header('Access-Control-Allow-Origin', '*');\n}`;
    assert.deepEqual(origins(code), [
      "partial-check endswith a.com @o.endsWith('a.com')",
      "any star @'*' if isDev",
    ]);
  });
  it("js-headers: request headers in fetch() are not a policy", () => {
    assert.deepEqual(extract(`fetch(u, { headers: { 'Access-Control-Allow-Origin': '*' } });`), []);
  });
  it("nextjs: one policy per source block with an Allow-Origin header; route entries in other modules", () => {
    const code = `const h = [{ key: 'Access-Control-Allow-Origin', value: '*' }, { key: 'Access-Control-Allow-Credentials', value: 'true' }];\nexport default { async headers() { return [{ source: '/api/:p*', headers: h }, { source: '/x', headers: [{ key: 'X-A', value: '1' }] }]; } };`;
    const ps = extract(code, "next.config.mjs");
    assert.deepEqual(
      ps.map((p) => [
        p.framework,
        p.origins.map((e) => show(code, e)),
        p.credentials?.value,
        p.vary?.value,
      ]),
      [["nextjs-headers", ["any star @'*'"], true, false]],
    );
    // A module next.config imports its entries from: `{ source: "/...", headers }` is read there too.
    assert.deepEqual(
      extract(code, "config.mjs").map((p) => p.framework),
      ["nextjs-headers"],
    );
    // Outside next.config, a `source` that is not a route path is some other record.
    assert.deepEqual(
      extract(code.replace("source: '/api/:p*'", "source: 'api'"), "config.mjs"),
      [],
    );
  });
  it("recovers from syntax errors with a notice and still extracts", () => {
    const notices: Notice[] = [];
    const code = `import cors from 'cors';\napp.use(cors({ origin: true, credentials: true })\napp.get('/', (req, res) => {`;
    const ps = extractJs(code, "app.ts", notices, extractorsOf("typescript"));
    assert.deepEqual(
      notices.map((n) => n.kind),
      ["syntax"],
    );
    assert.deepEqual(
      ps.map((p) => p.origins.map((e) => show(code, e))),
      [["reflect true @true"]],
    );
  });
});
