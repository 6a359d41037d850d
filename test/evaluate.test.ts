import assert from "node:assert/strict";
import { witness } from "../server/src/core/battery";
import {
  anyOriginWithCredentials,
  evaluate,
  type EvaluateOptions,
  type RequestKind,
} from "../server/src/core/evaluate";
import type { Framework, OriginEntry, Policy } from "../server/src/core/model";

const sp = { start: 0, end: 1 };
const ANY: OriginEntry = { kind: "any", source: "star", span: sp };
const APP: OriginEntry = {
  kind: "exact",
  value: "https://app.example.com",
  match: "exact",
  span: sp,
};
const REFLECT: OriginEntry = { kind: "reflect", reason: "true", span: sp };
const EVIL = "https://evil.example";
const GOOD = "https://app.example.com";

function policy(
  framework: Framework,
  origins: OriginEntry[],
  credentials?: boolean,
  vary?: boolean,
): Policy {
  return {
    framework,
    span: sp,
    anchor: sp,
    origins,
    options: [],
    guards: [],
    language: "python",
    ...(credentials === undefined ? {} : { credentials: { value: credentials, span: sp } }),
    ...(vary === undefined ? {} : { vary: { value: vary, span: sp } }),
  };
}

/** Headers as a compact string: ACAO|ACAC|Vary. */
function headers(
  p: Policy,
  origin: string,
  request: RequestKind,
  opts: EvaluateOptions = {},
): string {
  const v = evaluate(p, origin, { ...opts, request });
  return `${v.allowOriginHeader ?? "-"}|${v.credentials ? "cred" : "-"}|${v.vary ? "vary" : "-"}`;
}

