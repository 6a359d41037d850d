import assert from "node:assert/strict";
import { checkPolicy, exactEntry, handPolicy, ruleTable } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const origins = (...items: string[]) =>
  `${IMPORT}app.add_middleware(CORSMiddleware, allow_origins=[${items.join(", ")}])\n`;

ruleTable("insecure-origin", {
  valid: [
    { code: origins('"https://app.example.com"') },
    { code: origins('"http://localhost:3000"', '"http://127.0.0.1:8000"', '"http://[::1]:5173"') },
    { code: origins('"http://app.localhost:3000"') },
    // Private-network hosts are development machines: dev-origin-in-production reports them instead.
    { code: origins('"http://192.168.1.20:3000"', '"http://printer.local"') },
  ],
  invalid: [
    {
      code: origins('"https://app.example.com"', '"http://partner.example.com"'),
      errors: [
        {
          text: '"http://partner.example.com"',
          message:
            'Origin "http://partner.example.com" is plain http: anyone on the network path can inject script into that page and read the responses Starlette/FastAPI CORSMiddleware shares with it.',
          severity: "warning",
          fixes: [
            {
              title: "Replace http:// with https://",
              applicability: "unsafe",
              output: origins('"https://app.example.com"', '"https://partner.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins("'HTTP://203.0.113.7:8080'"),
      errors: [
        {
          text: "'HTTP://203.0.113.7:8080'",
          message:
            'Origin "HTTP://203.0.113.7:8080" is plain http: anyone on the network path can inject script into that page and read the responses Starlette/FastAPI CORSMiddleware shares with it.',
          severity: "warning",
          fixes: [
            {
              title: "Replace http:// with https://",
              applicability: "unsafe",
              output: origins("'https://203.0.113.7:8080'"),
            },
          ],
        },
      ],
    },
    {
      code: `import os\n${origins('os.environ.get("PARTNER", "http://partner.example.com")')}`,
      errors: [
        {
          text: '"http://partner.example.com"',
          message:
            'Origin "http://partner.example.com" is plain http: anyone on the network path can inject script into that page and read the responses Starlette/FastAPI CORSMiddleware shares with it when PARTNER is unset.',
          severity: "warning",
          fixes: [
            {
              title: "Replace http:// with https://",
              applicability: "unsafe",
              output: `import os\n${origins('os.environ.get("PARTNER", "https://partner.example.com")')}`,
            },
          ],
        },
      ],
    },
  ],
});

describe("insecure-origin (framework semantics)", () => {
  it("reports plain http whatever the match semantics (Express string, django list)", () => {
    const js = "app.use(cors({ origin: 'http://partner.example.com' }));";
    const express = handPolicy(js, "express-cors", [
      exactEntry(js, "'http://partner.example.com'", "sent"),
    ]);
    assert.deepEqual(
      checkPolicy("insecure-origin", express, js).map((r) => r.fixes.map((f) => f.output)),
      [["app.use(cors({ origin: 'https://partner.example.com' }));"]],
    );
    const py = 'CORS_ALLOWED_ORIGINS = ["http://partner.example.com/"]';
    const django = handPolicy(py, "django-cors-headers", [
      exactEntry(py, '"http://partner.example.com/"', "scheme-host"),
    ]);
    assert.deepEqual(
      checkPolicy("insecure-origin", django, py).map((r) => r.text),
      ['"http://partner.example.com/"'],
    );
  });

  it("leaves scheme-less and several-origin strings to unmatchable-origin", () => {
    const code = 'x = ["partner.example.com", "http://a.example.com http://b.example.com"]';
    const policy = handPolicy(code, "starlette", [
      exactEntry(code, '"partner.example.com"', "exact"),
      exactEntry(code, '"http://a.example.com http://b.example.com"', "exact"),
    ]);
    assert.deepEqual(checkPolicy("insecure-origin", policy, code), []);
  });
});
