import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, cli, project, WILDCARD_APP } from "./helpers";

const DJANGO = 'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOW_ALL_ORIGINS = True\n';
const ENV = `from fastapi.middleware.cors import CORSMiddleware
import os
app.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "*"))
`;

describe("cli: --restrict-origins", () => {
  after(cleanup);

  it("restricts every wildcard it can, names the ones it cannot, then lints the result", async () => {
    const dir = project({ "app.py": WILDCARD_APP, "settings.py": DJANGO, "env.py": ENV });
    const r = await cli(["--restrict-origins", "https://a.example.com,https://b.example.com"], dir);
    assert.equal(
      readFileSync(join(dir, "app.py"), "utf8"),
      WILDCARD_APP.replace('["*"]', '["https://a.example.com", "https://b.example.com"]'),
    );
    assert.equal(
      readFileSync(join(dir, "settings.py"), "utf8"),
      'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOWED_ORIGINS = ["https://a.example.com", "https://b.example.com"]\n',
    );
    assert.equal(readFileSync(join(dir, "env.py"), "utf8"), ENV);
    assert.match(
      r.stderr,
      /app\.py: line 4: origins restricted to https:\/\/a\.example\.com, https:\/\/b\.example\.com/,
    );
    assert.match(
      r.stderr,
      /env\.py: line 3: origins not restricted: the wildcard is the default of the environment variable ORIGINS/,
    );
    assert.match(r.stdout, /env\.py:3/);
    assert.doesNotMatch(r.stdout, /app\.py|settings\.py/);
  });

  it("refuses what is not an origin before touching a file", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const r = await cli(["--restrict-origins", "https://*.vercel.app"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"https:\/\/\*\.vercel\.app" is not an origin/);
    assert.equal(readFileSync(join(dir, "app.py"), "utf8"), WILDCARD_APP);
  });
});