/** [title, policy, origin, request, expected headers, options] */
const TABLE: [string, Policy, string, RequestKind, string, EvaluateOptions?][] = [
  ["starlette * simple", policy("starlette", [ANY]), EVIL, "simple", "*|-|-"],
  [
    "starlette * with cookie (upstream)",
    policy("starlette", [ANY]),
    EVIL,
    "simple-cookie",
    "*|-|-",
  ],
  [
    "starlette * with cookie (0.x)",
    policy("starlette", [ANY]),
    EVIL,
    "simple-cookie",
    `${EVIL}|-|vary`,
    { versions: { starlette: "0.x" } },
  ],
  [
    "starlette * + credentials simple (upstream)",
    policy("starlette", [ANY], true),
    EVIL,
    "simple",
    `${EVIL}|cred|vary`,
  ],
  [
    "starlette * + credentials simple (0.x)",
    policy("starlette", [ANY], true),
    EVIL,
    "simple",
    "*|cred|-",
    { versions: { starlette: "0.x" } },
  ],
  [
    "starlette * + credentials preflight",
    policy("starlette", [ANY], true),
    EVIL,
    "preflight",
    `${EVIL}|cred|vary`,
  ],
  ["starlette * preflight", policy("starlette", [ANY]), EVIL, "preflight", "*|-|-"],
  ["starlette list match", policy("starlette", [APP], true), GOOD, "simple", `${GOOD}|cred|vary`],
  ["starlette list miss", policy("starlette", [APP], true), EVIL, "simple", "-|cred|-"],
  ["starlette list miss preflight", policy("starlette", [APP]), EVIL, "preflight", "-|-|vary"],
  [
    "starlette str substring",
    policy("starlette", [{ ...APP, match: "substring" }]),
    "https://app.example.co",
    "simple",
    "https://app.example.co|-|vary",
  ],
  [
    "starlette regex fullmatch",
    policy("starlette", [
      {
        kind: "regex",
        pattern: "https://.*\\.example\\.com",
        flags: "",
        engine: "fullmatch",
        span: sp,
      },
    ]),
    "https://a.example.com.evil",
    "simple",
    "-|-|-",
  ],
  [
    "flask default reflects",
    policy("flask-cors", [{ kind: "any", source: "default", span: sp }]),
    EVIL,
    "simple",
    `${EVIL}|-|vary`,
  ],
  [
    "flask one origin, case-insensitive, no vary",
    policy("flask-cors", [{ ...APP, match: "exact-ci" }]),
    "https://APP.example.com",
    "simple",
    "https://APP.example.com|-|-",
  ],
  [
    "flask implicit regex",
    policy(
      "flask-cors",
      [
        {
          kind: "regex",
          pattern: "https://*.example.com",
          flags: "",
          engine: "match",
          implicit: true,
          span: sp,
        },
      ],
      true,
    ),
    "https://aexample.com",
    "simple",
    "https://aexample.com|cred|vary",
  ],
  ["flask miss", policy("flask-cors", [APP, APP]), EVIL, "simple", "-|-|-"],
  [
    "django allow all",
    policy("django-cors-headers", [{ kind: "any", source: "setting", span: sp }]),
    EVIL,
    "simple",
    "*|-|vary",
  ],
  [
    "django allow all + credentials",
    policy("django-cors-headers", [{ kind: "any", source: "setting", span: sp }], true),
    EVIL,
    "simple",
    `${EVIL}|cred|vary`,
  ],
  [
    "django scheme-host ignores path",
    policy("django-cors-headers", [
      { ...APP, value: "https://app.example.com/x", match: "scheme-host" },
    ]),
    GOOD,
    "simple",
    `${GOOD}|-|vary`,
  ],
  [
    "django scheme-less entry matches null",
    policy("django-cors-headers", [{ ...APP, value: "app.example.com", match: "scheme-host" }]),
    "null",
    "simple",
    "null|-|vary",
  ],
  [
    "django miss still sends credentials",
    policy("django-cors-headers", [{ ...APP, match: "scheme-host" }], true),
    EVIL,
    "simple",
    "-|cred|vary",
  ],
  [
    "aiohttp * reflects without vary",
    policy("aiohttp-cors", [ANY], true),
    EVIL,
    "simple",
    `${EVIL}|cred|-`,
  ],
  ["falcon * sends star", policy("falcon", [ANY]), EVIL, "simple", "*|-|-"],
  [
    "falcon * + credentials reflects",
    policy("falcon", [ANY], true),
    EVIL,
    "simple",
    `${EVIL}|cred|-`,
  ],
  ["falcon list miss sends nothing", policy("falcon", [APP], true), EVIL, "simple", "-|-|-"],
  [
    "falcon '*' inside a list: the app never starts",
    policy("falcon", [APP, { kind: "exact", value: "*", match: "exact", span: sp }]),
    GOOD,
    "preflight",
    "-|-|-",
  ],
  [
    "litestar * + credentials preflight",
    policy("litestar", [ANY], true),
    EVIL,
    "preflight",
    "*|cred|-",
  ],
  [
    "litestar * + cookie",
    policy("litestar", [ANY], true),
    EVIL,
    "simple-cookie",
    `${EVIL}|cred|vary`,
  ],
  [
    "litestar glob",
    policy("litestar", [
      { kind: "regex", pattern: "https://*.example.com", flags: "", engine: "glob", span: sp },
    ]),
    "https://a.example.com",
    "simple",
    "https://a.example.com|-|vary",
  ],
  ["quart * sends star", policy("quart-cors", [ANY]), EVIL, "simple", "*|-|-"],
  ["quart * + credentials raises", policy("quart-cors", [ANY], true), EVIL, "simple", "-|-|-"],
  ["quart exact echoes", policy("quart-cors", [APP], true), GOOD, "simple", `${GOOD}|cred|vary`],
  ["quart miss sends nothing", policy("quart-cors", [APP], true), EVIL, "simple", "-|-|-"],
  [
    "quart compiled pattern runs with match",
    policy("quart-cors", [
      { kind: "regex", pattern: "https://a\\.example\\.com", flags: "", engine: "match", span: sp },
    ]),
    "https://a.example.com.evil.example",
    "simple",
    "https://a.example.com.evil.example|-|vary",
  ],
  [
    "express * + credentials",
    policy("express-cors", [ANY], true),
    EVIL,
    "simple-cookie",
    "*|cred|-",
  ],
  [
    "express origin: true + credentials",
    policy("express-cors", [REFLECT], true),
    EVIL,
    "simple-cookie",
    `${EVIL}|cred|vary`,
  ],
  [
    "express string is sent as is",
    policy("express-cors", [{ ...APP, match: "sent" }]),
    EVIL,
    "simple",
    `${GOOD}|-|vary`,
  ],
  [
    "express unanchored regex",
    policy("express-cors", [
      { kind: "regex", pattern: "example\\.com$", flags: "", engine: "search", span: sp },
    ]),
    "https://evilexample.com",
    "simple",
    "https://evilexample.com|-|vary",
  ],
  ["express list miss", policy("express-cors", [APP], true), EVIL, "simple", "-|cred|vary"],
  [
    "nestjs delegates to express",
    policy("nestjs", [REFLECT], true),
    EVIL,
    "simple",
    `${EVIL}|cred|vary`,
  ],
  ["socket.io delegates to express", policy("socket.io", [ANY]), EVIL, "simple", "*|-|-"],
  [
    "fastify fixed string, no vary",
    policy("fastify-cors", [{ ...APP, match: "sent" }]),
    EVIL,
    "simple",
    `${GOOD}|-|-`,
  ],
  [
    "hono * + credentials is sent as *",
    policy("hono", [ANY], true),
    EVIL,
    "simple-cookie",
    "*|cred|-",
  ],
  [
    "hono identity function reflects",
    policy("hono", [{ kind: "reflect", reason: "identity-function", span: sp }]),
    EVIL,
    "simple",
    `${EVIL}|-|vary`,
  ],
  [
    "koa * + credentials reflects",
    policy("koa-cors", [ANY], true),
    EVIL,
    "simple",
    `${EVIL}|cred|vary`,
  ],
  [
    "koa default *",
    policy("koa-cors", [{ kind: "any", source: "default", span: sp }]),
    EVIL,
    "simple",
    "*|-|vary",
  ],
  [
    "elysia defaults reflect with credentials",
    policy("elysia", [REFLECT]),
    EVIL,
    "simple",
    `${EVIL}|cred|vary`,
  ],
  [
    "elysia scheme-less string",
    policy("elysia", [{ ...APP, value: "app.example.com" }], false),
    GOOD,
    "simple",
    `${GOOD}|-|vary`,
  ],
  ["elysia * + credentials", policy("elysia", [ANY]), EVIL, "simple", "*|cred|vary"],
  [
    "headers echo without vary",
    policy("python-headers", [{ kind: "reflect", reason: "echo-header", span: sp }], true),
    EVIL,
    "simple",
    `${EVIL}|cred|-`,
  ],
  [
    "headers partial check passes",
    policy(
      "js-headers",
      [{ kind: "partial-check", method: "endswith", value: "example.com", span: sp }],
      false,
      true,
    ),
    "https://evilexample.com",
    "simple",
    "https://evilexample.com|-|vary",
  ],
  [
    "headers partial check fails",
    policy("js-headers", [
      { kind: "partial-check", method: "endswith", value: "example.com", span: sp },
    ]),
    EVIL,
    "simple",
    "-|-|-",
  ],
  [
    "next.js fixed header",
    policy("nextjs-headers", [{ ...APP, match: "sent" }], true),
    EVIL,
    "simple",
    `${GOOD}|cred|-`,
  ],
  [
    "dynamic never matches",
    policy("express-cors", [{ kind: "dynamic", description: "x", span: sp }]),
    EVIL,
    "simple",
    "-|-|vary",
  ],
  [
    "express origin: false",
    withForm(policy("express-cors", [], true), "false"),
    GOOD,
    "simple",
    "-|-|-",
  ],
  ["express empty list", policy("express-cors", [], true), GOOD, "simple", "-|cred|vary"],
  [
    "express refusing function",
    withForm(policy("express-cors", [APP], true), "function"),
    EVIL,
    "simple",
    "-|-|-",
  ],
  [
    "express refusing function, preflight",
    withForm(policy("express-cors", [], true), "function"),
    GOOD,
    "preflight",
    "-|-|-",
  ],
  [
    "express allowing function",
    withForm(policy("express-cors", [APP], true), "function"),
    GOOD,
    "simple",
    `${GOOD}|cred|vary`,
  ],
  [
    "nestjs refusing function",
    withForm(policy("nestjs", [APP], true), "function"),
    EVIL,
    "simple",
    "-|-|-",
  ],
  [
    "fastify origin: false",
    withForm(policy("fastify-cors", [], true), "false"),
    GOOD,
    "simple",
    "-|-|-",
  ],
  [
    "fastify refusing function keeps vary",
    withForm(policy("fastify-cors", [APP], true), "function"),
    EVIL,
    "simple",
    "-|-|vary",
  ],
  [
    "fastify allowing function",
    withForm(policy("fastify-cors", [APP], true), "function"),
    GOOD,
    "simple-cookie",
    `${GOOD}|cred|vary`,
  ],
  // @koa/cors with an allowlist function: the matching origin is echoed, '' sends nothing but Vary.
  [
    "koa allowlist function echoes",
    policy("koa-cors", [APP], true),
    GOOD,
    "simple",
    `${GOOD}|cred|vary`,
  ],
  ["koa allowlist function refuses", policy("koa-cors", [APP], true), EVIL, "simple", "-|-|vary"],
  ["fastify list miss", policy("fastify-cors", [APP], true), EVIL, "simple", "-|cred|vary"],
  [
    "flask send_wildcard with *",
    withSendWildcard(policy("flask-cors", [ANY])),
    EVIL,
    "simple",
    "*|-|-",
  ],
  [
    "flask send_wildcard with .*",
    withSendWildcard(
      policy("flask-cors", [
        { kind: "regex", pattern: ".*", flags: "", engine: "match", span: sp },
      ]),
    ),
    EVIL,
    "simple",
    "*|-|-",
  ],
  [
    "flask send_wildcard ignored without *",
    withSendWildcard(policy("flask-cors", [APP, APP])),
    GOOD,
    "simple",
    `${GOOD}|-|vary`,
  ],
  [
    "flask send_wildcard with credentials raises",
    withSendWildcard(policy("flask-cors", [ANY], true)),
    EVIL,
    "simple",
    "-|-|-",
  ],
  [
    "flask vary_header=False",
    policy("flask-cors", [ANY], false, false),
    EVIL,
    "simple",
    `${EVIL}|-|-`,
  ],
];

