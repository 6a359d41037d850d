// One build script, three bundles; the .wasm files are copied next to the server bundle.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const production = process.argv.includes("--production");
const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // import() becomes require(): V8's code cache (server/src/code-cache.ts) loses import()'s callback on Node 20.
  supported: { "dynamic-import": false },
  // web-tree-sitter's ESM build reads import.meta.url; the bundles are CommonJS, so take its CJS build.
  // jsonc-parser's UMD main requires its own files at run time, which a bundle cannot resolve: take its ESM build.
  alias: {
    "web-tree-sitter": "./node_modules/web-tree-sitter/web-tree-sitter.cjs",
    "jsonc-parser": "./node_modules/jsonc-parser/lib/esm/main.js",
  },
};

/**
 * The TypeScript compiler (9 MB) is not bundled: the bundles get a small stand-in whose first property read
 * loads `server/out/typescript.js`, so a run that parses no TS/JS file never loads or compiles it (workers,
 * Python-only trees, the CLI's main thread while workers analyse). After the load every property is a plain
 * value copied from the compiler's exports.
 */
const lazyTypescript = {
  name: "lazy-typescript",
  setup(b) {
    b.onResolve({ filter: /^typescript$/ }, () => ({
      path: "typescript-stub.js",
      namespace: "lazy-typescript",
    }));
    b.onResolve({ filter: /^\.\/typescript\.js$/, namespace: "lazy-typescript" }, (args) => ({
      path: args.path,
      external: true,
    }));
    b.onLoad({ filter: /.*/, namespace: "lazy-typescript" }, () => {
      const keys = Object.keys(require("typescript"));
      return {
        resolveDir: ".",
        contents: `const { join } = require("node:path");
const { requireWithCodeCache } = require("./server/src/code-cache");
const keys = ${JSON.stringify(keys)};
const ts = {};
let loaded = false;
function load() {
  if (loaded) return;
  loaded = true;
  const real = requireWithCodeCache(join(__dirname, "typescript.js"), ${JSON.stringify(version)}, () =>
    require("./typescript.js"),
  );
  for (const k of Object.keys(real))
    Object.defineProperty(ts, k, { value: real[k], writable: true, enumerable: true, configurable: true });
}
for (const k of keys)
  Object.defineProperty(ts, k, { get() { load(); return ts[k]; }, enumerable: true, configurable: true });
module.exports = ts;
`,
      };
    });
  },
};

const entries = [
  { entryPoints: ["server/src/cli/main.ts"], outfile: "server/out/cli.js" },
  // bin/cors-lint.js loads cli.js through it.
  { entryPoints: ["server/src/code-cache.ts"], outfile: "server/out/code-cache.js" },
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
    .map(({ optional: _o, ...e }) => build({ ...common, ...e, plugins: [lazyTypescript] })),
);
// The compiler itself, loaded on first use by the stand-in above.
await build({
  ...common,
  sourcemap: false,
  entryPoints: [require.resolve("typescript")],
  outfile: "server/out/typescript.js",
});

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
