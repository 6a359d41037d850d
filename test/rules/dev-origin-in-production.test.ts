import assert from "node:assert/strict";
import { checkPolicy, exactEntry, handPolicy, ruleTable } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const origins = (...items: string[]) => fa(`allow_origins=[${items.join(", ")}]`);

ruleTable("dev-origin-in-production", {
  valid: [
    { code: origins('"https://app.example.com"') },
    {
      code: `${IMPORT}if DEBUG:\n    app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"])\n`,
    },
    {
      code: `${IMPORT}if settings.ENVIRONMENT != "production":\n    app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"])\n`,
    },
    {
      code: fa('allow_origins=["http://localhost:3000"] if DEBUG else ["https://app.example.com"]'),
    },
    { code: origins('"http://localhost:3000"'), file: "tests/test_app.py" },
    { code: origins('"http://localhost:3000"'), file: "settings/dev.py" },
    { code: origins('"https://10.example.com"', '"https://local.example.com"') },
  ],
  invalid: [
    {
      code: origins('"https://app.example.com"', '"http://localhost:3000"'),
      errors: [
        {
          text: '"http://localhost:3000"',
          message:
            'Origin "http://localhost:3000" is this machine: in production any program listening on a user\'s localhost port can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://localhost:3000",
              applicability: "unsafe",
              output: origins('"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins('"http://127.0.0.1:8000"', '"http://[::1]:8000"', '"https://app.example.com"'),
      errors: [
        {
          text: '"http://127.0.0.1:8000"',
          message:
            'Origin "http://127.0.0.1:8000" is this machine: in production any program listening on a user\'s localhost port can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://127.0.0.1:8000",
              applicability: "unsafe",
              output: origins('"http://[::1]:8000"', '"https://app.example.com"'),
            },
          ],
        },
        {
          text: '"http://[::1]:8000"',
          message:
            'Origin "http://[::1]:8000" is this machine: in production any program listening on a user\'s localhost port can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://[::1]:8000",
              applicability: "unsafe",
              output: origins('"http://127.0.0.1:8000"', '"https://app.example.com"'),
            },
          ],
        },
      ],
    },
    {
      code: origins(
        '"http://192.168.1.20:3000"',
        '"http://10.0.0.5"',
        '"http://172.20.1.1"',
        '"http://nas.local"',
      ),
      errors: [
        {
          text: '"http://192.168.1.20:3000"',
          message:
            'Origin "http://192.168.1.20:3000" is on a private network: in production any device on a user\'s local network can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://192.168.1.20:3000",
              applicability: "unsafe",
              output: origins('"http://10.0.0.5"', '"http://172.20.1.1"', '"http://nas.local"'),
            },
          ],
        },
        {
          text: '"http://10.0.0.5"',
          message:
            'Origin "http://10.0.0.5" is on a private network: in production any device on a user\'s local network can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://10.0.0.5",
              applicability: "unsafe",
              output: origins(
                '"http://192.168.1.20:3000"',
                '"http://172.20.1.1"',
                '"http://nas.local"',
              ),
            },
          ],
        },
        {
          text: '"http://172.20.1.1"',
          message:
            'Origin "http://172.20.1.1" is on a private network: in production any device on a user\'s local network can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://172.20.1.1",
              applicability: "unsafe",
              output: origins(
                '"http://192.168.1.20:3000"',
                '"http://10.0.0.5"',
                '"http://nas.local"',
              ),
            },
          ],
        },
        {
          text: '"http://nas.local"',
          message:
            'Origin "http://nas.local" is on a private network: in production any device on a user\'s local network can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://nas.local",
              applicability: "unsafe",
              output: origins(
                '"http://192.168.1.20:3000"',
                '"http://10.0.0.5"',
                '"http://172.20.1.1"',
              ),
            },
          ],
        },
      ],
    },
    {
      // The else branch of a development check is production.
      code: fa('allow_origins=["https://app.example.com"] if DEBUG else ["http://localhost:3000"]'),
      errors: [
        {
          text: '"http://localhost:3000"',
          message:
            'Origin "http://localhost:3000" is this machine: in production any program listening on a user\'s localhost port can read responses through Starlette/FastAPI CORSMiddleware.',
          severity: "warning",
          fixes: [
            {
              title: "Remove http://localhost:3000",
              applicability: "unsafe",
              output: fa('allow_origins=["https://app.example.com"] if DEBUG else []'),
            },
          ],
        },
      ],
    },
    {
      code: `import os\n${origins('os.getenv("FRONTEND_URL", "http://localhost:5173")')}`,
      errors: [
        {
          text: '"http://localhost:5173"',
          message:
            'Origin "http://localhost:5173" is this machine: in production any program listening on a user\'s localhost port can read responses through Starlette/FastAPI CORSMiddleware when FRONTEND_URL is unset.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
  ],
});

describe("dev-origin-in-production (framework semantics)", () => {
  it("skips a policy the engine placed in development, and entries under a development guard", () => {
    const code = 'CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]';
    const entry = exactEntry(code, '"http://localhost:3000"', "scheme-host");
    const dev = {
      ...handPolicy(code, "django-cors-headers", [entry]),
      context: { kind: "development", reason: "in a development settings module" },
    };
    assert.deepEqual(checkPolicy("dev-origin-in-production", dev, code), []);
    const guarded = handPolicy(code, "django-cors-headers", [
      {
        ...entry,
        guards: [{ condition: "not DEBUG", whenTrue: false, span: { start: 0, end: 0 } }],
      },
    ]);
    assert.deepEqual(checkPolicy("dev-origin-in-production", guarded, code), []);
    const prod = handPolicy(code, "django-cors-headers", [entry]);
    assert.deepEqual(
      checkPolicy("dev-origin-in-production", prod, code).map((r) => r.fixes.map((f) => f.output)),
      [["CORS_ALLOWED_ORIGINS = []"]],
    );
  });

  it("reads hosts without a scheme too (django, Express strings)", () => {
    const code = "app.use(cors({ origin: 'localhost:3000' }));";
    const policy = handPolicy(code, "express-cors", [exactEntry(code, "'localhost:3000'", "sent")]);
    assert.deepEqual(
      checkPolicy("dev-origin-in-production", policy, code).map((r) => [r.text, r.fixes.length]),
      [["'localhost:3000'", 0]],
    );
  });
});
