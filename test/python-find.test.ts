import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, ParseCache } from "../server/src/core/analyze";
import { extractorsOf } from "../server/src/core/frameworks";
import type { PyFile } from "../server/src/core/extract/python";
import {
  callsNamed,
  importStatements,
  subscriptAssignments,
} from "../server/src/core/extract/python/find";
import { PyResolver } from "../server/src/core/extract/python/resolver";
import { parsePython, type PyNode } from "../server/src/core/parse/python";
import { files, rng, randomEdits } from "./helpers/random-edits";

/**
 * The text-first searches (`extract/python/find.ts`) against the whole-tree walks they replace, on every
 * Python fixture and sample and through random edits (broken code, repaired trees, aliases, Unicode).
 */

const ROOT = join(__dirname, "..");

const PIECES = [
  "a",
  "(",
  ")",
  "\n",
  "    ",
  ":",
  "'",
  '"""',
  "#",
  "import os\n",
  "from flask_cors import CORS as C\n",
  "from fastapi.middleware.cors import CORSMiddleware as Mw\n",
  "from x import (\n",
  "import",
  "from",
  " as ",
  "def f():\n    ",
  "C(app, origins='*')\n",
  "app.add_middleware(Mw, allow_origins=['*'])\n",
  "cors.init_app(app)\n",
  "app.config['CORS_ORIGINS'] = '*'\n",
  'x = app.config["CORS_SUPPORTS_CREDENTIALS"] = True\n',
  ".update(",
  "é",
  "😀",
  "\r\n",
  "CÇ",
  "from django.utils.cache import patch_vary_headers as pv\n",
  "pv(response, ['Origin'])\n",
  "response.vary.add('Origin')\n",
  "response.set_header('Access-Control-Allow-Origin', origin)\n",
  "resp['Access-Control-Allow-Origin'] = '*'\n",
];

/** Texts as typing makes them: pieces inserted, characters deleted, anywhere. */
function edits(text: string, seed: number, n: number): string[] {
  return randomEdits(text, seed, n, PIECES);
}

const sources = [...files(join(ROOT, "test/fixtures")), ...files(join(ROOT, "samples"))].filter(
  (f) => /\.pyi?$/.test(f) && !/\.fixed\./.test(f),
);

/** The last name of a call's callee (`f` in `f(x)` and `a.b.f(x)`), as the walk sees it. */
function lastName(call: PyNode): string | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type === "identifier") return fn.text;
  if (fn?.type === "attribute") return fn.childForFieldName("attribute")?.text;
  return undefined;
}

const ids = (nodes: (PyNode | null)[]): string =>
  nodes.map((n) => `${n!.type}@${n!.startIndex}-${n!.endIndex}`).join(" ");

/** Every text checked: each source as written and after random edits. */
function texts(): { file: string; text: string }[] {
  return sources.flatMap((file, i) => {
    const text = readFileSync(file, "utf8");
    return [text, ...edits(text, 100 + i, 8)].map((t) => ({ file, text: t }));
  });
}

describe("Python nodes found from the text", () => {
  const all = texts();

  it("finds exactly the import statements of a whole-tree walk", () => {
    let found = 0;
    for (const { file, text } of all) {
      const p = parsePython(text);
      try {
        const walk = p.root.descendantsOfType(["import_statement", "import_from_statement"]);
        const mine = importStatements(p.root, text);
        assert.equal(ids(mine), ids(walk), file);
        found += mine.length;
      } finally {
        p.release();
      }
    }
    assert.ok(all.length > 300 && found > 500, `${all.length} texts, ${found} imports`);
  });

  it("finds exactly the assignments of a whole-tree walk to an item of x.config", () => {
    let found = 0;
    for (const { file, text } of all) {
      const p = parsePython(text);
      try {
        const walk = (p.root.descendantsOfType("assignment") as PyNode[]).filter((a) => {
          const left = a.childForFieldName("left");
          const value = left?.type === "subscript" ? left.childForFieldName("value") : undefined;
          return (
            value?.type === "attribute" && value.childForFieldName("attribute")?.text === "config"
          );
        });
        assert.equal(ids(subscriptAssignments(p.root, text, "config")), ids(walk), file);
        found += walk.length;
      } finally {
        p.release();
      }
    }
    assert.ok(found > 30, `${found} assignments`);
  });

  it("finds exactly the calls of a whole-tree walk whose callee ends with a given name", () => {
    let found = 0;
    for (const [i, { file, text }] of all.entries()) {
      const p = parsePython(text);
      try {
        const walk = p.root.descendantsOfType("call") as PyNode[];
        const names = [...new Set(walk.map(lastName).filter((n): n is string => !!n))];
        // Every name at once, a few of them, and names that are not there or are not identifiers.
        const next = rng(i);
        const some = names.filter(() => next() < 0.3);
        for (const ask of [names, some, ["CÇ", "nothing_here", "a.b", ""]]) {
          const want = walk.filter((c) => ask.includes(lastName(c) ?? "\0"));
          assert.equal(ids(callsNamed(p.root, text, ask)), ids(want), `${file} ${ask.join(",")}`);
          found += want.length;
        }
      } finally {
        p.release();
      }
    }
    assert.ok(found > 1000, `${found} calls`);
  });

  it("gives every Python extractor the policies it finds among all the calls", () => {
    let policies = 0;
    for (const { file, text } of all) {
      const p = parsePython(text);
      try {
        const resolver = new PyResolver(p.root, text);
        const calls = p.root.descendantsOfType("call") as PyNode[];
        const decorators = p.root.descendantsOfType("decorator") as PyNode[];
        const base = { text, root: p.root, resolver, calls, decorators, hasErrors: p.hasErrors };
        const named: PyFile = { ...base, callsNamed: (n) => callsNamed(p.root, text, n) };
        // What each extractor did before: its own test on every call of the file.
        const every: PyFile = { ...base, callsNamed: () => calls };
        for (const x of extractorsOf("python")) {
          if (!x.applies(named)) continue;
          const mine = x.extract(named);
          assert.deepEqual(mine, x.extract(every), `${x.name} ${file}`);
          policies += mine.length;
        }
      } finally {
        p.release();
      }
    }
    assert.ok(policies > 100, `${policies} policies`);
  });
});

