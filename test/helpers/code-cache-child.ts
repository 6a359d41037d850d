import { loadWithCodeCache } from "../../server/src/code-cache";

/**
 * Run as a child process (a fresh V8 isolate, so nothing is reused from an earlier compile):
 * loads argv[2] with the code cache in argv[3], calls its `probe()` when it has one, saves the cache
 * and prints what happened as JSON.
 */
const [file, dir] = process.argv.slice(2);
const load = loadWithCodeCache(file, dir, "test");
const exports = load.exports as {
  probe?: () => unknown;
  version?: string;
  createSourceFile?: (name: string, text: string, target: number) => { statements: unknown[] };
};
// The compiler bundle: parse something, so its lazily compiled functions run (from the cache if warm).
const probe =
  typeof exports.probe === "function"
    ? exports.probe()
    : exports.createSourceFile?.("a.ts", "import x from 'y';\nexport const a = x({ b: 1 });\n", 99)
        .statements.length;
const cached = require.cache[file]?.exports === load.exports;
const saved = load.status === "accepted" ? null : load.save();
process.stdout.write(
  JSON.stringify({
    status: load.status,
    file: load.file,
    probe,
    cached,
    saved,
    version: exports.version,
  }),
);
