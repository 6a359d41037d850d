import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../server/src/core/rules";
import type { Rule } from "../server/src/core/rules/types";
import { run } from "./helpers/analyze";

/**
 * The rule catalog: every registered rule has a module, a doc with the fixed sections and a table
 * test; its metadata is complete; its doc's "Example" blocks fire it and its "Use instead" blocks do not.
 */
const ROOT = join(__dirname, "..");
const RULES_DIR = join(ROOT, "server/src/core/rules");
const DOCS_DIR = join(ROOT, "docs/rules");
const SECTIONS = [
  "What it does",
  "Why is this bad",
  "Example",
  "Use instead",
  "Fix safety",
  "Options",
  "References",
];
/** Fence languages the engine can analyse, and the file name a block is analysed as. */
const FENCE_FILES: Record<string, string> = {
  python: "app.py",
  py: "app.py",
  ts: "app.ts",
  typescript: "app.ts",
  js: "app.js",
  javascript: "app.js",
};

interface Heading {
  level: number;
  title: string;
}

interface CodeBlock {
  section: string;
  lang: string;
  code: string;
  line: number;
}

/** Headings and fenced blocks of a markdown page; `#` lines inside fences are code, not headings. */
function readDoc(text: string): { headings: Heading[]; blocks: CodeBlock[] } {
  const headings: Heading[] = [];
  const blocks: CodeBlock[] = [];
  let section = "";
  let fence: { lang: string; start: number; lines: string[]; marker: string } | undefined;
  text.split("\n").forEach((line, i) => {
    if (fence) {
      if (line.trim() === fence.marker) {
        const code = fence.lines.join("\n") + "\n";
        blocks.push({ section, lang: fence.lang, code, line: fence.start + 1 });
        fence = undefined;
      } else fence.lines.push(line);
      return;
    }
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (open) {
      fence = { lang: open[2].toLowerCase(), start: i, lines: [], marker: open[1] };
      return;
    }
    const h = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (h) {
      headings.push({ level: h[1].length, title: h[2] });
      if (h[1].length <= 2) section = h[2];
    }
  });
  return { headings, blocks };
}

/** Problems with a rule's metadata, as sentences. */
function metaProblems(rule: Rule): string[] {
  const m = rule.meta;
  const out: string[] = [];
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(m.name)) out.push(`name "${m.name}" is not kebab-case`);
  const d = m.description;
  const sentence = /^[A-Z`][^]*[^.]\.$/.test(d) && !/[.!?]\s+[A-Z`]/.test(d);
  if (!sentence) out.push(`description is not one sentence: "${m.description}"`);
  if (!["error", "warning", "info", "hint"].includes(m.defaultSeverity)) {
    out.push("defaultSeverity is invalid");
  }
  const messages = Object.entries(m.messages ?? {});
  if (messages.length === 0) out.push("no messages");
  for (const [id, text] of messages) if (!text.trim()) out.push(`message "${id}" is empty`);
  for (const [kind, applicabilities] of Object.entries<readonly string[]>(m.fixes ?? {})) {
    if (!/^[a-z]+(-[a-z]+)*$/.test(kind)) out.push(`fix kind "${kind}" is not kebab-case`);
    const valid = ["safe", "unsafe", "suggestion"];
    if (!applicabilities.length || applicabilities.some((a) => !valid.includes(a))) {
      out.push(`fix kind "${kind}" has no valid applicabilities`);
    }
  }
  if (!m.cwe?.length || m.cwe.some((c) => !Number.isInteger(c) || c <= 0)) {
    out.push("cwe is missing or invalid");
  }
  if (!m.references?.length || m.references.some((r) => !/^https:\/\/\S+$/.test(r))) {
    out.push("references are missing or not https URLs");
  }
  const s = m.securitySeverity;
  if (typeof s !== "number" || !(s >= 0 && s <= 10)) {
    out.push("securitySeverity is not a number in 0..10");
  }
  return out;
}

/** The rule identifiers of the registry array in index.ts, in source order, with the module each comes from. */
function registrySource(): { module: string; ident: string }[] {
  const text = readFileSync(join(RULES_DIR, "index.ts"), "utf8");
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']\.\/([\w-]+)["']/g)) {
    const names = m[1].split(",").map((s) => s.trim());
    for (const name of names.filter(Boolean)) imports.set(name, m[2]);
  }
  const list = /RULES\s*:[^=]*=\s*\[([^\]]*)\]/.exec(text);
  if (!list) return [];
  return list[1]
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((ident) => ({ ident, module: imports.get(ident) ?? "?" }));
}

describe("rule catalog", () => {
  it("has rules", () => assert.ok(RULES.length > 0));

  it("lists the rules alphabetically, each from the module of the same name", () => {
    const source = registrySource();
    const names = RULES.map((r) => r.meta.name);
    assert.deepEqual(
      source.map((s) => s.module),
      [...names].sort(),
      "the array in rules/index.ts, in source order, is the sorted list of rule names",
    );
    assert.deepEqual(names, [...names].sort(), "RULES is sorted");
    assert.equal(new Set(names).size, names.length, "rule names are unique");
  });

  it("has a rule for every doc page (no orphans)", () => {
    const names = new Set(RULES.map((r) => r.meta.name));
    const docs = existsSync(DOCS_DIR) ? readdirSync(DOCS_DIR).filter((f) => f.endsWith(".md")) : [];
    assert.deepEqual(
      docs.filter((f) => !names.has(f.replace(/\.md$/, ""))),
      [],
    );
  });

  for (const rule of RULES) {
    const name = rule.meta.name;
    describe(name, () => {
      it("has a module, a doc and a table test of the same name", () => {
        const missing = [
          join(RULES_DIR, `${name}.ts`),
          join(DOCS_DIR, `${name}.md`),
          join(ROOT, "test/rules", `${name}.test.ts`),
        ].filter((p) => !existsSync(p));
        assert.deepEqual(missing, []);
      });

      it("has complete metadata", () => assert.deepEqual(metaProblems(rule), []));

      it("has a doc with the fixed sections in order", () => {
        const path = join(DOCS_DIR, `${name}.md`);
        assert.ok(existsSync(path), `${path} is missing`);
        const { headings } = readDoc(readFileSync(path, "utf8"));
        const top = headings
          .filter((h) => h.level <= 2)
          .map((h) => `${"#".repeat(h.level)} ${h.title}`);
        assert.deepEqual(top, [`# ${name}`, ...SECTIONS.map((s) => `## ${s}`)]);
      });

      it('fires on every "Example" block and on no "Use instead" block', () => {
        const path = join(DOCS_DIR, `${name}.md`);
        assert.ok(existsSync(path), `${path} is missing`);
        const { blocks: all } = readDoc(readFileSync(path, "utf8"));
        const blocks = all.filter((b) => FENCE_FILES[b.lang]);
        const examples = blocks.filter((b) => b.section === "Example");
        const instead = blocks.filter((b) => b.section === "Use instead");
        assert.ok(examples.length > 0, 'no analysable block under "Example"');
        assert.ok(instead.length > 0, 'no analysable block under "Use instead"');
        const fires = (b: CodeBlock) =>
          run(b.code, FENCE_FILES[b.lang]).findings.some((f) => f.rule === name);
        const problems = [
          ...examples
            .filter((b) => !fires(b))
            .map((b) => `line ${b.line}: the Example does not fire ${name}`),
          ...instead
            .filter(fires)
            .map((b) => `line ${b.line}: the "Use instead" block fires ${name}`),
        ];
        assert.deepEqual(problems, []);
      });
    });
  }
});
