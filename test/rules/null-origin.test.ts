import assert from "node:assert/strict";
import { checkPolicy, exactEntry, handPolicy, ruleTable } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;

ruleTable("null-origin", {
  valid: [
    { code: fa('allow_origins=["https://app.example.com"]') },
    { code: fa('allow_origins=["https://nullable.example.com"]') },
    { code: fa('allow_origins=["NULL"]') },
  ],
  invalid: [
    {
      code: fa('allow_origins=["https://app.example.com", "null"]'),
      errors: [
        {
          text: '"null"',
          message:
            'Any website may read responses: Starlette/FastAPI CORSMiddleware allows the "null" origin, which a sandboxed iframe on any page sends.',
          severity: "warning",
          fixes: [
            {
              title: 'Remove the "null" origin',
              applicability: "unsafe",
              output: fa('allow_origins=["https://app.example.com"]'),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origins=["null", "https://app.example.com"], allow_credentials=True'),
      errors: [
        {
          text: '"null"',
          message:
            'Any website may read responses with the user\'s cookies: Starlette/FastAPI CORSMiddleware allows the "null" origin, which a sandboxed iframe on any page sends.',
          severity: "error",
          fixes: [
            {
              title: 'Remove the "null" origin',
              applicability: "unsafe",
              output: fa('allow_origins=["https://app.example.com"], allow_credentials=True'),
            },
          ],
        },
      ],
    },
    {
      // A str is a substring test: `"null" in "https://nullable.example.com"` is true.
      code: fa('allow_origins="https://nullable.example.com"'),
      errors: [
        {
          text: '"https://nullable.example.com"',
          message:
            'Any website may read responses: Starlette/FastAPI CORSMiddleware tests \'origin in "https://nullable.example.com"\' on a string, so the "null" origin passes.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      // Removing the only item would leave nothing to allow: no automatic fix for a bare string.
      code: fa('allow_origins="null"'),
      errors: [
        {
          text: '"null"',
          message:
            'Any website may read responses: Starlette/FastAPI CORSMiddleware allows the "null" origin, which a sandboxed iframe on any page sends.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
  ],
});

describe("null-origin (framework semantics)", () => {
  const rule = "null-origin";

  it("flask-cors compares case-insensitively, so NULL is null", () => {
    const code = 'CORS(app, origins=["NULL"], supports_credentials=True)';
    const policy = handPolicy(code, "flask-cors", [exactEntry(code, '"NULL"', "exact-ci")], {
      credentials: { value: true, span: { start: 0, end: 0 } },
    });
    assert.deepEqual(checkPolicy(rule, policy, code), [
      {
        text: '"NULL"',
        message:
          'Any website may read responses with the user\'s cookies: flask-cors allows the "null" origin, which a sandboxed iframe on any page sends.',
        withCredentials: true,
        fixes: [
          {
            title: 'Remove the "null" origin',
            applicability: "unsafe",
            output: "CORS(app, origins=[], supports_credentials=True)",
          },
        ],
      },
    ]);
  });

  it("django-cors-headers matches an entry without a scheme against null", () => {
    const code =
      'CORS_ALLOWED_ORIGINS = ["app.example.com", "127.0.0.1:8000", "localhost:3000", "https://ok.example.com"]';
    const values = [
      '"app.example.com"',
      '"127.0.0.1:8000"',
      '"localhost:3000"',
      '"https://ok.example.com"',
    ];
    const policy = handPolicy(
      code,
      "django-cors-headers",
      values.map((v) => exactEntry(code, v, "scheme-host")),
    );
    const reports = checkPolicy(rule, policy, code);
    // "localhost:3000" splits into scheme "localhost": it never matches anything (unmatchable-origin).
    assert.deepEqual(
      reports.map((r) => [r.text, r.fixes.map((f) => [f.applicability, f.output])]),
      [
        [
          '"app.example.com"',
          [
            [
              "suggestion",
              'CORS_ALLOWED_ORIGINS = ["https://app.example.com", "127.0.0.1:8000", "localhost:3000", "https://ok.example.com"]',
            ],
          ],
        ],
        [
          '"127.0.0.1:8000"',
          [
            [
              "suggestion",
              'CORS_ALLOWED_ORIGINS = ["app.example.com", "http://127.0.0.1:8000", "localhost:3000", "https://ok.example.com"]',
            ],
          ],
        ],
      ],
    );
    assert.equal(
      reports[0].message,
      'Any website may read responses: "app.example.com" has no scheme, so django-cors-headers matches it against the "null" origin a sandboxed iframe sends.',
    );
  });

  it("django-cors-headers: a '*' in the allowed list has no scheme either", () => {
    const code = 'CORS_ALLOWED_ORIGINS = ["*", "null"]';
    const policy = handPolicy(code, "django-cors-headers", [
      exactEntry(code, '"*"', "scheme-host"),
      exactEntry(code, '"null"', "scheme-host"),
    ]);
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.fixes.map((f) => f.output)]),
      [
        ['"*"', []],
        ['"null"', ['CORS_ALLOWED_ORIGINS = ["*"]']],
      ],
    );
  });

  it("Express sends a lone string as is: null is allowed, with no list item to remove", () => {
    const code = "app.use(cors({ origin: 'null' }));";
    const policy = handPolicy(code, "express-cors", [exactEntry(code, "'null'", "sent")]);
    assert.deepEqual(
      checkPolicy(rule, policy, code).map((r) => [r.text, r.fixes.length]),
      [["'null'", 0]],
    );
  });
});
