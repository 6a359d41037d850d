import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { languageOf } from "../../server/src/core/analyze";
import { DEFAULT_CONFIG } from "../../server/src/core/config";
import { corpus } from "../oracle/corpus";
import type { CorpusItem } from "../oracle/corpus/types";
import type { OracleInput } from "./check";

const ROOT = join(__dirname, "..", "..");

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    if (n === "node_modules") return [];
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Analysable files under a folder, each with its path relative to `base(file)` as the engine sees it. */
function files(dir: string, label: string, base: (rel: string) => string): OracleInput[] {
  return walk(dir)
    .filter((f) => languageOf(f) && !/\.fixed\.\w+$/.test(f))
    .map((f) => {
      const rel = relative(dir, f);
      return {
        source: `${label}/${rel}`,
        fileName: f,
        text: readFileSync(f, "utf8"),
        options: { relativePath: base(rel) },
      };
    });
}

/** The annotated fixtures, each analysed with its path inside its framework folder (as fixtures.test does). */
export function fixtureInputs(): OracleInput[] {
  return files(join(ROOT, "test/fixtures"), "fixtures", (rel) => rel.split("/").slice(1).join("/"));
}

/** The sample workspace, each project as its own root. */
export function sampleInputs(): OracleInput[] {
  return files(join(ROOT, "samples"), "samples", (rel) => rel.split("/").slice(1).join("/"));
}

/** Realistic files written for the oracle (see corpus/README.md). */
export function realInputs(): OracleInput[] {
  return files(join(__dirname, "corpus"), "real", (rel) => rel.split("/").slice(1).join("/"));
}

/** The same files with `productionOrigins` configured: restrict fixes then write real origins (unsafe). */
export function realWithProductionInputs(): OracleInput[] {
  const config = {
    ...DEFAULT_CONFIG,
    productionOrigins: ["https://app.acme.io", "https://www.acme.io"],
  };
  return realInputs().map((i) => ({
    ...i,
    source: `${i.source} (productionOrigins)`,
    options: { ...i.options, config },
  }));
}

/** A way of writing the same snippet: quotes, one item per line, a hoisted constant, CRLF. */
type Style = (code: string, python: boolean) => string;

