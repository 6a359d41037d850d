import assert from "node:assert/strict";
import {
  checkPolicy,
  exactEntry,
  handPolicy,
  optionRefs,
  ruleTable,
  spanOf,
} from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
/** A FastAPI snippet with the given keyword arguments. */
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const origins = (...items: string[]) => fa(`allow_origins=[${items.join(", ")}]`);
/** An Express `cors` snippet with the given origin option. */
const expressCors = (origin: string) =>
  `import cors from 'cors';\napp.use(cors({ origin: ${origin} }));\n`;

ruleTable("unmatchable-origin", {
  valid: [
    { code: origins('"https://app.example.com"') },
    { code: origins('"http://localhost:3000"', '"https://[::1]:8443"') },
    { code: origins('"*"') },
    { code: origins('"null"') },
    // A str instead of a list is a substring test: another rule's concern, and the slash does not stop it.
    { code: fa('allow_origins="https://app.example.com/"') },
    { code: fa('allow_origin_regex=r"https://.*\\.vercel\\.app"') },
    // @fastify/cors resets lastIndex; a literal inside an inline function is new on every call.
    {
      code: `import cors from '@fastify/cors';\nawait app.register(cors, { origin: /^https:\\/\\/app\\.example\\.com$/g });\n`,
      file: "app.ts",
    },
    {
      code: expressCors(`(o, cb) => cb(null, /^https:\\/\\/app\\.example\\.com$/g.test(o))`),
      file: "app.ts",
    },
    { code: expressCors("/^https:\\/\\/app\\.example\\.com$/i"), file: "app.ts" },
  ],
  invalid: [
    {
      // Python implicit concatenation: a missing comma glues two origins into one.
      code: origins('"https://a.example.com" "https://b.example.com"'),
      errors: [
        {
          text: '"https://a.example.com" "https://b.example.com"',
          message:
            'Origins "https://a.example.com" and "https://b.example.com" are glued into one string: a comma is missing between the literals, so Python joins them and none of them matches.',
          severity: "warning",
          fixes: [
            {
              title: "Insert the missing comma",
              applicability: "safe",
              output: origins('"https://a.example.com", "https://b.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"https:// app.example.com"'),
      errors: [
        {
          text: '"https:// app.example.com"',
          message:
            'Origin "https:// app.example.com" never matches: it has a space inside, and browsers send "scheme://host" without spaces.',
          severity: "warning",
          fixes: [
            {
              title: "Remove the spaces",
              applicability: "suggestion",
              output: origins('"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"https://app.example.com/"'),
      errors: [
        {
          text: '"https://app.example.com/"',
          message:
            'Origin "https://app.example.com/" never matches: browsers send origins without a trailing slash (https://app.example.com).',
          severity: "warning",
          fixes: [
            {
              title: "Remove the trailing slash",
              applicability: "safe",
              output: origins('"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins("'https://app.example.com/app'"),
      errors: [
        {
          text: "'https://app.example.com/app'",
          message:
            'Origin "https://app.example.com/app" never matches: browsers send origins without a path (https://app.example.com).',
          severity: "warning",
          fixes: [
            {
              title: "Remove the path",
              applicability: "safe",
              output: origins("'https://app.example.com'"),
            },
          ],
        },
      ],
    },
    {
      code: origins('"https://App.Example.com"'),
      errors: [
        {
          text: '"https://App.Example.com"',
          message:
            'Origin "https://App.Example.com" never matches: browsers send it in lowercase (https://app.example.com) and Starlette/FastAPI CORSMiddleware compares case-sensitively.',
          severity: "warning",
          fixes: [
            {
              title: "Lower-case the origin",
              applicability: "safe",
              output: origins('"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"https://app.example.com:443"', '"http://localhost:80"'),
      errors: [
        {
          text: '"https://app.example.com:443"',
          message:
            'Origin "https://app.example.com:443" never matches: browsers leave out the default port (https://app.example.com).',
          severity: "warning",
          fixes: [
            {
              title: "Remove the default port",
              applicability: "safe",
              output: origins('"https://app.example.com"', '"http://localhost:80"'),
            },
          ],
        },
        {
          text: '"http://localhost:80"',
          message:
            'Origin "http://localhost:80" never matches: browsers leave out the default port (http://localhost).',
          severity: "warning",
          fixes: [
            {
              title: "Remove the default port",
              applicability: "safe",
              output: origins('"https://app.example.com:443"', '"http://localhost"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('" https://app.example.com"'),
      errors: [
        {
          text: '" https://app.example.com"',
          message:
            'Origin " https://app.example.com" never matches: it has leading or trailing spaces.',
          severity: "warning",
          fixes: [
            {
              title: "Remove the spaces",
              applicability: "safe",
              output: origins('"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"HTTPS://App.example.com:443/"'),
      errors: [
        {
          text: '"HTTPS://App.example.com:443/"',
          message:
            'Origin "HTTPS://App.example.com:443/" never matches: browsers send origins without a trailing slash (https://app.example.com).',
          severity: "warning",
          fixes: [
            {
              title: "Replace with https://app.example.com",
              applicability: "safe",
              output: origins('"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"app.example.com"', '"localhost:3000"'),
      errors: [
        {
          text: '"app.example.com"',
          message:
            'Origin "app.example.com" never matches: it has no scheme, and browsers send "scheme://host".',
          severity: "warning",
          fixes: [
            {
              title: "Add https://",
              applicability: "suggestion",
              output: origins('"https://app.example.com"', '"localhost:3000"'),
            },
          ],
        },
        {
          text: '"localhost:3000"',
          message:
            'Origin "localhost:3000" never matches: it has no scheme, and browsers send "scheme://host".',
          severity: "warning",
          fixes: [
            {
              title: "Add http://",
              applicability: "suggestion",
              output: origins('"app.example.com"', '"http://localhost:3000"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"https://app.example.com"', '"https://*.vercel.app"'),
      errors: [
        {
          text: '"https://*.vercel.app"',
          message:
            'Origin "https://*.vercel.app" never matches: Starlette/FastAPI CORSMiddleware compares it literally, so "*" is not a wildcard.',
          severity: "warning",
          fixes: [
            {
              title: "Move the pattern to allow_origin_regex",
              applicability: "suggestion",
              output: fa(
                'allow_origins=["https://app.example.com"], allow_origin_regex=r"https://[a-z0-9-]+\\.vercel\\.app"',
              ),
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORT}app.add_middleware(
CORSMiddleware,
allow_origins=["http://localhost:*"],
)
`,
      errors: [
        {
          text: '"http://localhost:*"',
          message:
            'Origin "http://localhost:*" never matches: Starlette/FastAPI CORSMiddleware compares it literally, so "*" is not a wildcard.',
          severity: "warning",
          fixes: [
            {
              title: "Move the pattern to allow_origin_regex",
              applicability: "suggestion",
              output: `${IMPORT}app.add_middleware(
CORSMiddleware,
allow_origins=[],
allow_origin_regex=r"http://localhost:[0-9]+",
)
`,
            },
          ],
        },
      ],
    },
    {
      // With a regex already set, the two patterns need a human to merge them.
      code: fa(
        'allow_origins=["https://*.vercel.app"], allow_origin_regex="https://app\\.example\\.com"',
      ),
      errors: [
        {
          text: '"https://*.vercel.app"',
          message:
            'Origin "https://*.vercel.app" never matches: Starlette/FastAPI CORSMiddleware compares it literally, so "*" is not a wildcard.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: origins('"https://a.example.com, https://b.example.com"'),
      errors: [
        {
          text: '"https://a.example.com, https://b.example.com"',
          message:
            'Origin "https://a.example.com, https://b.example.com" never matches: it holds several origins in one string, and browsers send one.',
          severity: "warning",
          fixes: [
            {
              title: "Split into one origin per item",
              applicability: "safe",
              output: origins('"https://a.example.com"', '"https://b.example.com"'),
            },
          ],
        },
      ],
    },
    {
      // Splitting an env default would add an argument to os.getenv: no fix.
      code: `import os\n${origins('os.getenv("ORIGINS", "https://a.example.com,https://b.example.com")')}`,
      errors: [
        {
          text: '"https://a.example.com,https://b.example.com"',
          message:
            'Origin "https://a.example.com,https://b.example.com" never matches: it holds several origins in one string, and browsers send one when ORIGINS is unset.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: origins('""'),
      errors: [
        {
          text: '""',
          message: "The empty origin never matches: browsers always send an origin.",
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: `import os\n${origins('os.getenv("FRONTEND", "https://app.example.com/")')}`,
      errors: [
        {
          text: '"https://app.example.com/"',
          message:
            'Origin "https://app.example.com/" never matches: browsers send origins without a trailing slash (https://app.example.com) when FRONTEND is unset.',
          severity: "warning",
          fixes: [
            {
              title: "Remove the trailing slash",
              applicability: "safe",
              output: `import os\n${origins('os.getenv("FRONTEND", "https://app.example.com")')}`,
            },
          ],
        },
      ],
    },
    {
      code: expressCors("/^https:\\/\\/app\\.example\\.com$/g"),
      file: "app.ts",
      errors: [
        {
          text: "/^https:\\/\\/app\\.example\\.com$/g",
          message:
            'Origin pattern "/^https:\\/\\/app\\.example\\.com$/g" refuses allowed origins on alternate requests: Express cors reuses the RegExp, and the "g" flag makes test() resume from its lastIndex.',
          severity: "warning",
          fixes: [
            {
              title: 'Remove the "g" flag',
              applicability: "safe",
              output: expressCors("/^https:\\/\\/app\\.example\\.com$/"),
            },
          ],
        },
      ],
    },
    {
      code: expressCors("[/^https:\\/\\/app\\.example\\.com$/gi, 'https://b.example.com']"),
      file: "app.ts",
      errors: [
        {
          text: "/^https:\\/\\/app\\.example\\.com$/gi",
          message:
            'Origin pattern "/^https:\\/\\/app\\.example\\.com$/gi" refuses allowed origins on alternate requests: Express cors reuses the RegExp, and the "g" flag makes test() resume from its lastIndex.',
          severity: "warning",
          fixes: [
            {
              title: 'Remove the "g" flag',
              applicability: "safe",
              output: expressCors(
                "[/^https:\\/\\/app\\.example\\.com$/i, 'https://b.example.com']",
              ),
            },
          ],
        },
      ],
    },
    {
      // Dropping `y` would drop the start anchoring it gives: no fix.
      code: expressCors("/https:\\/\\/app\\.example\\.com$/y"),
      file: "app.ts",
      errors: [
        {
          text: "/https:\\/\\/app\\.example\\.com$/y",
          message:
            'Origin pattern "/https:\\/\\/app\\.example\\.com$/y" refuses allowed origins on alternate requests: Express cors reuses the RegExp, and the "y" flag makes test() resume from its lastIndex.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: `import { Server } from 'socket.io';\nconst io = new Server(server, { cors: { origin: /^https:\\/\\/app\\.example\\.com$/g } });\n`,
      file: "app.ts",
      errors: [
        {
          text: "/^https:\\/\\/app\\.example\\.com$/g",
          message:
            'Origin pattern "/^https:\\/\\/app\\.example\\.com$/g" refuses allowed origins on alternate requests: socket.io cors reuses the RegExp, and the "g" flag makes test() resume from its lastIndex.',
          severity: "warning",
          fixes: [
            {
              title: 'Remove the "g" flag',
              applicability: "safe",
              output: `import { Server } from 'socket.io';\nconst io = new Server(server, { cors: { origin: /^https:\\/\\/app\\.example\\.com$/ } });\n`,
            },
          ],
        },
      ],
    },
  ],
});

describe("unmatchable-origin (framework semantics)", () => {
  const rule = "unmatchable-origin";

  it("Falcon raises at startup for `*` inside a list: the message says so", () => {
    const code = "falcon.CORSMiddleware(allow_origins=['*', 'https://a.example.com'])";
    const policy = handPolicy(code, "falcon", [exactEntry(code, "'*'", "exact")]);
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.message]),
      [
        [
          "'*'",
          '"*" inside a list stops the app from starting: Falcon CORSMiddleware raises ValueError for it (write "*" alone, not in a list).',
        ],
      ],
    );
  });

  it("flask-cors compares case-insensitively: uppercase matches, a slash does not", () => {
    const code = 'CORS(app, origins=["https://App.example.com", "https://app.example.com/"])';
    const policy = handPolicy(code, "flask-cors", [
      exactEntry(code, '"https://App.example.com"', "exact-ci"),
      exactEntry(code, '"https://app.example.com/"', "exact-ci"),
    ]);
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.fixes.map((f) => f.output)]),
      [
        [
          '"https://app.example.com/"',
          ['CORS(app, origins=["https://App.example.com", "https://app.example.com"])'],
        ],
      ],
    );
  });

  it("django-cors-headers ignores the path and lowers the scheme, but not the host or a default port", () => {
    const code =
      'CORS_ALLOWED_ORIGINS = ["https://a.example.com/", "https://a.example.com/api", "HTTPS://b.example.com", "https://C.example.com", "https://d.example.com:443"]';
    const values = [
      '"https://a.example.com/"',
      '"https://a.example.com/api"',
      '"HTTPS://b.example.com"',
      '"https://C.example.com"',
      '"https://d.example.com:443"',
    ];
    const policy = handPolicy(
      code,
      "django-cors-headers",
      values.map((v) => exactEntry(code, v, "scheme-host")),
    );
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [
        r.text,
        r.fixes.map((f) => [f.applicability, f.title]),
      ]),
      [
        ['"https://C.example.com"', [["safe", "Lower-case the origin"]]],
        ['"https://d.example.com:443"', [["safe", "Remove the default port"]]],
      ],
    );
  });

  it("django-cors-headers: scheme-less entries are left to null-origin unless urlsplit finds a scheme", () => {
    const code = 'CORS_ALLOWED_ORIGINS = ["example.com", "localhost:3000"]';
    const policy = handPolicy(code, "django-cors-headers", [
      exactEntry(code, '"example.com"', "scheme-host"),
      exactEntry(code, '"localhost:3000"', "scheme-host"),
    ]);
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.fixes.map((f) => f.output)]),
      [['"localhost:3000"', ['CORS_ALLOWED_ORIGINS = ["example.com", "http://localhost:3000"]']]],
    );
  });

  it("Express arrays compare exactly: '*' in an array never matches, and a glob becomes a RegExp", () => {
    const code = "app.use(cors({ origin: ['*', 'https://*.example.com'] }));";
    const policy = handPolicy(code, "express-cors", [
      exactEntry(code, "'*'", "exact"),
      exactEntry(code, "'https://*.example.com'", "exact"),
    ]);
    assert.deepEqual(checkPolicy(rule, policy, code), [
      {
        text: "'*'",
        message:
          '"*" never matches here: Express cors compares list items literally, so it is not a wildcard.',
        withCredentials: false,
        fixes: [],
      },
      {
        text: "'https://*.example.com'",
        message:
          'Origin "https://*.example.com" never matches: Express cors compares it literally, so "*" is not a wildcard.',
        withCredentials: false,
        fixes: [
          {
            title: "Replace with a regular expression",
            applicability: "suggestion",
            output: "app.use(cors({ origin: ['*', /^https:\\/\\/[a-z0-9-]+\\.example\\.com$/] }));",
          },
        ],
      },
    ]);
  });

  it("Hono arrays: a star is literal and there is no RegExp to move a glob to", () => {
    const code = "app.use(cors({ origin: ['*', 'https://*.example.com'] }));";
    const policy = handPolicy(code, "hono", [
      exactEntry(code, "'*'", "exact"),
      exactEntry(code, "'https://*.example.com'", "exact"),
    ]);
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.fixes.length]),
      [
        ["'*'", 0],
        ["'https://*.example.com'", 0],
      ],
    );
  });

  it("a sent string with several origins becomes an array where the framework takes one", () => {
    const code = "app.use(cors({ origin: 'https://a.example.com,https://b.example.com' }));";
    const express = handPolicy(code, "express-cors", [
      exactEntry(code, "'https://a.example.com,https://b.example.com'", "sent"),
    ]);
    assert.deepEqual(
      checkPolicy(rule, express, code).map((r) => r.fixes),
      [
        [
          {
            title: "Split into one origin per item",
            applicability: "safe",
            output:
              "app.use(cors({ origin: ['https://a.example.com', 'https://b.example.com'] }));",
          },
        ],
      ],
    );
    const koa = handPolicy(code, "koa-cors", [
      exactEntry(code, "'https://a.example.com,https://b.example.com'", "sent"),
    ]);
    assert.deepEqual(
      checkPolicy(rule, koa, code).map((r) => [r.text, r.fixes.length]),
      [["'https://a.example.com,https://b.example.com'", 0]],
    );
  });

  it("a sent string keeps its quotes when fixed", () => {
    const code = "app.use(cors({ origin: 'https://app.example.com/' }));";
    const policy = handPolicy(
      code,
      "express-cors",
      [exactEntry(code, "'https://app.example.com/'", "sent")],
      {
        options: optionRefs(code, ["origin"]),
      },
    );
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => r.fixes.map((f) => f.output)),
      [["app.use(cors({ origin: 'https://app.example.com' }));"]],
    );
  });

  it("ignores substring entries, regexes and dynamic values", () => {
    const code = 'x = ("https://app.example.com/", r"https://.*", origins)';
    const policy = handPolicy(code, "starlette", [
      exactEntry(code, '"https://app.example.com/"', "substring"),
      {
        kind: "regex",
        pattern: "https://.*",
        flags: "",
        engine: "fullmatch",
        span: spanOf(code, 'r"https://.*"'),
      },
      { kind: "dynamic", description: "origins", span: spanOf(code, "origins") },
    ]);
    assert.deepEqual(checkPolicy(rule, policy, code), []);
  });
});
