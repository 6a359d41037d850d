import assert from "node:assert/strict";
import { checkPolicy, handPolicy, ruleTable, spanOf } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const flask = (extra: string) =>
  `from flask import request\n@app.after_request\ndef add_cors(response):\n    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n${extra}    return response\n`;
const js = (extra: string) =>
  `app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n${extra}  next();\n});\n`;

ruleTable("missing-vary-origin", {
  valid: [
    { code: fa('allow_origins=["https://a.example.com", "https://b.example.com"]') },
    { code: fa('allow_origins=["*"], allow_credentials=True') },
    { code: flask('    response.headers["Vary"] = "Origin"\n') },
    { code: js("  res.setHeader('Vary', 'Origin');\n"), file: "app.ts" },
  ],
  invalid: [
    {
      code: flask(""),
      errors: [
        {
          text: 'request.headers.get("Origin")',
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS headers echoes the request's origin (e.g. https://evil.example and https://other.example) without `Vary: Origin`.",
          severity: "warning",
          fixes: [
            {
              title: "Add `Vary: Origin`",
              applicability: "safe",
              output: flask('    response.headers["Vary"] = "Origin"\n'),
            },
          ],
        },
      ],
    },
    {
      code: js(""),
      file: "app.ts",
      errors: [
        {
          text: "req.headers.origin",
          fixes: [
            {
              title: "Add `Vary: Origin`",
              applicability: "safe",
              output: js("  res.setHeader('Vary', 'Origin');\n"),
            },
          ],
        },
      ],
    },
  ],
});

describe("missing-vary-origin (framework semantics)", () => {
  it("aiohttp-cors never sends Vary, even for an allowlist of two origins", () => {
    const code = '{"https://a.example.com": opts, "https://b.example.com": opts}';
    const p = handPolicy(code, "aiohttp-cors", [
      {
        kind: "exact",
        value: "https://a.example.com",
        match: "exact",
        span: spanOf(code, '"https://a.example.com"'),
      },
      {
        kind: "exact",
        value: "https://b.example.com",
        match: "exact",
        span: spanOf(code, '"https://b.example.com"'),
      },
    ]);
    const [r] = checkPolicy("missing-vary-origin", p, code);
    assert.equal(
      r.message,
      "Caches may serve one origin's CORS response to another: aiohttp-cors echoes the request's origin (e.g. https://a.example.com and https://b.example.com) without `Vary: Origin` (aiohttp-cors never sends it).",
    );
    assert.deepEqual(r.fixes, []);
  });

  it("a single fixed origin sent as is needs no Vary", () => {
    const code = "origin: 'https://app.example.com'";
    const p = handPolicy(code, "nextjs-headers", [
      {
        kind: "exact",
        value: "https://app.example.com",
        match: "sent",
        span: spanOf(code, "'https://app.example.com'"),
      },
    ]);
    assert.deepEqual(checkPolicy("missing-vary-origin", p, code), []);
  });
});
