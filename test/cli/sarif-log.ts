import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, project } from "./helpers";

/** A FastAPI app with repeated, suppressed and fixable findings. */
export const APP = `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"])
app.add_middleware(CORSMiddleware, allow_origins=["*"])
# cors-lint-disable-next-line wildcard-origin -- public read-only API
app.add_middleware(CORSMiddleware, allow_origins=["*"])
app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])
`;

/** Runs the CLI with `--format sarif` on APP (after `prefix`) in a fresh git-like project. */
export async function sarif(prefix = ""): Promise<{ dir: string; log: any; file: string }> {
  const dir = project({ ".git/HEAD": "ref: refs/heads/main\n", "api/app.py": prefix + APP });
  const r = await cli(["--format", "sarif", "--output", "cors.sarif", "."], join(dir, "api"));
  assert.equal(r.stderr, "");
  const file = join(dir, "api", "cors.sarif");
  return { dir, log: JSON.parse(readFileSync(file, "utf8")), file };
}
