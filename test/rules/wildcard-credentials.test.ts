import assert from "node:assert/strict";
import { checkPolicy, handPolicy, spanOf, ruleTable } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;

ruleTable("wildcard-credentials", {
  valid: [
    { code: fa('allow_origins=["*"]') },
    { code: fa('allow_origins=["https://app.example.com"], allow_credentials=True') },
    { code: fa('allow_origins=["*"], allow_credentials=False') },
  ],
  invalid: [
    {
      code: fa('allow_origins=["*"], allow_credentials=True'),
      errors: [
        {
          text: '"*"',
          message:
            'Any website can read responses with the user\'s cookies: Starlette/FastAPI CORSMiddleware answers every origin by echoing it back together with "Access-Control-Allow-Credentials: true".',
          severity: "error",
          fixes: [
            {
              title: "Replace the wildcard with an explicit origin list",
              applicability: "suggestion",
              output: fa('allow_origins=["https://app.example"], allow_credentials=True'),
            },
            {
              title: "Turn credentials off (allow_credentials to False)",
              applicability: "unsafe",
              output: fa('allow_origins=["*"], allow_credentials=False'),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origins=["*"], allow_credentials=True'),
      config: { productionOrigins: ["https://a.example.com", "https://b.example.com"] },
      errors: [
        {
          text: '"*"',
          message:
            'Any website can read responses with the user\'s cookies: Starlette/FastAPI CORSMiddleware answers every origin by echoing it back together with "Access-Control-Allow-Credentials: true".',
          severity: "error",
          fixes: [
            {
              title: "Replace the wildcard with https://a.example.com, https://b.example.com",
              applicability: "unsafe",
              output: fa(
                'allow_origins=["https://a.example.com", "https://b.example.com"], allow_credentials=True',
              ),
            },
            {
              title: "Turn credentials off (allow_credentials to False)",
              applicability: "unsafe",
              output: fa('allow_origins=["*"], allow_credentials=False'),
            },
          ],
        },
      ],
    },
    {
      code: `import os\n${fa('allow_origins=os.getenv("ORIGINS", "*"), allow_credentials=True')}`,
      errors: [
        {
          text: '"*"',
          message:
            'Any website can read responses with the user\'s cookies: Starlette/FastAPI CORSMiddleware answers every origin by echoing it back together with "Access-Control-Allow-Credentials: true" when ORIGINS is unset.',
          severity: "error",
          fixes: [
            {
              title: "Replace the wildcard with an explicit origin list",
              applicability: "suggestion",
              output: `import os\n${fa('allow_origins=os.getenv("ORIGINS", ["https://app.example"]), allow_credentials=True')}`,
            },
            {
              title: "Turn credentials off (allow_credentials to False)",
              applicability: "unsafe",
              output: `import os\n${fa('allow_origins=os.getenv("ORIGINS", "*"), allow_credentials=False')}`,
            },
          ],
        },
      ],
    },
    {
      // Express cors sends a literal "*" with credentials: broken (browsers refuse), not exploitable.
      code: "import cors from 'cors';\napp.use(cors({ origin: '*', credentials: true }));\n",
      file: "app.ts",
      errors: [
        {
          text: "'*'",
          message:
            'Credentialed requests fail: Express cors sends "Access-Control-Allow-Origin: *" together with credentials, which browsers refuse, so no website (yours included) can read responses with cookies.',
          severity: "warning",
          fixes: [
            {
              title: "Replace the wildcard with an explicit origin list",
              applicability: "suggestion",
              output:
                "import cors from 'cors';\napp.use(cors({ origin: 'https://app.example', credentials: true }));\n",
            },
            {
              title: "Turn credentials off (credentials to false)",
              applicability: "unsafe",
              output:
                "import cors from 'cors';\napp.use(cors({ origin: '*', credentials: false }));\n",
            },
          ],
        },
      ],
    },
    {
      // A development-only broken combination drops to the development severity.
      code: "import cors from 'cors';\nif (process.env.NODE_ENV === 'development') app.use(cors({ origin: '*', credentials: true }));\n",
      file: "app.ts",
      errors: [
        {
          text: "'*'",
          message:
            'Credentialed requests fail: Express cors sends "Access-Control-Allow-Origin: *" together with credentials, which browsers refuse, so no website (yours included) can read responses with cookies.',
          severity: "info",
          fixes: [
            {
              title: "Replace the wildcard with an explicit origin list",
              applicability: "suggestion",
              output:
                "import cors from 'cors';\nif (process.env.NODE_ENV === 'development') app.use(cors({ origin: 'https://app.example', credentials: true }));\n",
            },
            {
              title: "Turn credentials off (credentials to false)",
              applicability: "unsafe",
              output:
                "import cors from 'cors';\nif (process.env.NODE_ENV === 'development') app.use(cors({ origin: '*', credentials: false }));\n",
            },
          ],
        },
      ],
    },
  ],
});

describe("wildcard-credentials (framework semantics)", () => {
  const cred = { credentials: { value: true, span: { start: 0, end: 0 } } };

  it("Express sends `*`: credentialed requests fail, not exploitable", () => {
    const code = "app.use(cors({ origin: '*', credentials: true }))";
    const p = handPolicy(
      code,
      "express-cors",
      [{ kind: "any", source: "star", span: spanOf(code, "'*'") }],
      cred,
    );
    const [r] = checkPolicy("wildcard-credentials", p, code);
    assert.equal(r.text, "'*'");
    assert.equal(
      r.message,
      'Credentialed requests fail: Express cors sends "Access-Control-Allow-Origin: *" together with credentials, which browsers refuse, so no website (yours included) can read responses with cookies.',
    );
    assert.equal(r.withCredentials, false);
  });

  it("@koa/cors reflects `*` with credentials: exploitable", () => {
    const code = "app.use(cors({ origin: '*', credentials: true }))";
    const p = handPolicy(
      code,
      "koa-cors",
      [{ kind: "any", source: "star", span: spanOf(code, "'*'") }],
      cred,
    );
    const [r] = checkPolicy("wildcard-credentials", p, code);
    assert.match(r.message, /^Any website can read responses with the user's cookies: @koa\/cors/);
    assert.equal(r.withCredentials, true);
  });

  it("@elysiajs/cors enables credentials by default and sends `*` for an explicit star", () => {
    const code = "app.use(cors({ origin: '*' }))";
    const p = handPolicy(
      code,
      "elysia",
      [{ kind: "any", source: "star", span: spanOf(code, "'*'") }],
      {
        insertAt: code.indexOf(" })"),
      },
    );
    const [r] = checkPolicy("wildcard-credentials", p, code);
    assert.match(r.message, /^Credentialed requests fail: @elysiajs\/cors/);
    assert.deepEqual(r.fixes[1], {
      title: 'Turn credentials off ("credentials: false")',
      applicability: "unsafe",
      output: "app.use(cors({ origin: '*', credentials: false }))",
    });
  });

  it("stays quiet on an allowlist with credentials", () => {
    const code = "app.use(cors({ origin: 'https://app.example.com', credentials: true }))";
    const entry = {
      kind: "exact" as const,
      value: "https://app.example.com",
      match: "sent" as const,
      span: spanOf(code, "'https://app.example.com'"),
    };
    assert.deepEqual(
      checkPolicy("wildcard-credentials", handPolicy(code, "express-cors", [entry], cred), code),
      [],
    );
  });
});
