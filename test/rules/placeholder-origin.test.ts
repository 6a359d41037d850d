import assert from "node:assert/strict";
import { isPlaceholderHost } from "../../server/src/core/origin-syntax";
import { ruleTable } from "../helpers/rule-table";

const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const origins = (...items: string[]) =>
  `${IMPORT}app.add_middleware(CORSMiddleware, allow_origins=[${items.join(", ")}])\n`;
const expressCors = (origin: string) =>
  `import cors from 'cors';\napp.use(cors({ origin: ${origin}, credentials: true }));\n`;

ruleTable("placeholder-origin", {
  valid: [
    { code: origins('"https://app.acme.io"') },
    // Documentation domains resolve and are the usual stand-in in tests and docs: not reported.
    { code: origins('"https://app.example.com"', '"https://example.org"') },
    // Development names are dev-origin-in-production's concern.
    { code: origins('"http://myapp.test"', '"http://app.localhost:3000"') },
    // A name that only looks like one.
    { code: origins('"https://example.acme.io"', '"https://invalid.acme.io"') },
    // Configured as production: the user says it is real.
    {
      code: origins('"https://staging.example"'),
      config: { productionOrigins: ["https://staging.example"] },
    },
  ],
  invalid: [
    {
      code: origins('"https://app.example"'),
      errors: [
        {
          text: '"https://app.example"',
          message:
            'Origin "https://app.example" is a placeholder: app.example is a reserved name no site can have, so Starlette/FastAPI CORSMiddleware refuses the frontend meant to be here.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: expressCors("['https://frontend.invalid', 'https://app.acme.io']"),
      file: "app.ts",
      errors: [
        {
          text: "'https://frontend.invalid'",
          message:
            'Origin "https://frontend.invalid" is a placeholder: frontend.invalid is a reserved name no site can have, so Express cors refuses the frontend meant to be here.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: `import os\n${IMPORT}app.add_middleware(CORSMiddleware, allow_origins=[os.getenv("FRONTEND", "https://App.Example")])\n`,
      errors: [
        {
          text: '"https://App.Example"',
          message:
            'Origin "https://App.Example" is a placeholder: App.Example is a reserved name no site can have, so Starlette/FastAPI CORSMiddleware refuses the frontend meant to be here when FRONTEND is unset.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
  ],
});

describe("placeholder-origin: reserved names", () => {
  it("matches .example and .invalid only as whole labels", () => {
    assert.equal(isPlaceholderHost("app.example"), true);
    assert.equal(isPlaceholderHost("x.y.invalid"), true);
    assert.equal(isPlaceholderHost("example"), true);
    assert.equal(isPlaceholderHost("app.example."), true);
    assert.equal(isPlaceholderHost("example.com"), false);
    assert.equal(isPlaceholderHost("myexample"), false);
    assert.equal(isPlaceholderHost("app.test"), false);
  });
});
