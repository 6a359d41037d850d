import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { analyze, languageOf } from "../server/src/core/analyze";
import { applyFixes, bulkFixes } from "../server/src/core/apply-fixes";
import { DEFAULT_CONFIG } from "../server/src/core/config";
import { lineAt, lineStartsOf } from "../server/src/core/line-index";

/**
 * Annotated fixtures: `# expect: rule [context]` / `// expect: rule` on the line(s) before a finding,
 * `ok: rule` where a rule must stay quiet, `todo: rule` for a known gap (reported, not failed).
 * Any finding without an `expect` is a false positive. `name.fixed.ext` holds the text after safe fixes.
 * Paths are relative to the framework folder, so `settings/dev.py` reads as a development module.
 */
const ROOT = join(__dirname, "fixtures");
const ANNOTATION = /(?:#|\/\/|\/\*|\{\/\*)\s*(expect|ok|todo):\s*([^*\n]+?)\s*(?:\*\/\}?)?\s*$/;

interface Expectation {
  kind: "expect" | "ok" | "todo";
  rule: string;
  context?: string;
  line: number;
  annotationLine: number;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function expectations(text: string): Expectation[] {
  const lines = text.split("\n");
  const out: Expectation[] = [];
  let pending: Omit<Expectation, "line">[] = [];
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (m && /^\s*(#|\/\/|\/\*|\{\/\*)/.test(line)) {
      for (const part of m[2].split(",")) {
        const [rule, context] = part.trim().split(/\s+\[|\]/);
        pending.push({
          kind: m[1] as Expectation["kind"],
          rule: rule.trim(),
          context,
          annotationLine: i + 1,
        });
      }
      return;
    }
    if (pending.length && line.trim()) {
      out.push(...pending.map((p) => ({ ...p, line: i + 1 })));
      pending = [];
    }
  });
  return out;
}

const files = walk(ROOT).filter((f) => languageOf(f) && !/\.fixed\.\w+$/.test(f));

describe("annotated fixtures", () => {
  it("has fixtures to check", () => assert.ok(files.length > 0));
  for (const file of files) {
    const rel = relative(ROOT, file);
    const inner = rel.split("/").slice(1).join("/");
    it(rel, () => {
      const text = readFileSync(file, "utf8");
      const r = analyze(text, file, { config: DEFAULT_CONFIG, relativePath: inner });
      const starts = lineStartsOf(text);
      const found = r.findings.map((f) => ({ f, line: lineAt(starts, f.span.start) + 1 }));
      const exp = expectations(text);
      const problems: string[] = [];
      for (const { f, line } of found) {
        const e = exp.find((x) => x.line === line && x.rule === f.rule && x.kind !== "ok");
        if (!e) problems.push(`unexpected ${f.rule} at ${rel}:${line}: ${f.message}`);
        else if (e.context && e.context !== f.context.kind) {
          problems.push(
            `${f.rule} at ${rel}:${line} has context ${f.context.kind}, expected ${e.context}`,
          );
        }
      }
      for (const e of exp) {
        const hit = found.some(({ f, line }) => line === e.line && f.rule === e.rule);
        if (e.kind === "expect" && !hit) problems.push(`missing ${e.rule} at ${rel}:${e.line}`);
        if (e.kind === "ok" && hit)
          problems.push(`${e.rule} fired at ${rel}:${e.line}, annotated ok`);
      }
      assert.deepEqual(problems, []);
      const fixedPath = file.replace(/\.(\w+)$/, ".fixed.$1");
      if (existsSync(fixedPath)) {
        const fixed = applyFixes(text, bulkFixes(r.findings, false)).text;
        assert.equal(fixed, readFileSync(fixedPath, "utf8"), `safe fixes of ${rel}`);
      }
    });
  }
});
