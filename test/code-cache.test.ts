import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as ts from "typescript";
import { join } from "node:path";
import {
  codeCacheDir,
  codeCacheEnabled,
  codeCacheFile,
  type CodeCacheStatus,
} from "../server/src/code-cache";
import { ensureFreshBundles } from "./helpers/bundle";

const ROOT = join(__dirname, "..");
const CHILD = join(__dirname, "helpers", "code-cache-child.ts");
/** Whether this Node keeps compiled code itself (22.1+): then our cache stays off. */
const NATIVE =
  typeof (require("node:module") as { enableCompileCache?: unknown }).enableCompileCache ===
  "function";

/** A CommonJS module using what Node's loader gives a module, with functions compiled only when called. */
const MODULE = `"use strict";
const path = require("node:path");
function lazy(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }
module.exports = {
  probe() {
    return { sum: lazy(10), filename: __filename, dirname: __dirname, base: path.basename(__filename),
      self: this === module.exports, req: typeof require.resolve, paths: module.paths.length > 0,
      builtin: require("node:os") === require("os") };
  },
};
`;

interface ChildResult {
  status: CodeCacheStatus;
  file: string;
  probe: Record<string, unknown>;
  cached: boolean;
  saved: boolean | null;
  version?: string;
}

let tmp: string;

function withHeader(payload: Buffer): Buffer {
  const digest = createHash("sha1").update(payload).digest();
  return Buffer.concat([Buffer.from("cors-lint-v8-cache-1\n", "latin1"), digest, payload]);
}

