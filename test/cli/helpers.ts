import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { run, type CliIO } from "../../server/src/cli/run";

/** What one in-process CLI run printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const made: string[] = [];

/** A temporary project folder holding the given files (paths with forward slashes). */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cors-lint-cli-"));
  made.push(dir);
  write(dir, files);
  return dir;
}

/** Writes files into a folder, creating subfolders. */
export function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/** Removes every folder project() made. */
export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Runs the CLI in-process in `cwd` with a frozen clock, no terminal and an empty environment. */
export async function cli(
  argv: string[],
  cwd: string,
  extra: Partial<CliIO> & { tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    cwd,
    env: {},
    now: () => 0,
    ...extra,
    stdout: { write: (s: string) => (stdout += s), isTTY: extra.tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

/** A FastAPI app that allows every origin: one wildcard-origin warning on line 4. */
export const WILDCARD_APP = `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"])
`;

/** A FastAPI app with one exact origin: no findings. */
export const CLEAN_APP = `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
`;