const STYLES: Record<string, Style> = {
  plain: (c) => c,
  quotes: (c, py) =>
    py ? c.replace(/"([^"'\\\n]*)"/g, "'$1'") : c.replace(/'([^"'\\\n`]*)'/g, '"$1"'),
  "one-per-line": (c) =>
    c.replace(
      /\[((?:\s*(?:"[^"\n]*"|'[^'\n]*'),)+\s*(?:"[^"\n]*"|'[^'\n]*'))\s*\]/g,
      (_, items: string) => {
        const list = items.split(/,\s*/).map((i) => `    ${i.trim()},`);
        return `[\n${list.join("\n")}\n]`;
      },
    ),
  hoisted: (c, py) => {
    const re = py
      ? /\b(allow_origins|origins|CORS_ALLOWED_ORIGINS)\s*=\s*(\[[^\]\n]*\])/
      : /\b(origin):\s*(\[[^\]\n]*\])/;
    const m = re.exec(c);
    if (!m) return c;
    const lineStart = c.lastIndexOf("\n", m.index) + 1;
    if (py && m[1] === "CORS_ALLOWED_ORIGINS") return c;
    const decl = py ? `ALLOWED = ${m[2]}\n` : `const allowed = ${m[2]};\n`;
    const use = py ? `${m[1]}=ALLOWED` : `${m[1]}: allowed`;
    return (
      c.slice(0, lineStart) +
      decl +
      c.slice(lineStart, m.index) +
      use +
      c.slice(m.index + m[0].length)
    );
  },
  crlf: (c) => c.replace(/\n/g, "\r\n"),
};

/** A typical mistake written into the first origin of a snippet (the fixes under test repair them). */
type Mutation = (code: string, python: boolean) => string | undefined;

const ORIGIN = /(["'])(https?:\/\/[a-z0-9.-]+(?::\d+)?)\1/;

function onFirstOrigin(
  c: string,
  f: (q: string, o: string, py: boolean) => string,
  py: boolean,
): string | undefined {
  const m = ORIGIN.exec(c);
  if (!m) return undefined;
  return c.slice(0, m.index) + f(m[1], m[2], py) + c.slice(m.index + m[0].length);
}

const MUTATIONS: Record<string, Mutation> = {
  none: (c) => c,
  "trailing-slash": (c, py) => onFirstOrigin(c, (q, o) => `${q}${o}/${q}`, py),
  path: (c, py) => onFirstOrigin(c, (q, o) => `${q}${o}/api/v1${q}`, py),
  uppercase: (c, py) => onFirstOrigin(c, (q, o) => `${q}${o.toUpperCase()}${q}`, py),
  "default-port": (c, py) =>
    onFirstOrigin(
      c,
      (q, o) =>
        /:\d+$/.test(o) ? `${q}${o}${q}` : `${q}${o}${o.startsWith("https") ? ":443" : ":80"}${q}`,
      py,
    ),
  spaces: (c, py) => onFirstOrigin(c, (q, o) => `${q} ${o} ${q}`, py),
  "stray-space": (c, py) => onFirstOrigin(c, (q, o) => `${q}${o.replace("://", ":// ")}${q}`, py),
  http: (c, py) => onFirstOrigin(c, (q, o) => `${q}${o.replace(/^https:/, "http:")}${q}`, py),
  escaped: (c, py) => onFirstOrigin(c, (q, o) => `${q}${o}${py ? "\\x2f" : "\\u002f"}${q}`, py),
  concatenated: (c, py) => onFirstOrigin(c, (q, o) => `${q}${o}${q} + ${q}/${q}`, py),
  adjacent: (c, py) => (py ? onFirstOrigin(c, (q, o) => `${q}${o}${q} ${q}/${q}`, py) : undefined),
  "missing-comma": (c, py) => {
    if (!py) return undefined;
    const m = /(["'](?:https?:\/\/|null)[^"'\n]*["'])(,)(\s*)(["'])/.exec(c);
    return m
      ? c.slice(0, m.index) + m[1] + (m[3] || " ") + m[4] + c.slice(m.index + m[0].length)
      : undefined;
  },
  "several-in-one": (c, py) =>
    onFirstOrigin(c, (q, o) => `${q}${o}, https://admin.acme.io${q}`, py),
  glob: (c, py) => onFirstOrigin(c, (q, o) => `${q}${o.replace("://", "://*.")}${q}`, py),
  "no-scheme": (c, py) =>
    onFirstOrigin(c, (q, o) => `${q}${o.replace(/^https?:\/\//, "")}${q}`, py),
  localhost: (c, py) => onFirstOrigin(c, (q) => `${q}http://localhost:3000${q}`, py),
  null: (c, py) => onFirstOrigin(c, (q) => `${q}null${q}`, py),
  wildcard: (c, py) => onFirstOrigin(c, (q) => `${q}*${q}`, py),
};

/**
 * The oracle corpus rendered in several styles with typical mistakes written in. Each item gets two
 * styles and four mistakes, rotated over the corpus, so every style meets every mistake on every
 * framework while the run stays short.
 */
export function corpusInputs(): OracleInput[] {
  const styles = Object.keys(STYLES);
  const mutations = Object.keys(MUTATIONS);
  const out: OracleInput[] = [];
  corpus().forEach((item: CorpusItem, i) => {
    const py = item.language === "python";
    const chosenStyles = ["plain", styles[1 + (i % (styles.length - 1))]];
    const chosen = [0, 1, 2, 3].map((k) => mutations[(i * 4 + k) % mutations.length]);
    for (const s of chosenStyles) {
      const styled = STYLES[s](item.snippet, py);
      for (const m of chosen) {
        const text = MUTATIONS[m](styled, py);
        if (text === undefined) continue;
        out.push({
          source: `corpus/${item.id}/${s}/${m}`,
          fileName: item.fileName,
          text,
          options: { relativePath: item.fileName },
        });
      }
    }
  });
  return out;
}

/** CORS middleware sources installed on this machine, read in place when present (never copied). */
export function installedInputs(): OracleInput[] {
  const py = "/usr/lib/python3/dist-packages";
  const candidates = [
    `${py}/starlette/middleware/cors.py`,
    `${py}/corsheaders/middleware.py`,
    `${py}/corsheaders/conf.py`,
    `${py}/flask_cors/core.py`,
    `${py}/flask_cors/extension.py`,
    `${py}/aiohttp_cors/cors_config.py`,
    `${py}/falcon/middleware.py`,
    join(ROOT, "node_modules/cors/lib/index.js"),
    join(ROOT, "node_modules/@fastify/cors/index.js"),
    join(ROOT, "node_modules/@koa/cors/index.js"),
  ];
  return candidates
    .filter((f) => existsSync(f))
    .map((f) => ({
      source: `installed/${f}`,
      fileName: f,
      text: readFileSync(f, "utf8"),
      options: { relativePath: f.split("/").slice(-2).join("/") },
    }));
}
