import assert from "node:assert/strict";
import { checkPolicy, handPolicy, ruleTable, spanOf } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const ex = (opts: string) => `import cors from 'cors';\napp.use(cors(${opts}));\n`;
const SUPPRESS =
  "# cors-lint-disable-next-line wildcard-origin -- public API, no cookies or private data\n";

ruleTable("wildcard-origin", {
  valid: [
    { code: fa('allow_origins=["https://app.example.com"]') },
    { code: fa('allow_origins=["*"], allow_credentials=True') },
    { code: ex("{ origin: 'https://app.example.com' }"), file: "app.ts" },
  ],
  invalid: [
    {
      code: fa('allow_origins=["*"]'),
      errors: [
        {
          text: '"*"',
          message: 'Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".',
          severity: "warning",
          fixes: [
            {
              title: "Replace the wildcard with an explicit origin list",
              applicability: "suggestion",
              output: fa('allow_origins=["https://app.example"]'),
            },
            {
              title: "Mark this as a public API (suppression comment with a reason)",
              applicability: "suggestion",
              output:
                IMPORT + SUPPRESS + 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n',
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origins="*"'),
      config: { productionOrigins: ["https://a.example.com"] },
      errors: [
        {
          text: '"*"',
          message: 'Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".',
          severity: "warning",
          fixes: [
            {
              title: "Replace the wildcard with https://a.example.com",
              applicability: "unsafe",
              output: fa('allow_origins=["https://a.example.com"]'),
            },
            {
              title: "Mark this as a public API (suppression comment with a reason)",
              applicability: "suggestion",
              output: IMPORT + SUPPRESS + 'app.add_middleware(CORSMiddleware, allow_origins="*")\n',
            },
          ],
        },
      ],
    },
    {
      code: ex(""),
      file: "app.ts",
      errors: [
        {
          text: "cors",
          message: "Any origin may read responses: Express cors allows every origin by default.",
          severity: "warning",
          fixes: [
            {
              title: "Replace the wildcard with an explicit origin list",
              applicability: "suggestion",
              output: ex("{ origin: ['https://app.example'] }"),
            },
            {
              title: "Mark this as a public API (suppression comment with a reason)",
              applicability: "suggestion",
              output:
                "import cors from 'cors';\n// cors-lint-disable-next-line wildcard-origin -- public API, no cookies or private data\napp.use(cors());\n",
            },
          ],
        },
      ],
    },
  ],
});

describe("wildcard-origin (framework semantics)", () => {
  it("leaves @elysiajs/cors `*` to wildcard-credentials: credentials are on by default", () => {
    const code = "app.use(cors({ origin: '*' }))";
    const p = handPolicy(code, "elysia", [
      { kind: "any", source: "star", span: spanOf(code, "'*'") },
    ]);
    assert.deepEqual(checkPolicy("wildcard-origin", p, code), []);
  });
});