function withForm(p: Policy, originForm: Policy["originForm"]): Policy {
  return { ...p, originForm };
}

function withSendWildcard(p: Policy): Policy {
  return { ...p, sendWildcard: { value: true, span: sp } };
}

describe("evaluate()", () => {
  for (const [title, p, origin, request, expected, opts] of TABLE) {
    it(title, () => assert.equal(headers(p, origin, request, opts), expected));
  }

  it("reports the entry that let the origin through and whether cookies can be read", () => {
    const v = evaluate(policy("starlette", [APP, ANY], true), EVIL);
    assert.equal(v.via, ANY);
    assert.equal(v.allowed, true);
    assert.equal(v.readableWithCredentials, true);
    assert.equal(
      evaluate(policy("express-cors", [ANY], true), EVIL).readableWithCredentials,
      false,
    );
  });

  it("says flask-cors raises on send_wildcard with credentials", () => {
    const v = evaluate(withSendWildcard(policy("flask-cors", [ANY], true)), EVIL);
    assert.match(v.error ?? "", /ValueError/);
    assert.equal(
      anyOriginWithCredentials(withSendWildcard(policy("flask-cors", [ANY], true))),
      "error",
    );
  });

  it("says quart-cors raises on `*` with credentials", () => {
    assert.match(evaluate(policy("quart-cors", [ANY], true), EVIL).error ?? "", /ValueError/);
    assert.equal(anyOriginWithCredentials(policy("quart-cors", [ANY], true)), "error");
  });

  it("says Falcon raises on a '*' inside a list, unless a guard selects it", () => {
    const star: OriginEntry = { kind: "exact", value: "*", match: "exact", span: sp };
    for (const creds of [false, true]) {
      const v = evaluate(policy("falcon", [APP, star], creds), GOOD);
      assert.match(v.error ?? "", /ValueError/);
      assert.deepEqual([v.allowed, v.allowOriginHeader, v.credentials], [false, null, false]);
    }
    const guarded = { ...star, guards: [{ condition: "DEBUG", whenTrue: true, span: sp }] };
    const v = evaluate(policy("falcon", [APP, guarded]), GOOD);
    assert.deepEqual([v.error, v.allowOriginHeader], [undefined, GOOD]);
  });

  const ANSWERS: [string, Policy, string | undefined, EvaluateOptions?][] = [
    ["starlette", policy("starlette", [ANY], true), "reflect"],
    [
      "starlette 0.x",
      policy("starlette", [ANY], true),
      "reflect",
      { versions: { starlette: "0.x" } },
    ],
    ["express", policy("express-cors", [ANY], true), "star"],
    ["hono", policy("hono", [ANY], true), "star"],
    ["koa", policy("koa-cors", [ANY], true), "reflect"],
    ["flask", policy("flask-cors", [ANY], true), "reflect"],
    ["elysia *", policy("elysia", [ANY]), "star"],
    ["an allowlist", policy("express-cors", [APP], true), undefined],
    ["no credentials", policy("starlette", [ANY]), undefined],
  ];
  for (const [title, p, expected, opts] of ANSWERS) {
    it(`answers any origin with credentials: ${title} -> ${expected}`, () => {
      assert.equal(anyOriginWithCredentials(p, opts), expected);
    });
  }

  const WITNESSES: [string, Policy, string | undefined][] = [
    [
      "unanchored JS regex",
      policy("express-cors", [
        { kind: "regex", pattern: "example\\.com$", flags: "", engine: "search", span: sp },
      ]),
      "https://evilexample.com",
    ],
    [
      "unescaped dot",
      policy("starlette", [
        {
          kind: "regex",
          pattern: "https://app.example.com",
          flags: "",
          engine: "fullmatch",
          span: sp,
        },
      ]),
      "https://appxexample.com",
    ],
    [
      "re.match without $",
      policy("django-cors-headers", [
        {
          kind: "regex",
          pattern: "^https://app\\.example\\.com",
          flags: "",
          engine: "match",
          span: sp,
        },
      ]),
      "https://app.example.com.evil.example",
    ],
    [
      "shared hosting",
      policy("starlette", [
        {
          kind: "regex",
          pattern: "https://.*\\.vercel\\.app",
          flags: "",
          engine: "fullmatch",
          span: sp,
        },
      ]),
      "https://evil.vercel.app",
    ],
    [
      "flask implicit localhost",
      policy("flask-cors", [
        {
          kind: "regex",
          pattern: "http://localhost:*",
          flags: "",
          engine: "match",
          implicit: true,
          span: sp,
        },
      ]),
      "http://localhost.evil.example",
    ],
    ["substring", policy("starlette", [{ ...APP, match: "substring" }]), "https://app.example.co"],
    [
      "endswith",
      policy("python-headers", [
        { kind: "partial-check", method: "endswith", value: "example.com", span: sp },
      ]),
      "https://evilexample.com",
    ],
    [
      "subdomain pattern done right",
      policy("express-cors", [
        {
          kind: "regex",
          pattern: "^https:\\/\\/([a-z0-9-]+\\.)*example\\.com$",
          flags: "",
          engine: "search",
          span: sp,
        },
      ]),
      undefined,
    ],
    ["exact origin", policy("starlette", [APP]), undefined],
  ];
  for (const [title, p, expected] of WITNESSES) {
    it(`finds the witness for ${title}`, () => assert.equal(witness(p, p.origins[0]), expected));
  }
});
