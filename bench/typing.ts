/** The typing figures of `npm run bench`: documents of real code, an idle server and one that is scanning. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dependentsFigure, type DependentsFigure } from "./dependents";
import { LspClient, typeInto } from "./lsp-typing";
import type { RealCorpus } from "./real-corpus";

const SETTINGS = {
  enable: true,
  run: "onType",
  scope: "workspace",
  rules: {},
  exclude: [],
  productionOrigins: [],
  unsafeFixes: false,
};

/** The CORS set-up typed into, placed at 60% of the document, as in an app module. */
const CONFIG = {
  python: `
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com", "http://localhost:3000"],
    allow_credentials=True,
)
`,
  typescript: `
import express from "express";
import cors from "cors";

const app = express();
app.use(cors({ origin: ["https://app.example.com", "http://localhost:3000"], credentials: true }));
`,
};

/**
 * A document of `lines` lines of real code from the corpus (whole modules, in a fixed order: the standard
 * library's for Python, `.ts` sources from node_modules for TypeScript) with the CORS set-up inside.
 */
export function typingDocument(
  corpus: RealCorpus,
  language: "python" | "typescript",
  lines: number,
): string {
  const list = readFileSync(`${corpus.dir}.files.txt`, "utf8")
    .split("\n")
    .map((l) => l.split("\t")[0])
    .filter((p) =>
      language === "python"
        ? /^python\/[^/]*python3\.11\/[^/]+\.py$/.test(p)
        : /^typescript\/.*[^d]\.ts$/.test(p) && !p.endsWith(".d.ts"),
    );
  const out: string[] = [];
  for (const p of list) {
    if (out.length >= lines) break;
    const text = readFileSync(join(corpus.dir, p), "utf8");
    if (/cors|access-control/i.test(text)) continue;
    out.push(...text.split("\n"));
  }
  if (out.length < lines)
    throw new Error(`not enough ${language} code in the corpus for ${lines} lines`);
  const config = CONFIG[language].split("\n");
  const body = out.slice(0, lines - config.length);
  const at = Math.floor(body.length * 0.6);
  // Insert between two top-level statements (a line that starts at column 0).
  let cut = at;
  while (cut < body.length && (/^\s/.test(body[cut]) || body[cut] === "")) cut++;
  return [...body.slice(0, cut), ...config, ...body.slice(cut)].join("\n") + "\n";
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** One series of keystrokes: its percentiles against the target. */
export interface TypingSeries {
  language: "python" | "typescript";
  lines: number;
  during: "idle" | "workspace scan";
  keystrokes: number;
  p50: number;
  p95: number;
  max: number;
  targetP95: number;
}

export interface TypingFigures {
  series: TypingSeries[];
  /** The scanned workspace, files. */
  scannedFiles: number;
  scanSeconds?: number;
  serverRssAfterScanMb?: number;
  /** Editing a settings module read by scanned modules (bench/dependents.ts). */
  dependents?: DependentsFigure;
}

const round = (x: number) => Math.round(x * 10) / 10;

function series(
  language: TypingSeries["language"],
  lines: number,
  during: TypingSeries["during"],
  times: number[],
): TypingSeries {
  return {
    language,
    lines,
    during,
    keystrokes: times.length,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(Math.max(...times)),
    targetP95: lines <= 5000 ? 60 : 120,
  };
}

/** Types into each document on an idle server, then on servers busy scanning the whole corpus. */
export async function typingFigures(root: string, corpus: RealCorpus): Promise<TypingFigures> {
  const serverJs = join(root, "server", "out", "server.js");
  const docsDir = join(tmpdir(), "cors-lint-bench-typing");
  rmSync(docsDir, { recursive: true, force: true });
  mkdirSync(docsDir, { recursive: true });
  const docs = (["python", "typescript"] as const).flatMap((language) =>
    [5000, 20000].map((lines) => {
      const path = join(docsDir, `app-${lines}.${language === "python" ? "py" : "ts"}`);
      const text = typingDocument(corpus, language, lines);
      writeFileSync(path, text);
      return { language, lines, path, text };
    }),
  );
  const out: TypingSeries[] = [];
  const idle = new LspClient(serverJs, SETTINGS);
  await idle.start(docsDir);
  await idle.reaches("idle");
  for (const d of docs) {
    const times = await typeInto(idle, d.path, d.text, d.language, 60, () => true);
    out.push(series(d.language, d.lines, "idle", times));
  }
  await idle.stop();
  const dependents = await dependentsFigure(serverJs, SETTINGS);
  // While scanning: a fresh server per document, so each types during a whole scan of the corpus.
  let rss: number | undefined;
  let scanSeconds: number | undefined;
  for (const d of docs) {
    const busy = new LspClient(serverJs, SETTINGS);
    const t0 = performance.now();
    await busy.start(corpus.dir);
    await busy.reaches("scanning");
    const times = await typeInto(
      busy,
      d.path,
      d.text,
      d.language,
      80,
      () => busy.state === "scanning",
    );
    if (times.length >= 10) out.push(series(d.language, d.lines, "workspace scan", times));
    await busy.reaches("idle");
    if (rss === undefined) {
      scanSeconds = round((performance.now() - t0) / 1000);
      rss = busy.rssMb();
    }
    await busy.stop();
  }
  return {
    series: out,
    scannedFiles: corpus.files,
    scanSeconds,
    serverRssAfterScanMb: rss,
    dependents,
  };
}
