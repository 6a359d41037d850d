// One build script, three bundles; the .wasm files are copied next to the server bundle.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const production = process.argv.includes("--production");
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // web-tree-sitter's ESM build reads import.meta.url; the bundles are CommonJS, so take its CJS build.
  // jsonc-parser's UMD main requires its own files at run time, which a bundle cannot resolve: take its ESM build.
  alias: {
    "web-tree-sitter": "./node_modules/web-tree-sitter/web-tree-sitter.cjs",
    "jsonc-parser": "./node_modules/jsonc-parser/lib/esm/main.js",
  },
};

const entries = [
  { entryPoints: ["server/src/cli/main.ts"], outfile: "server/out/cli.js" },
  { entryPoints: ["server/src/lsp/main.ts"], outfile: "server/out/server.js", optional: true },
  {
    entryPoints: ["client/src/extension.ts"],
    outfile: "client/out/extension.js",
    external: ["vscode"],
    optional: true,
  },
];

await Promise.all(
  entries
    .filter((e) => !e.optional || existsSync(e.entryPoints[0]))
    .map(({ optional: _o, ...e }) => build({ ...common, ...e })),
);

// web-tree-sitter's runtime and tree-sitter-python's prebuilt grammar (both from their npm packages).
mkdirSync("server/out", { recursive: true });
copyFileSync(
  require.resolve("web-tree-sitter/web-tree-sitter.wasm"),
  "server/out/web-tree-sitter.wasm",
);
copyFileSync(
  join(dirname(require.resolve("tree-sitter-python/package.json")), "tree-sitter-python.wasm"),
  "server/out/tree-sitter-python.wasm",
);
