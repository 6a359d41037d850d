/**
 * The project-model figure of `npm run bench`: a settings module read by N scanned (never opened) app
 * modules, in a workspace with other CORS set-ups and plain modules. The bench opens the settings module
 * and switches its origin list between a fixed list and "*"; each edit is timed until the settings
 * module's diagnostics show every dependent's verdict (the findings sit where the value is written), and
 * the server's trace (`$/logTrace`, one line per analysis) counts the files analysed again.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { LspClient } from "./lsp-typing";

/** The figure: edit -> dependents' diagnostics, and how many files each edit analysed. */
export interface DependentsFigure {
  dependents: number;
  /** Files in the workspace (dependents, the settings module, other CORS modules, plain modules). */
  files: number;
  edits: number;
  p50: number;
  p95: number;
  max: number;
  /** Analyses per edit (the settings module itself plus the files that read it), most seen. */
  analysesPerEdit: number;
  /** Analyses of files that do not read the settings module, over all edits (should be 0). */
  othersAnalysed: number;
  targetP95: number;
}

const SAFE = '["https://app.example.com", "https://admin.example.com"]';
const WILD = '["*"]';

const settingsModule = (origins: string): string => `"""Application settings."""
import os


class Settings:
    debug = os.getenv("DEBUG") == "1"
    database_url = os.getenv("DATABASE_URL", "sqlite:///app.db")
    cors_origins = ${origins}


settings = Settings()
`;

const appModule = (i: number): string => `from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.settings import settings

service${i} = FastAPI(title="service ${i}")
service${i}.add_middleware(
    CORSMiddleware,
    allow_origins=settings.cors_origins,
    allow_credentials=True,
)
router = APIRouter()


@router.get("/items/{item_id}")
def read_item(item_id: int) -> dict:
    return {"service": ${i}, "item": item_id}
`;

const otherCors = (i: number): string => `from flask import Flask
from flask_cors import CORS

other${i} = Flask(__name__)
CORS(other${i}, origins=["https://partner${i}.example.com"])
`;

const plain = (i: number): string =>
  `def helper_${i}(values):\n    return [v * ${i} for v in values]\n`;

function write(dir: string, name: string, text: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Builds the workspace, scans it, then edits the settings module `edits` times. */
export async function dependentsFigure(
  serverJs: string,
  settings: Record<string, unknown>,
  dependents = 20,
  edits = 30,
): Promise<DependentsFigure> {
  const dir = join(tmpdir(), "cors-lint-bench-dependents");
  rmSync(dir, { recursive: true, force: true });
  write(dir, "pyproject.toml", '[project]\nname = "bench"\n');
  write(dir, "app/__init__.py", "");
  write(dir, "app/settings.py", settingsModule(SAFE));
  for (let i = 0; i < dependents; i++) write(dir, `app/services/svc${i}.py`, appModule(i));
  write(dir, "app/services/__init__.py", "");
  for (let i = 0; i < 20; i++) write(dir, `partners/p${i}.py`, otherCors(i));
  for (let i = 0; i < 400; i++) write(dir, `lib/m${Math.floor(i / 50)}/h${i}.py`, plain(i));
  const files = 3 + dependents + 20 + 400;

  const client = new LspClient(serverJs, settings);
  await client.start(dir, "messages");
  await client.reaches("scanning");
  await client.reaches("idle");
  const path = join(dir, "app/settings.py");
  const uri = pathToFileURL(path).href;
  let text = settingsModule(SAFE);
  const opened = client.published(uri, 1);
  await client.conn.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "python", version: 1, text },
  });
  await opened;
  const times: number[] = [];
  const analyses: number[] = [];
  let others = 0;
  for (let k = 0; k < edits; k++) {
    const wild = k % 2 === 0;
    text = settingsModule(wild ? WILD : SAFE);
    const version = k + 2;
    // Every dependent's wildcard-credentials finding lands in the settings module, or none does.
    const done = client.published(uri, version, (d) => d.length === (wild ? dependents : 0));
    const before = client.traces.length;
    const t = performance.now();
    await client.conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    await done;
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 150));
    const analysed = client.traces.slice(before).filter((l) => l.startsWith("analysed "));
    analyses.push(analysed.length);
    others += analysed.filter((l) => !/\/app\/(settings|services\/svc\d+)\.py /.test(l)).length;
  }
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    dependents,
    files,
    edits,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(Math.max(...times)),
    analysesPerEdit: Math.max(...analyses),
    othersAnalysed: others,
    targetP95: 60,
  };
}