describe("Python analysis while typing", () => {
  /** Analyses every text with one ParseCache, as the language server does, and fresh: they must agree. */
  function agree(steps: string[], name: string): number {
    const cache = new ParseCache();
    let findings = 0;
    try {
      for (const [i, text] of steps.entries()) {
        const inc = analyze(text, name, { parseCache: cache, skipPrefilter: true });
        const fresh = analyze(text, name, { skipPrefilter: true });
        assert.deepEqual(inc, fresh, `step ${i}:\n${text}`);
        findings += fresh.findings.length;
      }
    } finally {
      cache.dispose();
    }
    return findings;
  }

  it("agrees with a fresh analysis when an edit changes an import, a binding, a guard or deletes the configuration", () => {
    const head = "from fastapi import FastAPI\n";
    const imp = "from fastapi.middleware.cors import CORSMiddleware\n";
    const cfg = (cls: string, origins: string) =>
      `app.add_middleware(\n    ${cls},\n    allow_origins=${origins},\n    allow_credentials=True,\n)\n`;
    const helper = "def helper():\n    import os\n    return os.getenv('X')\n";
    const steps = [
      head + imp + "app = FastAPI()\n" + cfg("CORSMiddleware", '["https://a.example"]'),
      head + imp + "app = FastAPI()\n" + cfg("CORSMiddleware", '["https://a.example.eu"]'),
      // The import renamed, then the use.
      head +
        imp.replace("CORSMiddleware", "CORSMiddleware as CM") +
        "app = FastAPI()\n" +
        cfg("CORSMiddleware", '["*"]'),
      head +
        imp.replace("CORSMiddleware", "CORSMiddleware as CM") +
        "app = FastAPI()\n" +
        cfg("CM", '["*"]'),
      // A binding read by the option, then rebound under a guard.
      head + imp + "ORIGINS = ['*']\napp = FastAPI()\n" + cfg("CORSMiddleware", "ORIGINS"),
      head +
        imp +
        "DEBUG = False\nORIGINS = ['https://a.example']\nif DEBUG:\n    ORIGINS = ['*']\napp = FastAPI()\n" +
        cfg("CORSMiddleware", "ORIGINS"),
      head +
        imp +
        "DEBUG = True\nORIGINS = ['https://a.example']\nif DEBUG:\n    ORIGINS = ['*']\napp = FastAPI()\n" +
        cfg("CORSMiddleware", "ORIGINS"),
      // The configuration moves under a guard, then into a function with its own import.
      head +
        imp +
        "app = FastAPI()\nif not DEBUG:\n" +
        cfg("CORSMiddleware", '["*"]').replace(/^/gm, "    "),
      head +
        "app = FastAPI()\ndef setup():\n    from fastapi.middleware.cors import CORSMiddleware as M\n" +
        cfg("M", '["*"]').replace(/^/gm, "    ") +
        helper,
      head + "app = FastAPI()\ndef setup(M):\n" + cfg("M", '["*"]').replace(/^/gm, "    ") + helper,
      // Deleted, half typed, written again.
      head + imp + "app = FastAPI()\n" + helper,
      head +
        imp +
        "app = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=['*'\n" +
        helper,
      head + imp + "app = FastAPI()\n" + cfg("CORSMiddleware", '["*"]') + helper,
    ];
    assert.ok(agree(steps, "app.py") >= 5);
  });

  it("agrees with a fresh analysis through random edits of a long module", () => {
    const text = sources.map((f) => readFileSync(f, "utf8")).join("\n");
    const next = rng(5);
    const steps: string[] = [];
    let t = text;
    for (let i = 0; i < 12; i++) {
      // Most edits where typing happens in this module: near a configuration.
      const near = [...t.matchAll(/CORS|allow_origins|origins=/g)].map((m) => m.index);
      const at =
        next() < 0.7 && near.length
          ? near[Math.floor(next() * near.length)] + Math.floor(next() * 40)
          : Math.floor(next() * t.length);
      t =
        next() < 0.3
          ? t.slice(0, at) + t.slice(at + 1 + Math.floor(next() * 3))
          : t.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + t.slice(at);
      steps.push(t);
    }
    assert.ok(agree(steps, "app.py") > 0);
  });
});
