import assert from "node:assert/strict";
import { checkPolicy, handPolicy, ruleTable, spanOf } from "../helpers/rule-table";

const ex = (opts: string) => `import cors from 'cors';\napp.use(cors(${opts}));\n`;
const flask = (value: string) =>
  `from flask import request\n@app.after_request\ndef add_cors(response):\n    response.headers["Access-Control-Allow-Origin"] = ${value}\n    return response\n`;

ruleTable("reflected-origin", {
  valid: [
    { code: ex("{ origin: 'https://app.example.com', credentials: true }"), file: "app.ts" },
    { code: ex("{ origin: ['https://app.example.com'] }"), file: "app.ts" },
    { code: flask('"https://app.example.com"') },
  ],
  invalid: [
    {
      code: ex("{ origin: true, credentials: true }"),
      file: "app.ts",
      errors: [
        {
          text: "true",
          message:
            "Any website can read responses with the user's cookies: Express cors echoes every request's origin back through \"origin: true\".",
          severity: "error",
          fixes: [
            {
              title: "Replace with an explicit origin list",
              applicability: "suggestion",
              output: ex("{ origin: ['https://app.example'], credentials: true }"),
            },
            {
              title: "Turn credentials off (credentials to false)",
              applicability: "unsafe",
              output: ex("{ origin: true, credentials: false }"),
            },
          ],
        },
      ],
    },
    {
      code: "import { cors } from '@elysiajs/cors';\napp.use(cors());\n",
      file: "app.ts",
      errors: [
        {
          text: "cors",
          message:
            "Any website can read responses with the user's cookies: @elysiajs/cors echoes every request's origin back through its default \"origin: true\".",
          severity: "error",
          fixes: [
            {
              title: "Add an explicit origin list",
              applicability: "suggestion",
              output:
                "import { cors } from '@elysiajs/cors';\napp.use(cors({ origin: ['https://app.example'] }));\n",
            },
          ],
        },
      ],
    },
    {
      code: "import { cors } from '@elysiajs/cors';\napp.use(cors());\n",
      file: "app.ts",
      config: { productionOrigins: ["https://a.example.com"] },
      errors: [
        {
          text: "cors",
          message:
            "Any website can read responses with the user's cookies: @elysiajs/cors echoes every request's origin back through its default \"origin: true\".",
          severity: "error",
          fixes: [
            {
              title: "Allow only https://a.example.com",
              applicability: "unsafe",
              output:
                "import { cors } from '@elysiajs/cors';\napp.use(cors({ origin: ['https://a.example.com'] }));\n",
            },
          ],
        },
      ],
    },
    {
      code: ex("{ origin: (origin, cb) => cb(null, origin) }"),
      file: "app.ts",
      config: { productionOrigins: ["https://a.example.com"] },
      errors: [
        {
          text: "(origin, cb) => cb(null, origin)",
          message:
            "Any website can read responses: Express cors echoes every request's origin back through a function that returns the origin it is given.",
          severity: "warning",
          fixes: [
            {
              title: "Allow only https://a.example.com",
              applicability: "unsafe",
              output: ex("{ origin: ['https://a.example.com'] }"),
            },
          ],
        },
      ],
    },
    {
      code: flask('request.headers.get("Origin")'),
      errors: [
        {
          text: 'request.headers.get("Origin")',
          message:
            "Any website can read responses: hand-written CORS code echoes every request's origin back through the request's Origin header copied into Access-Control-Allow-Origin.",
          severity: "warning",
          fixes: [
            {
              title: "Replace with an explicit origin list",
              applicability: "suggestion",
              output: flask('"https://app.example"'),
            },
          ],
        },
      ],
    },
    {
      code: flask('request.args.get("origin")'),
      errors: [
        {
          text: 'request.args.get("origin")',
          message:
            'Any website can read responses: hand-written CORS code sets Access-Control-Allow-Origin from the query parameter request.args.get("origin"), which the requester chooses, so any origin gets itself back.',
          severity: "warning",
          fixes: [
            {
              title: "Replace with an explicit origin list",
              applicability: "suggestion",
              output: flask('"https://app.example"'),
            },
          ],
        },
      ],
    },
    {
      code: "app.get('/x', (req, res) => {\n  res.setHeader('Access-Control-Allow-Origin', req.get('Referer'));\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n});\n",
      file: "app.ts",
      errors: [
        {
          text: "req.get('Referer')",
          message:
            "Any website can read responses with the user's cookies: hand-written CORS code sets Access-Control-Allow-Origin from the Referer header req.get('Referer'), which the requester chooses, so any origin gets itself back.",
          severity: "error",
          fixes: [
            {
              title: "Replace with an explicit origin list",
              applicability: "suggestion",
              output:
                "app.get('/x', (req, res) => {\n  res.setHeader('Access-Control-Allow-Origin', 'https://app.example');\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n});\n",
            },
          ],
        },
      ],
    },
  ],
});

describe("reflected-origin (framework semantics)", () => {
  it("@elysiajs/cors `origin: true` reflects with credentials by default", () => {
    const code = "app.use(cors({ origin: true }))";
    const p = handPolicy(
      code,
      "elysia",
      [{ kind: "reflect", reason: "true", span: spanOf(code, "true") }],
      {
        insertAt: code.indexOf(" })"),
      },
    );
    const [r] = checkPolicy("reflected-origin", p, code);
    assert.equal(r.withCredentials, true);
    assert.match(r.message, /with the user's cookies: @elysiajs\/cors/);
    assert.equal(r.fixes[1].output, "app.use(cors({ origin: true, credentials: false }))");
  });

  it("Hono identity function without credentials is a warning", () => {
    const code = "app.use(cors({ origin: (o) => o }))";
    const p = handPolicy(code, "hono", [
      { kind: "reflect", reason: "identity-function", span: spanOf(code, "(o) => o") },
    ]);
    const [r] = checkPolicy("reflected-origin", p, code);
    assert.equal(r.withCredentials, false);
    assert.equal(r.fixes[0].output, "app.use(cors({ origin: ['https://app.example'] }))");
  });
});
