import assert from "node:assert/strict";
import { checkPolicy, handPolicy, ruleTable, spanOf } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const ex = (opts: string) => `import cors from 'cors';\napp.use(cors(${opts}));\n`;
const fl = (args: string) => `from flask_cors import CORS\nCORS(app, ${args})\n`;

ruleTable("permissive-origin-regex", {
  valid: [
    { code: fa('allow_origin_regex=r"https://.*\\.example\\.com"') },
    { code: fa('allow_origin_regex=r"https://([a-z0-9-]+\\.)*example\\.com"') },
    { code: ex("{ origin: /^https:\\/\\/([a-z0-9-]+\\.)*example\\.com$/ }"), file: "app.ts" },
    { code: fl('origins=["https://app.example.com"]') },
  ],
  invalid: [
    {
      code: ex("{ origin: /example\\.com$/ }"),
      file: "app.ts",
      errors: [
        {
          text: "/example\\.com$/",
          message:
            'Origin pattern "example\\.com$" also accepts https://evilexample.com: Express cors tests it with RegExp.test, which matches anywhere, so it needs both "^" and "$".',
          severity: "warning",
          fixes: [
            {
              title: "Anchor the pattern and escape its dots: ^https://example\\.com$",
              applicability: "unsafe",
              output: ex("{ origin: /^https:\\/\\/example\\.com$/ }"),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origin_regex=r"https://app.example.com", allow_credentials=True'),
      errors: [
        {
          text: 'r"https://app.example.com"',
          message:
            'Origin pattern "https://app.example.com" also accepts https://appxexample.com with the user\'s cookies: an unescaped "." matches any character, and Starlette/FastAPI CORSMiddleware runs it with re.fullmatch.',
          severity: "error",
          fixes: [
            {
              title: "Anchor the pattern and escape its dots: ^https://app\\.example\\.com$",
              applicability: "unsafe",
              output: fa(
                'allow_origin_regex=r"^https://app\\.example\\.com$", allow_credentials=True',
              ),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origin_regex="https://.*example\\\\.com"'),
      errors: [
        {
          text: '"https://.*example\\\\.com"',
          message:
            'Origin pattern "https://.*example\\.com" also accepts https://evilexample.com: ".*" or ".+" can span a dot into another domain (Starlette/FastAPI CORSMiddleware).',
          severity: "warning",
          fixes: [
            {
              title:
                "Anchor the pattern and escape its dots: ^https://([a-z0-9-]+\\.)*example\\.com$",
              applicability: "unsafe",
              output: fa('allow_origin_regex="^https://([a-z0-9-]+\\\\.)*example\\\\.com$"'),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origin_regex=r"https://.*\\.vercel\\.app"'),
      errors: [
        {
          text: 'r"https://.*\\.vercel\\.app"',
          message:
            'Origin pattern "https://.*\\.vercel\\.app" also accepts https://evil.vercel.app: anyone can publish a site on a subdomain of vercel.app (Starlette/FastAPI CORSMiddleware).',
          severity: "warning",
          fixes: [
            {
              title: "Allow only one deployment: ^https://my-app\\.vercel\\.app$",
              applicability: "suggestion",
              output: fa('allow_origin_regex=r"^https://my-app\\.vercel\\.app$"'),
            },
          ],
        },
      ],
    },
    {
      code: fl('origins=["http://localhost:*"]'),
      errors: [
        {
          text: '"http://localhost:*"',
          message:
            'Origin "http://localhost:*" also accepts http://localhost.evil.example: flask-cors reads a string holding "*", "?", "[", "(", "$" or "^" as a regular expression, matched with re.match ignoring case.',
          severity: "warning",
          fixes: [
            {
              title: "Anchor the pattern and escape its dots: ^http://localhost(:\\d+)?$",
              applicability: "unsafe",
              output: fl('origins=["^http://localhost(:\\\\d+)?$"]'),
            },
          ],
        },
      ],
    },
  ],
});

describe("permissive-origin-regex (framework semantics)", () => {
  it("django regexes run with re.match: a missing `$` lets a longer host in", () => {
    const code = 'CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://app\\.example\\.com"]';
    const p = handPolicy(code, "django-cors-headers", [
      {
        kind: "regex",
        pattern: "^https://app\\.example\\.com",
        flags: "",
        engine: "match",
        span: spanOf(code, 'r"^https://app\\.example\\.com"'),
      },
    ]);
    const [r] = checkPolicy("permissive-origin-regex", p, code);
    assert.equal(
      r.message,
      'Origin pattern "^https://app\\.example\\.com" also accepts https://app.example.com.evil.example: django-cors-headers runs it with re.match, which anchors only the start, so it needs "$".',
    );
    assert.equal(
      r.fixes[0].output,
      'CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://app\\.example\\.com$"]',
    );
  });

  it("stays quiet on patterns the engine cannot model", () => {
    const code = "origin: /^(?=https).*example\\.com$/";
    const p = handPolicy(code, "express-cors", [
      {
        kind: "regex",
        pattern: "^(?=https).*example\\.com$",
        flags: "",
        engine: "search",
        span: spanOf(code, "/^(?=https).*example\\.com$/"),
      },
    ]);
    assert.deepEqual(checkPolicy("permissive-origin-regex", p, code), []);
  });
});
