import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, languageOf, ParseCache } from "../server/src/core/analyze";
import { parsePython, PythonParseCache } from "../server/src/core/parse/python";
import { parseTypeScript, ts, TsParseCache } from "../server/src/core/parse/typescript";
import { diffText, pointAfter, pointAt } from "../server/src/core/parse/text-edit";
import { files, rng } from "./helpers/random-edits";

const ROOT = join(__dirname, "..");

/** Edits as typing makes them: a character typed or deleted, a bracket or quote opened, a line pasted. */
function edits(text: string, seed: number, n: number): string[] {
  const next = rng(seed);
  const out: string[] = [];
  let t = text;
  const pieces = [
    "a",
    "'",
    '"',
    "(",
    "[",
    "{",
    ")",
    "\n",
    "  ",
    "x = [",
    ", 'https://e.com'",
    "é",
    "😀",
  ];
  for (let i = 0; i < n; i++) {
    const at = Math.floor(next() * (t.length + 1));
    if (next() < 0.35 && t.length > 0) {
      t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + Math.floor(next() * 3)));
    } else {
      t = t.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + t.slice(at);
    }
    out.push(t);
  }
  return out;
}

/** Every node's kind and range, in order: two trees with the same dump have the same shape. */
function dumpTs(sf: ts.SourceFile): string {
  const parts: string[] = [];
  const visit = (n: ts.Node): void => {
    parts.push(`${n.kind}:${n.pos}-${n.end}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return parts.join(" ");
}

const sources = [...files(join(ROOT, "test/fixtures")), ...files(join(ROOT, "samples"))].filter(
  (f) => languageOf(f) && !/\.fixed\./.test(f),
);

describe("incremental parsing", () => {
  it("finds the smallest single replaced range", () => {
    assert.deepEqual(diffText("abcdef", "abXdef"), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(diffText("aaaa", "aaaaa"), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.deepEqual(diffText("abc", ""), { start: 0, oldEnd: 3, newEnd: 0 });
  });

  it("finds the same range a character-by-character diff finds, in long texts, and its rows and columns", () => {
    const next = rng(7);
    const naive = (a: string, b: string) => {
      let start = 0;
      while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
      let [oldEnd, newEnd] = [a.length, b.length];
      while (oldEnd > start && newEnd > start && a[oldEnd - 1] === b[newEnd - 1])
        [oldEnd, newEnd] = [oldEnd - 1, newEnd - 1];
      return { start, oldEnd, newEnd };
    };
    const base = Array.from({ length: 30000 }, () => "ab\nc"[Math.floor(next() * 4)]).join("");
    for (let i = 0; i < 200; i++) {
      const at = Math.floor(next() * base.length);
      const cut = Math.floor(next() * (i % 3 === 0 ? 9000 : 3));
      const ins = "ab\n".repeat(Math.floor(next() * (i % 5 === 0 ? 3000 : 2)));
      const after = base.slice(0, at) + ins + base.slice(at + cut);
      const c = diffText(base, after);
      assert.deepEqual(c, naive(base, after));
      const p = pointAt(after, c.start);
      assert.deepEqual(pointAfter(after, c.start, p, c.newEnd), pointAt(after, c.newEnd));
      assert.deepEqual(pointAfter(base, c.start, p, c.oldEnd), pointAt(base, c.oldEnd));
    }
    assert.deepEqual(diffText(base, base), {
      start: base.length,
      oldEnd: base.length,
      newEnd: base.length,
    });
  });

  it("gives the same Python trees as full parses, through typing edits", () => {
    let checked = 0;
    for (const f of sources.filter((x) => languageOf(x) === "python")) {
      const cache = new PythonParseCache();
      for (const text of [readFileSync(f, "utf8"), ...edits(readFileSync(f, "utf8"), 11, 12)]) {
        const inc = parsePython(text, cache);
        const full = parsePython(text);
        assert.equal(inc.root.toString(), full.root.toString(), f);
        assert.equal(inc.repaired, full.repaired, f);
        assert.equal(inc.root.endIndex, full.root.endIndex, f);
        full.release();
        inc.release();
        checked++;
      }
      cache.dispose();
    }
    assert.ok(checked > 100);
  });

  it("gives the same TS/JS trees as full parses, through typing edits", () => {
    let checked = 0;
    for (const f of sources.filter((x) => languageOf(x) === "typescript")) {
      const cache = new TsParseCache();
      for (const text of [readFileSync(f, "utf8"), ...edits(readFileSync(f, "utf8"), 12, 12)]) {
        const inc = parseTypeScript(text, f, cache);
        const full = parseTypeScript(text, f);
        assert.equal(dumpTs(inc.sf), dumpTs(full.sf), f);
        assert.equal(inc.hasErrors, full.hasErrors, f);
        checked++;
      }
    }
    assert.ok(checked > 100);
  });

  it("gives the same analysis as a fresh one after every edit", () => {
    for (const f of sources) {
      const cache = new ParseCache();
      for (const text of [readFileSync(f, "utf8"), ...edits(readFileSync(f, "utf8"), 13, 6)]) {
        const inc = analyze(text, f, { parseCache: cache, skipPrefilter: true });
        const full = analyze(text, f, { skipPrefilter: true });
        assert.deepEqual(inc, full, f);
      }
      cache.dispose();
    }
  });
});
