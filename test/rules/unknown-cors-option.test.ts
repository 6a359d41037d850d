import assert from "node:assert/strict";
import { frameworkOf } from "../../server/src/core/frameworks";
import type { Framework } from "../../server/src/core/model";
import { closestOption } from "../../server/src/core/rules/unknown-cors-option";
import { checkPolicy, handPolicy, optionRefs, ruleTable } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;

ruleTable("unknown-cors-option", {
  valid: [
    {
      code: fa(
        'allow_origins=["https://a.example.com"], allow_origin_regex=None, allow_methods=["GET"], allow_headers=["X-Token"], allow_credentials=True, expose_headers=[], max_age=600',
      ),
    },
  ],
  invalid: [
    {
      code: fa('allow_origins=["https://a.example.com"], allow_credential=True'),
      errors: [
        {
          text: "allow_credential",
          message:
            '"allow_credential" is not an option of Starlette/FastAPI CORSMiddleware: the app fails to start with a TypeError. Did you mean "allow_credentials"?',
          severity: "warning",
          fixes: [
            {
              title: 'Rename to "allow_credentials"',
              applicability: "unsafe",
              output: fa('allow_origins=["https://a.example.com"], allow_credentials=True'),
            },
          ],
        },
      ],
    },
    {
      code: fa('allowed_origins=["https://a.example.com"], supports_credentials=True'),
      errors: [
        {
          text: "allowed_origins",
          message:
            '"allowed_origins" is not an option of Starlette/FastAPI CORSMiddleware: the app fails to start with a TypeError. Did you mean "allow_origins"?',
          severity: "warning",
          fixes: [
            {
              title: 'Rename to "allow_origins"',
              applicability: "unsafe",
              output: fa('allow_origins=["https://a.example.com"], supports_credentials=True'),
            },
          ],
        },
        {
          text: "supports_credentials",
          message:
            '"supports_credentials" is not an option of Starlette/FastAPI CORSMiddleware: the app fails to start with a TypeError. Did you mean "allow_credentials"?',
          severity: "warning",
          fixes: [
            {
              title: 'Rename to "allow_credentials"',
              applicability: "unsafe",
              output: fa('allowed_origins=["https://a.example.com"], allow_credentials=True'),
            },
          ],
        },
      ],
    },
    {
      // Renaming would repeat a keyword (a SyntaxError); removing it lets the app start: unsafe.
      code: fa('allow_origins=["https://a.example.com"], allow_origin=["https://b.example.com"]'),
      errors: [
        {
          text: "allow_origin",
          message:
            '"allow_origin" is not an option of Starlette/FastAPI CORSMiddleware: the app fails to start with a TypeError. Did you mean "allow_origins"?',
          severity: "warning",
          fixes: [
            {
              title: 'Remove "allow_origin" ("allow_origins" is already set)',
              applicability: "unsafe",
              output: fa('allow_origins=["https://a.example.com"]'),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origins=["https://a.example.com"], timeout=5'),
      errors: [
        {
          text: "timeout",
          message:
            '"timeout" is not an option of Starlette/FastAPI CORSMiddleware: the app fails to start with a TypeError.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
  ],
});

describe("unknown-cors-option (framework semantics)", () => {
  const rule = "unknown-cors-option";

  it("flask-cors ignores unknown keyword arguments silently", () => {
    const code = 'CORS(app, origin="https://a.example.com", supports_credential=True)';
    const policy = handPolicy(code, "flask-cors", [], {
      options: optionRefs(code, ["origin", "supports_credential"]),
    });
    assert.deepEqual(checkPolicy(rule, policy, code), [
      {
        text: "origin",
        message:
          '"origin" is not an option of flask-cors, which silently ignores it: the setting has no effect. Did you mean "origins"?',
        withCredentials: false,
        fixes: [
          {
            title: 'Rename to "origins"',
            applicability: "unsafe",
            output: 'CORS(app, origins="https://a.example.com", supports_credential=True)',
          },
        ],
      },
      {
        text: "supports_credential",
        message:
          '"supports_credential" is not an option of flask-cors, which silently ignores it: the setting has no effect. Did you mean "supports_credentials"?',
        withCredentials: false,
        fixes: [
          {
            title: 'Rename to "supports_credentials"',
            applicability: "unsafe",
            output: 'CORS(app, origin="https://a.example.com", supports_credentials=True)',
          },
        ],
      },
    ]);
  });

  it("flask-cors config keys are suggested in their own style", () => {
    const code = 'app.config["CORS_ORIGIN"] = "https://a.example.com"';
    const policy = handPolicy(code, "flask-cors", [], {
      options: optionRefs(code, ["CORS_ORIGIN"]),
    });
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => r.fixes.map((f) => f.output)),
      [['app.config["CORS_ORIGINS"] = "https://a.example.com"']],
    );
  });

  it("django-cors-headers: only CORS_* settings are its options; old names are known", () => {
    const code =
      "CORS_ORIGIN_WHITELIST = []\nCORS_ALLOWED_ORIGIN = []\nCORS_ALLOW_CREDENTIAL = True\nDEBUG = True";
    const policy = handPolicy(code, "django-cors-headers", [], {
      options: optionRefs(code, [
        "CORS_ORIGIN_WHITELIST",
        "CORS_ALLOWED_ORIGIN",
        "CORS_ALLOW_CREDENTIAL",
        "DEBUG",
      ]),
    });
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.message, r.fixes.map((f) => f.title)]),
      [
        [
          "CORS_ALLOWED_ORIGIN",
          '"CORS_ALLOWED_ORIGIN" is not an option of django-cors-headers, which silently ignores it: the setting has no effect. Did you mean "CORS_ALLOWED_ORIGINS"?',
          ['Rename to "CORS_ALLOWED_ORIGINS"'],
        ],
        [
          "CORS_ALLOW_CREDENTIAL",
          '"CORS_ALLOW_CREDENTIAL" is not an option of django-cors-headers, which silently ignores it: the setting has no effect. Did you mean "CORS_ALLOW_CREDENTIALS"?',
          ['Rename to "CORS_ALLOW_CREDENTIALS"'],
        ],
      ],
    );
  });

  it("Express cors ignores unknown keys; quoted keys keep their quotes", () => {
    const code = "app.use(cors({ allowOrigin: 'https://a.example.com', 'credential': true }));";
    const policy = handPolicy(code, "express-cors", [], {
      options: optionRefs(code, ["allowOrigin", "'credential'"]),
    });
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.message, r.fixes]),
      [
        [
          "allowOrigin",
          '"allowOrigin" is not an option of Express cors, which silently ignores it: the setting has no effect. Did you mean "origin"?',
          [
            {
              title: 'Rename to "origin"',
              applicability: "unsafe",
              output: "app.use(cors({ origin: 'https://a.example.com', 'credential': true }));",
            },
          ],
        ],
        [
          "'credential'",
          '"credential" is not an option of Express cors, which silently ignores it: the setting has no effect. Did you mean "credentials"?',
          [
            {
              title: 'Rename to "credentials"',
              applicability: "unsafe",
              output:
                "app.use(cors({ allowOrigin: 'https://a.example.com', 'credentials': true }));",
            },
          ],
        ],
      ],
    );
  });

  it("a shorthand property keeps its value when renamed", () => {
    const code = "app.use(cors({ allowOrigin }));";
    const span = { start: code.indexOf("allowOrigin"), end: code.indexOf("allowOrigin") + 11 };
    const policy = handPolicy(code, "express-cors", [], {
      options: [{ name: "allowOrigin", span, valueSpan: span }],
    });
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => r.fixes.map((f) => f.output)),
      [["app.use(cors({ origin: allowOrigin }));"]],
    );
  });

  it("removing an ignored duplicate changes nothing at runtime: safe", () => {
    const code =
      "app.use(cors({ origin: 'https://a.example.com', origins: ['https://b.example.com'] }));";
    const policy = handPolicy(code, "express-cors", [], {
      options: optionRefs(code, ["origin", "origins"]),
    });
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => r.fixes),
      [
        [
          {
            title: 'Remove "origins" ("origin" is already set)',
            applicability: "safe",
            output: "app.use(cors({ origin: 'https://a.example.com' }));",
          },
        ],
      ],
    );
  });

  it("hand-written headers have no option list", () => {
    const code = 'response.headers["Access-Control-Allow-Origin"] = "*"';
    const policy = handPolicy(code, "python-headers", [], {
      options: optionRefs(code, ["headers"]),
    });
    assert.deepEqual(checkPolicy(rule, policy, code), []);
  });

  it("suggests the closest real option per framework", () => {
    const cases: [Framework, string, string | undefined][] = [
      ["hono", "allowedHeaders", "allowHeaders"],
      ["hono", "allowCredentials", "credentials"],
      ["koa-cors", "exposedHeaders", "exposeHeaders"],
      ["fastify-cors", "allowHeaders", "allowedHeaders"],
      ["elysia", "allowOrigin", "origin"],
      ["falcon", "allow_origin", "allow_origins"],
      ["falcon", "allow_methods", undefined],
      ["litestar", "allowed_origins", "allow_origins"],
      ["aiohttp-cors", "allow_credential", "allow_credentials"],
      ["starlette", "max_ages", "max_age"],
      ["starlette", "expose_header", "expose_headers"],
      ["django-cors-headers", "CORS_ORIGINS_WHITELIST", "CORS_ORIGIN_WHITELIST"],
      ["express-cors", "foo", undefined],
    ];
    assert.deepEqual(
      cases.map(([fw, name]) => closestOption(name, frameworkOf(fw).options!.names)),
      cases.map((c) => c[2]),
    );
  });
});