function load(file: string, dir: string): ChildResult {
  const r = spawnSync(process.execPath, ["--require", "tsx/cjs", CHILD, file, dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ChildResult;
}

function moduleFile(name = "mod.js"): string {
  const file = join(tmp, "src", name);
  mkdirSync(join(tmp, "src"), { recursive: true });
  writeFileSync(file, MODULE);
  return file;
}

describe("code cache (V8 cachedData for our own bundles)", function () {
  this.timeout(60_000);
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), "cors-lint-code-cache-"))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes the cache, and the next process reads it back and V8 accepts it", () => {
    const file = moduleFile();
    const dir = join(tmp, "cache");
    const first = load(file, dir);
    assert.equal(first.status, "missing");
    assert.equal(first.saved, true);
    assert.deepEqual(readdirSync(dir), [first.file.slice(dir.length + 1)]);
    assert.match(readFileSync(first.file, "latin1"), /^cors-lint-v8-cache-1\n/);
    const second = load(file, dir);
    assert.equal(second.status, "accepted");
    assert.deepEqual(second.probe, first.probe);
  });

  it("gives the module what Node's loader gives it: exports, require, module, __filename, __dirname", () => {
    const file = moduleFile();
    const r = load(file, join(tmp, "cache"));
    assert.deepEqual(r.probe, {
      sum: 45,
      filename: file,
      dirname: join(tmp, "src"),
      base: "mod.js",
      self: true,
      req: "function",
      paths: true,
      builtin: true,
    });
    assert.equal(r.cached, true, "registered in require.cache");
  });

  it("loads the real TypeScript compiler bundle from the cache", () => {
    ensureFreshBundles();
    const file = join(ROOT, "server", "out", "typescript.js");
    const dir = join(tmp, "cache");
    assert.equal(load(file, dir).status, "missing");
    const warm = load(file, dir);
    assert.equal(warm.status, "accepted");
    assert.equal(warm.version, require("typescript").version);
    assert.equal(warm.probe, 2);
  });

  it("is used only for files without import() (the compiler, the CLI bundle): it fails on Node 20 from accepted cachedData", function () {
    this.timeout(120_000);
    ensureFreshBundles();
    for (const name of ["typescript.js", "cli.js"]) {
      const file = join(ROOT, "server", "out", name);
      const text = readFileSync(file, "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      let imports = 0;
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) imports++;
        ts.forEachChild(n, visit);
      };
      visit(sf);
      assert.equal(imports, 0, name);
    }
  });

  it("rejects a corrupt cache, compiles anew and replaces it", () => {
    const file = moduleFile();
    const dir = join(tmp, "cache");
    const good = load(file, dir);
    const valid = readFileSync(good.file);
    for (const bad of [
      Buffer.from("not a cache"),
      valid.subarray(0, valid.length - 7),
      Buffer.concat([valid.subarray(0, 60), Buffer.from([valid[60] ^ 0xff]), valid.subarray(61)]),
      // Our checksum right, V8's bytes wrong: V8 itself rejects them.
      withHeader(Buffer.alloc(4096, 7)),
    ]) {
      writeFileSync(good.file, bad);
      const r = load(file, dir);
      assert.equal(r.status, "rejected");
      assert.equal(r.saved, true);
      assert.deepEqual(r.probe, good.probe);
      assert.equal(load(file, dir).status, "accepted");
    }
  });

  it("works from an unwritable cache folder: it only costs speed", () => {
    const file = moduleFile();
    writeFileSync(join(tmp, "plain-file"), "");
    const r = load(file, join(tmp, "plain-file", "cache"));
    assert.equal(r.status, "missing");
    assert.equal(r.saved, false);
    assert.equal((r.probe as { sum: number }).sum, 45);
    const ro = join(tmp, "read-only");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      assert.equal(load(file, ro).probe.sum, 45);
    } finally {
      chmodSync(ro, 0o755);
    }
  });

  it("keys the cache by the source: a changed file gets a new cache and the old one goes", () => {
    const file = moduleFile();
    const dir = join(tmp, "cache");
    const before = load(file, dir).file;
    // Other code of the same length and the same modification time (V8 would accept the old cache).
    const { mtime } = statSync(file);
    const text = readFileSync(file, "utf8");
    const same = text.replace("lazy(10)", "lazy(11)");
    assert.equal(same.length, text.length);
    writeFileSync(file, same);
    utimesSync(file, mtime, mtime);
    assert.notEqual(codeCacheFile(dir, file, "test"), before);
    assert.notEqual(codeCacheFile(dir, file, "other version"), codeCacheFile(dir, file, "test"));
    const after = load(file, dir);
    assert.equal(after.probe.sum, 55);
    assert.equal(after.status, "missing");
    assert.deepEqual(readdirSync(dir), [after.file.slice(dir.length + 1)]);
  });

  it("lives in a per-user folder and is turned off by CORS_LINT_NO_CODE_CACHE", () => {
    assert.equal(codeCacheDir({ CORS_LINT_CACHE_DIR: "/x/y" }), "/x/y");
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: "/home/u/.c" }), join("/home/u/.c", "cors-lint"));
    assert.match(codeCacheDir({ XDG_CACHE_HOME: "relative" }) ?? "", /cors-lint/);
    assert.equal(codeCacheEnabled({ CORS_LINT_NO_CODE_CACHE: "1" }), false);
    assert.equal(codeCacheEnabled({ CORS_LINT_NO_CODE_CACHE: "0" }), !NATIVE);
    assert.equal(codeCacheEnabled({}), !NATIVE);
  });

  it("the CLI writes it, uses it and reports the same findings; the switch leaves no cache", function () {
    this.timeout(120_000);
    ensureFreshBundles();
    const dir = join(tmp, "cache");
    const run = (env: Record<string, string>) => {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, "bin", "cors-lint.js"), "samples", "--format", "json", "--exit-zero"],
        {
          cwd: ROOT,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", CORS_LINT_CACHE_DIR: dir, ...env },
        },
      );
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { findings: unknown[]; summary: object };
      return JSON.stringify({ ...out, summary: { ...out.summary, durationMs: 0 } }) + r.stderr;
    };
    const off = run({ CORS_LINT_NO_CODE_CACHE: "1" });
    assert.throws(() => readdirSync(dir), /ENOENT/);
    const cold = run({});
    const list = (): string[] => (NATIVE ? [] : readdirSync(dir));
    const files = list();
    assert.deepEqual(
      files.map((f) => f.replace(/-[0-9a-f]{16}\.bin$/, "")),
      NATIVE
        ? []
        : ["cli.js", "typescript.js"].map((n) => `${n}-${process.version}-${process.arch}`),
    );
    const warm = run({});
    assert.deepEqual(list(), files);
    assert.equal(cold, off);
    assert.equal(warm, off);
    assert.ok(JSON.parse(off).findings.length > 10);
  });
});
