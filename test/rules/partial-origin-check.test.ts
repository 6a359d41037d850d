import assert from "node:assert/strict";
import { checkPolicy, handPolicy, ruleTable, spanOf } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const ex = (opts: string) => `import cors from 'cors';\napp.use(cors(${opts}));\n`;

ruleTable("partial-origin-check", {
  valid: [
    { code: fa('allow_origins=["https://app.example.com"]') },
    {
      code: ex(
        "{ origin: (origin, cb) => cb(null, ['https://app.example.com'].includes(origin)) }",
      ),
      file: "app.ts",
    },
  ],
  invalid: [
    {
      code: fa('allow_origins="https://app.example.com"'),
      errors: [
        {
          text: '"https://app.example.com"',
          message:
            "The origin check also accepts https://app.example.co: Starlette/FastAPI CORSMiddleware was given a string instead of a list, so 'origin in \"https://app.example.com\"' is a substring test.",
          severity: "warning",
          fixes: [
            {
              title: "Wrap the origin in a list",
              applicability: "safe",
              output: fa('allow_origins=["https://app.example.com"]'),
            },
          ],
        },
      ],
    },
    {
      code: fa(
        "allow_origins='https://a.example.com,https://b.example.com', allow_credentials=True",
      ),
      errors: [
        {
          text: "'https://a.example.com,https://b.example.com'",
          message:
            "The origin check also accepts https://a.example.com,https://b.example.co with the user's cookies: Starlette/FastAPI CORSMiddleware was given a string instead of a list, so 'origin in \"https://a.example.com,https://b.example.com\"' is a substring test.",
          severity: "error",
          fixes: [
            {
              title: "Wrap the origin in a list",
              applicability: "safe",
              output: fa(
                "allow_origins=['https://a.example.com', 'https://b.example.com'], allow_credentials=True",
              ),
            },
          ],
        },
      ],
    },
    {
      code: ex(
        "{ origin: (origin, cb) => cb(null, origin.endsWith('example.com')), credentials: true }",
      ),
      file: "app.ts",
      errors: [
        {
          text: "origin.endsWith('example.com')",
          message:
            'The origin check also accepts https://evilexample.com with the user\'s cookies: Express cors allows any origin that ends with "example.com".',
          severity: "error",
          fixes: [],
        },
      ],
    },
  ],
});

describe("partial-origin-check (framework semantics)", () => {
  it("a startswith check lets the target through as a prefix of another host", () => {
    const code = 'if origin.startswith("https://app.example.com"):';
    const p = handPolicy(code, "python-headers", [
      {
        kind: "partial-check",
        method: "startswith",
        value: "https://app.example.com",
        span: spanOf(code, 'origin.startswith("https://app.example.com")'),
      },
    ]);
    const [r] = checkPolicy("partial-origin-check", p, code);
    assert.equal(
      r.message,
      'The origin check also accepts https://app.example.com.evil.example: hand-written CORS code allows any origin that starts with "https://app.example.com".',
    );
  });

  it("leaves `null` passing a substring test to null-origin", () => {
    const code = 'allow_origins="null"';
    const p = handPolicy(code, "starlette", [
      { kind: "exact", value: "null", match: "substring", span: spanOf(code, '"null"') },
    ]);
    assert.deepEqual(checkPolicy("partial-origin-check", p, code), []);
  });
});
