import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { analyze, languageOf } from "../server/src/core/analyze";
import { applyFixes, bulkFixes } from "../server/src/core/apply-fixes";
import { DEFAULT_CONFIG } from "../server/src/core/config";
import { lineAt, lineStartsOf } from "../server/src/core/line-index";
import type { Finding } from "../server/src/core/model";
import { analyzeProject } from "./helpers/project";

/**
 * Annotated fixtures: `# expect: rule [context]` / `// expect: rule` on the line(s) before a finding,
 * `ok: rule` where a rule must stay quiet, `todo: rule` for a known gap (reported, not failed).
 * Any finding without an `expect` is a false positive. `name.fixed.ext` holds the text after safe fixes.
 * `expect: rule "text"` also requires the message to contain `text` (the witness origin it quotes).
 * Paths are relative to the framework folder, so `settings/dev.py` reads as a development module.
 */
const ROOT = join(__dirname, "fixtures");
const ANNOTATION = /(?:#|\/\/|\/\*|\{\/\*)\s*(expect|ok|todo):\s*([^*\n]+?)\s*(?:\*\/\}?)?\s*$/;

interface Expectation {
  kind: "expect" | "ok" | "todo";
  rule: string;
  context?: string;
  /** Text the finding's message must contain. */
  message?: string;
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
      // Commas separate expectations, except inside a quoted message text.
      for (const raw of m[2].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
        const message = /"([^"]*)"/.exec(raw)?.[1];
        const part = raw.replace(/"[^"]*"/, "");
        const [rule, context] = part.trim().split(/\s+\[|\]/);
        pending.push({
          kind: m[1] as Expectation["kind"],
          rule: rule.trim(),
          context,
          message,
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

/** Folders under fixtures/projects are analysed as projects (see below), not file by file. */
const PROJECTS = join(ROOT, "projects");
const files = walk(ROOT).filter(
  (f) => languageOf(f) && !/\.fixed\.\w+$/.test(f) && !f.startsWith(PROJECTS + "/"),
);

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
        const candidates = exp.filter(
          (x) => x.line === line && x.rule === f.rule && x.kind !== "ok",
        );
        const e =
          candidates.find((x) => x.message && f.message.includes(x.message)) ?? candidates[0];
        if (!e) problems.push(`unexpected ${f.rule} at ${rel}:${line}: ${f.message}`);
        else if (e.message && !f.message.includes(e.message)) {
          problems.push(`${f.rule} at ${rel}:${line} does not say "${e.message}": ${f.message}`);
        } else if (e.context && e.context !== f.context.kind) {
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

/** Annotations checked against findings placed in one file; the problems found. */
function check(rel: string, text: string, found: { f: Finding; line: number }[]): string[] {
  const exp = expectations(text);
  const problems: string[] = [];
  for (const { f, line } of found) {
    const e = exp.find((x) => x.line === line && x.rule === f.rule && x.kind !== "ok");
    if (!e) problems.push(`unexpected ${f.rule} at ${rel}:${line}: ${f.message}`);
    else if (e.context && e.context !== f.context.kind)
      problems.push(
        `${f.rule} at ${rel}:${line} has context ${f.context.kind}, expected ${e.context}`,
      );
  }
  for (const e of exp) {
    const hit = found.some(({ f, line }) => line === e.line && f.rule === e.rule);
    if (e.kind === "expect" && !hit) problems.push(`missing ${e.rule} at ${rel}:${e.line}`);
    if (e.kind === "ok" && hit) problems.push(`${e.rule} fired at ${rel}:${e.line}, annotated ok`);
  }
  return problems;
}

/**
 * Project fixtures: each folder under fixtures/projects is one project (several modules). Every file that
 * passes the prefilter is analysed with the project model; each finding is checked against the annotations
 * of the file it lands in (a settings module, an options module), and `.fixed` twins hold every module's
 * text after the safe fixes of the whole project.
 */
describe("annotated project fixtures", () => {
  const projects = existsSync(PROJECTS) ? readdirSync(PROJECTS).sort() : [];
  it("has project fixtures to check", () => assert.ok(projects.length > 0));
  for (const name of projects) {
    it(`projects/${name}`, () => {
      const dir = join(PROJECTS, name);
      const { findings, project } = analyzeProject(dir);
      const problems: string[] = [];
      for (const file of walk(dir)) {
        if (!languageOf(file) || /\.fixed\.\w+$/.test(file)) continue;
        const text = readFileSync(file, "utf8");
        const starts = lineStartsOf(text);
        const here = findings
          .filter((p) => p.file === file)
          .map(({ finding }) => ({ f: finding, line: lineAt(starts, finding.span.start) + 1 }));
        problems.push(...check(relative(ROOT, file), text, here));
        const fixedPath = file.replace(/\.(\w+)$/, ".fixed.$1");
        if (existsSync(fixedPath)) {
          // Edits that name no file belong to the file whose analysis produced them.
          const mine = findings.flatMap((p) =>
            bulkFixes([p.finding], false).filter((fx) =>
              fx.edits.every((e) => (e.file ?? p.root) === file),
            ),
          );
          const fixed = applyFixes(
            text,
            mine.map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ ...e, file: undefined })) })),
          ).text;
          if (fixed !== readFileSync(fixedPath, "utf8"))
            problems.push(`safe fixes of ${relative(ROOT, file)} differ from its .fixed twin`);
        }
      }
      project.dispose();
      assert.deepEqual(problems, []);
    });
  }
});
