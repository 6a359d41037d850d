import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  importGraph,
  importsOf,
  layerViolations,
  tsFiles,
  valueCircles,
  valueReach,
  type ImportEdge,
  type Layer,
} from "./helpers/imports";

/** The layering invariants of docs/architecture.md, checked on every import in the source tree. */
const ROOT = join(__dirname, "..");

function sources(dir: string): string[] {
  let out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(sources(p));
    else if (/\.ts$/.test(n)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ];
  return specs.map((m) => m[1] ?? m[2] ?? m[3]);
}

function violations(dir: string, allowed: (spec: string, file: string) => boolean): string[] {
  const base = join(ROOT, dir);
  // A renamed or removed folder fails here instead of passing with nothing checked.
  const files = sources(base);
  assert.ok(files.length > 0, `${dir} holds no source file`);
  return files.flatMap((f) =>
    imports(f)
      .filter((s) => !allowed(s, f))
      .map((s) => `${relative(ROOT, f)} imports ${s}`),
  );
}

const NODE_IO = /^(node:)?(fs|fs\/promises|child_process|worker_threads|net|http|https|vm)$/;

describe("architecture invariants", () => {
  it("core/ imports no editor, protocol, disk or process code", () => {
    const bad = violations(
      "server/src/core",
      (s) => !NODE_IO.test(s) && !/^vscode/.test(s) && !s.includes("/lsp") && !s.includes("/cli"),
    );
    assert.deepEqual(bad, []);
  });

  it("cli/ depends on core/ only (never on lsp/ or vscode)", () => {
    const bad = violations("server/src/cli", (s) => !/^vscode/.test(s) && !s.includes("/lsp"));
    assert.deepEqual(bad, []);
  });

  it("lsp/ and cli/ do not import each other (shared host code lives in server/src/*.ts)", () => {
    const bad = [
      ...violations("server/src/lsp", (s) => !s.includes("/cli")),
      ...violations("server/src/cli", (s) => !s.includes("/lsp")),
    ];
    assert.deepEqual(bad, []);
  });

  it("the client never runs analysis: it imports no core module except types", () => {
    const files = sources(join(ROOT, "client/src"));
    const bad = files.flatMap((f) =>
      [
        ...readFileSync(f, "utf8").matchAll(
          /^import\s+(?!type\b)[^'"]*from\s+['"]([^'"]*server\/src\/core[^'"]*)['"]/gm,
        ),
      ].map((m) => `${relative(ROOT, f)} imports ${m[1]} as a value`),
    );
    assert.deepEqual(bad, []);
  });

  it("nothing executes workspace code: no eval, new Function, vm, or dynamic require of a computed path", () => {
    // The one exception: code-cache.ts compiles our own bundles (server/out/*.js) with vm.Script.
    const files = sources(join(ROOT, "server/src"))
      .concat(sources(join(ROOT, "client/src")))
      .filter((f) => relative(ROOT, f) !== join("server", "src", "code-cache.ts"));
    const bad = files.filter((f) =>
      /\beval\s*\(|new Function\s*\(|require\(\s*[^'"\s)]|from ['"](node:)?vm['"]/.test(
        readFileSync(f, "utf8"),
      ),
    );
    assert.deepEqual(
      bad.map((f) => relative(ROOT, f)),
      [],
    );
  });
});

/**
 * The core's layers, lowest first: a file may import its own layer and those below it, never above.
 * `model.ts` holds types only (checked below), so every layer may `import type` from it.
 */
const CORE = "server/src/core/";
const LAYERS: Layer[] = [
  { name: "parse", paths: ["parse/"] },
  {
    name: "values",
    paths: [
      "values.ts",
      "regex/",
      "origin-syntax.ts",
      "origin-transform.ts",
      "context.ts",
      "config.ts",
      "fixes.ts",
      "suppress.ts",
      "line-index.ts",
      "severity.ts",
      "spans.ts",
    ],
  },
  { name: "extract", paths: ["extract/", "project/"] },
  { name: "frameworks", paths: ["evaluate-match.ts", "frameworks/"] },
  { name: "model/evaluate", paths: ["model.ts", "evaluate.ts", "battery.ts"] },
  { name: "restrict", paths: ["origin-suggestions.ts", "restrict-edits.ts", "restrict.ts"] },
  { name: "rules", paths: ["rules/"] },
  { name: "analyze", paths: ["analyze.ts", "apply-fixes.ts", "cross-file.ts"] },
].map((l) => ({ ...l, paths: l.paths.map((p) => CORE + p) }));
const MODEL = CORE + "model.ts";

describe("layers inside the core", () => {
  const files = tsFiles(join(ROOT, CORE)).map((f) => relative(ROOT, f));
  const edges = importGraph(ROOT, CORE);

  it("every import points down the layers; every file and every layer path exists", () => {
    assert.deepEqual(layerViolations(LAYERS, files, edges, [MODEL]), []);
  });

  it("model.ts is types only and imports nothing, so `import type` of it loads no code", () => {
    const text = readFileSync(join(ROOT, MODEL), "utf8");
    assert.deepEqual(importsOf(text, MODEL), []);
    assert.deepEqual(text.match(/^export\s+(const|let|var|function|class|enum)\b.*$/gm), null);
  });

  it("has no import circle except through type-only imports", () => {
    assert.deepEqual(valueCircles(edges), []);
  });

  it("extractors and evaluate() load no rule", () => {
    for (const start of [CORE + "frameworks/index.ts", CORE + "evaluate.ts", CORE + "context.ts"]) {
      const rules = [...valueReach(edges, start)].filter((f) => f.startsWith(CORE + "rules/"));
      assert.deepEqual(rules, [], start);
    }
  });

  it("docs/architecture.md's code map names every core module and folder", () => {
    const doc = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
    const map = doc.split(/^## /m).find((x) => x.startsWith("Code map"));
    assert.ok(map, "docs/architecture.md has a Code map section");
    const missing = readdirSync(join(ROOT, CORE), { withFileTypes: true })
      .map((d) => (d.isDirectory() ? `\`${d.name}/` : `\`${d.name}\``))
      .filter((name) => !map.includes(name));
    assert.deepEqual(missing, []);
  });

  it("the checks fail on an upward import, a missing folder, a file outside the layers, a circle", () => {
    const layers: Layer[] = [
      { name: "low", paths: ["c/low/"] },
      { name: "high", paths: ["c/high.ts"] },
    ];
    const up: ImportEdge = {
      from: "c/low/a.ts",
      spec: "../high",
      to: "c/high.ts",
      typeOnly: false,
    };
    const down: ImportEdge = {
      from: "c/high.ts",
      spec: "./low/a",
      to: "c/low/a.ts",
      typeOnly: false,
    };
    assert.deepEqual(layerViolations(layers, ["c/low/a.ts", "c/high.ts"], [down]), []);
    assert.match(layerViolations(layers, ["c/low/a.ts", "c/high.ts"], [up]).join(), /upward/);
    assert.match(layerViolations(layers, ["c/high.ts"], []).join(), /c\/low\/ does not exist/);
    assert.match(
      layerViolations(layers, ["c/low/a.ts", "c/high.ts", "c/x.ts"], []).join(),
      /no layer/,
    );
    assert.equal(valueCircles([up, down]).length, 1);
    assert.equal(valueCircles([{ ...up, typeOnly: true }, down]).length, 0);
    assert.deepEqual(
      importsOf(
        'import type { A } from "./a";\nimport { type B } from "./b";\nimport { C } from "./c";',
        "x.ts",
      ),
      [
        { spec: "./a", typeOnly: true },
        { spec: "./b", typeOnly: true },
        { spec: "./c", typeOnly: false },
      ],
    );
  });
});
