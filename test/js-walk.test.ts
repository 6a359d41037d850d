import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Bindings, type Found } from "../server/src/core/extract/js/bindings";
import { parseTypeScript, ts, TsParseCache } from "../server/src/core/parse/typescript";
import { corpus } from "./oracle/corpus";
import { files, randomEdits } from "./helpers/random-edits";

/**
 * The single walk of a JS/TS tree (`Bindings` with a node visitor: bindings, writes, and the calls, `new`s
 * and objects the extractors read) against the three whole-tree walks it replaced, on every TS/JS fixture,
 * sample and oracle configuration and through random edits (re-parsed incrementally, as while typing, so
 * top-level statements the parser reused are read from what was kept for them).
 */

const ROOT = join(__dirname, "..");

const PIECES = [
  "a",
  "(",
  ")",
  "{",
  "}",
  "\n",
  ";",
  "'",
  "`",
  "//",
  "x = 1;\n",
  "x++;\n",
  "[a, b] = c;\n",
  "({ a, b: [c] } = d);\n",
  "for (x in o) {}\n",
  "for (const y of z) {}\n",
  "var x = require('cors');\n",
  "import cors from 'cors';\n",
  "import * as e from 'express';\n",
  "const { a, b: c = 1, ...r } = require('x');\n",
  "function f(p, { q }) { var x; let y; }\n",
  "class K { m(a) { a += 1; } }\n",
  "app.use(cors({ origin: '*' }));\n",
  "new Foo({ a: 1 });\n",
  "import x = require('y');\n",
  "é",
  "\r\n",
];

/** Texts as typing makes them: pieces inserted, characters deleted, anywhere. */
function edits(text: string, seed: number, n: number): string[] {
  return randomEdits(text, seed, n, PIECES);
}

/** The bindings as the two whole-tree walks found them before: every declaration, then every write. */
function twoWalks(sf: ts.SourceFile): Bindings {
  const b = Object.create(Bindings.prototype) as Bindings;
  const any = b as unknown as Record<string, unknown> & {
    declare(n: ts.Node): void;
    write(n: ts.Node): void;
  };
  any.imports = new Map();
  any.targets = new Set();
  any.byScope = new Map();
  const visit = (n: ts.Node): void => {
    any.declare(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const writes = (n: ts.Node): void => {
    any.write(n);
    ts.forEachChild(n, writes);
  };
  writes(sf);
  return b;
}

const sources: { name: string; text: string }[] = [
  ...[...files(join(ROOT, "test/fixtures")), ...files(join(ROOT, "samples"))]
    .filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !/\.fixed\./.test(f) && !f.endsWith(".d.ts"))
    .map((f) => ({ name: f, text: readFileSync(f, "utf8") })),
  ...corpus()
    .filter((c) => c.language === "typescript")
    .map((c) => ({ name: c.fileName, text: c.snippet })),
];

describe("the single walk of a JS/TS tree", () => {
  it("finds the bindings, writes, calls, news and objects of the separate whole-tree walks", () => {
    let checked = 0;
    let bound = 0;
    let calls = 0;
    for (const [i, src] of sources.entries()) {
      const name = /\.[cm]?[jt]sx?$/.test(src.name) ? src.name : `${src.name}.ts`;
      const cache = new TsParseCache();
      for (const text of [src.text, ...edits(src.text, 200 + i, 6)]) {
        const { sf } = parseTypeScript(text, name, cache);
        const found: Found = { calls: [], news: [], objects: [] };
        const mine = new Bindings(sf, found);
        const want: Found = { calls: [], news: [], objects: [] };
        const visit = (n: ts.Node): void => {
          if (ts.isCallExpression(n)) want.calls.push(n);
          else if (ts.isNewExpression(n)) want.news.push(n);
          else if (ts.isObjectLiteralExpression(n)) want.objects.push(n);
          ts.forEachChild(n, visit);
        };
        visit(sf);
        for (const k of ["calls", "news", "objects"] as const) {
          const a: ts.Node[] = found[k];
          const b: ts.Node[] = want[k];
          assert.ok(a.length === b.length && a.every((n, j) => n === b[j]), `${k} ${src.name}`);
        }
        const ref = twoWalks(sf);
        // Same nodes, same order: deep equality on the maps of Binding objects (node references included).
        const state = (b: Bindings): unknown[] => {
          const r = b as unknown as { byScope: Map<ts.Node, Map<string, unknown>> };
          return [b.imports, b.targets, r.byScope];
        };
        assert.deepStrictEqual(state(mine), state(ref), src.name);
        const scopes = (ref as unknown as { byScope: Map<ts.Node, Map<string, unknown>> }).byScope;
        for (const m of scopes.values()) bound += m.size;
        calls += want.calls.length + want.news.length + want.objects.length;
        checked++;
      }
    }
    assert.ok(checked > 300 && bound > 1000 && calls > 1000, `${checked} ${bound} ${calls}`);
  });
});
