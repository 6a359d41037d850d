import assert from "node:assert/strict";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { cleanup, cli, project } from "./helpers";

const MAIN = `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.core.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins)
`;
const CONFIG = `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    cors_origins: list[str] = ["https://app.example.com/"]


settings = Settings()
`;

describe("cli: following imports inside the project", () => {
  after(cleanup);

  function app(config = CONFIG): string {
    return project({
      "pyproject.toml": "",
      "app/__init__.py": "",
      "app/core/__init__.py": "",
      "app/main.py": MAIN,
      "app/core/config.py": config,
    });
  }

  it("a single file follows its imports and reports the finding where the value is written", async () => {
    const dir = app();
    const r = await cli(["app/main.py", "--format", "json"], dir);
    const out = JSON.parse(r.stdout) as {
      findings: { rule: string; file: string; line: number }[];
    };
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.line, f.rule]),
      [["app/core/config.py", 5, "unmatchable-origin"]],
    );
  });

  it("text output names the file, line and the middleware that reads the value", async () => {
    const r = await cli(["app/main.py"], app());
    assert.match(r.stdout, /^app\/core\/config\.py:5:32 /m);
    assert.match(r.stdout, /read by Starlette\/FastAPI CORSMiddleware in main\.py:7/);
  });

  it("--fix writes the module that holds the value", async () => {
    const dir = app();
    const r = await cli(["app/main.py", "--fix"], dir);
    assert.equal(r.code, 0);
    assert.match(
      readFileSync(join(dir, "app/core/config.py"), "utf8"),
      /\["https:\/\/app\.example\.com"\]/,
    );
    assert.equal(readFileSync(join(dir, "app/main.py"), "utf8"), MAIN);
  });

  it("never reads outside the project root, through .. or a symbolic link", async () => {
    const outside = project({
      "app/core/config.py": CONFIG.replace("https://app.example.com/", "*"),
    });
    const dir = project({ "pyproject.toml": "", "app/__init__.py": "", "app/main.py": MAIN });
    symlinkSync(join(outside, "app/core"), join(dir, "app/core"));
    const r = await cli(["app/main.py", "--format", "json"], dir);
    assert.deepEqual((JSON.parse(r.stdout) as { findings: unknown[] }).findings, []);
    const rel = project({
      "pyproject.toml": "",
      "main.py": MAIN.replace(
        "from app.core.config import settings",
        "from ...config import settings",
      ),
    });
    const r2 = await cli(["main.py", "--format", "json"], rel);
    assert.deepEqual((JSON.parse(r2.stdout) as { findings: unknown[] }).findings, []);
  });
});
