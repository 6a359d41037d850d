import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { WasmSources } from "./core/parse/python";

/**
 * Finds the two .wasm files: next to the bundle (`server/out/`, where esbuild copies them) or, when
 * running from source, in node_modules (web-tree-sitter's own and tree-sitter-python's prebuilt grammar).
 */
export function wasmSources(dir: string = __dirname): WasmSources {
  const candidates = [dir, join(dir, "..", "out"), join(dir, "..", "..", "server", "out")];
  for (const d of candidates) {
    const ts = join(d, "web-tree-sitter.wasm");
    const py = join(d, "tree-sitter-python.wasm");
    if (existsSync(ts) && existsSync(py)) return { treeSitter: ts, python: py };
  }
  // Running from source: resolve through node_modules (a created require keeps the bundler out of it).
  const req = createRequire(__filename);
  const ts = req.resolve("web-tree-sitter/web-tree-sitter.wasm");
  const py = join(req.resolve("tree-sitter-python/package.json"), "..", "tree-sitter-python.wasm");
  return { treeSitter: ts, python: py };
}
