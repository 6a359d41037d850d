import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

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
  let files: string[] = [];
  try {
    files = sources(base);
  } catch {
    return [];
  }
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
    const base = join(ROOT, "client/src");
    let files: string[] = [];
    try {
      files = sources(base);
    } catch {
      return;
    }
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
    const files = sources(join(ROOT, "server/src")).concat(
      (() => {
        try {
          return sources(join(ROOT, "client/src"));
        } catch {
          return [];
        }
      })(),
    );
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
