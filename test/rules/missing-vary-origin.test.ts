import assert from "node:assert/strict";
import { checkPolicy, handPolicy, ruleTable, spanOf } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const flask = (extra: string) =>
  `from flask import request\n@app.after_request\ndef add_cors(response):\n    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n${extra}    return response\n`;
const js = (extra: string) =>
  `app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n${extra}  next();\n});\n`;

const FLASK_CORS = "from flask_cors import CORS\n";
const starletteView = (headers: string) =>
  `async def echo(request):\n    return JSONResponse({}, headers={${headers}})\n`;
const djangoView = (extra: string) =>
  `def view(request):\n    response = HttpResponse()\n    response["Access-Control-Allow-Origin"] = request.headers["Origin"]\n${extra}    return response\n`;
const express = (extra: string) => `import express from 'express';\n${js(extra)}`;
const nextMiddleware = (extra: string) =>
  `export function middleware(request) {\nconst response = NextResponse.next();\nresponse.headers.set('Access-Control-Allow-Origin', request.headers.get('origin'));\n${extra}return response;\n}\n`;
const writeHead = (entries: string) =>
  `http.createServer((req, res) => {\nres.writeHead(200, {\n${entries}});\n});\n`;

ruleTable("missing-vary-origin", {
  valid: [
    { code: fa('allow_origins=["https://a.example.com", "https://b.example.com"]') },
    // flask-cors echoes the origin without Vary, but browsers send only the lowercase one.
    { code: `${FLASK_CORS}CORS(app, origins=["https://app.example.com"])\n` },
    { code: `${FLASK_CORS}CORS(app, origins=["https://App.Example.com"])\n` },
    { code: `${FLASK_CORS}CORS(app, origins="*", send_wildcard=True)\n` },
    {
      code: starletteView(
        '"Access-Control-Allow-Origin": request.headers["origin"], "Vary": "Origin"',
      ),
    },
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
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
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
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: js("  res.setHeader('Vary', 'Origin');\n"),
            },
          ],
        },
      ],
    },
    {
      code: starletteView('"Access-Control-Allow-Origin": request.headers["origin"]'),
      errors: [
        {
          text: 'request.headers["origin"]',
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: starletteView(
                '"Access-Control-Allow-Origin": request.headers["origin"], "Vary": "Origin"',
              ),
            },
          ],
        },
      ],
    },
    {
      code: djangoView(""),
      errors: [
        {
          text: 'request.headers["Origin"]',
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: djangoView('    response["Vary"] = "Origin"\n'),
            },
          ],
        },
      ],
    },
    {
      code: express(""),
      file: "app.ts",
      errors: [
        {
          text: "req.headers.origin",
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: express("  res.vary('Origin');\n"),
            },
          ],
        },
      ],
    },
    {
      code: nextMiddleware(""),
      file: "middleware.ts",
      errors: [
        {
          text: "request.headers.get('origin')",
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: nextMiddleware("response.headers.append('Vary', 'Origin');\n"),
            },
          ],
        },
      ],
    },
    {
      code: writeHead("'Access-Control-Allow-Origin': req.headers.origin\n"),
      file: "app.ts",
      errors: [
        {
          text: "req.headers.origin",
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: writeHead(
                "'Access-Control-Allow-Origin': req.headers.origin,\n'Vary': 'Origin'\n",
              ),
            },
          ],
        },
      ],
    },
    {
      code: writeHead("'Access-Control-Allow-Origin': req.headers.origin,\n"),
      file: "app.ts",
      errors: [
        {
          text: "req.headers.origin",
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Add "Vary: Origin"',
              applicability: "safe",
              output: writeHead(
                "'Access-Control-Allow-Origin': req.headers.origin,\n'Vary': 'Origin',\n",
              ),
            },
          ],
        },
      ],
    },
    {
      // A Vary entry already in the object would be overwritten: no fix.
      code: writeHead("'Access-Control-Allow-Origin': req.headers.origin, Vary: 'Accept'\n"),
      file: "app.ts",
      errors: [
        {
          text: "req.headers.origin",
          message:
            "Caches may serve one origin's CORS response to another: hand-written CORS code echoes the request's origin (e.g. https://evil.example and https://other.example) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: `${FLASK_CORS}CORS(app, origins=["https://a.example.com", "https://b.example.com"], vary_header=False)\n`,
      errors: [
        {
          text: '"https://a.example.com"',
          message:
            "Caches may serve one origin's CORS response to another: flask-cors echoes the request's origin (e.g. https://a.example.com and https://b.example.com) without \"Vary: Origin\".",
          severity: "warning",
          fixes: [
            {
              title: 'Remove "vary_header=False"',
              applicability: "safe",
              output: `${FLASK_CORS}CORS(app, origins=["https://a.example.com", "https://b.example.com"])\n`,
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
      "Caches may serve one origin's CORS response to another: aiohttp-cors echoes the request's origin (e.g. https://a.example.com and https://b.example.com) without \"Vary: Origin\" (aiohttp-cors never sends it).",
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
