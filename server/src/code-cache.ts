import { createHash } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import * as nodeModule from "node:module";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join } from "node:path";
// The one use of vm in the sources: it compiles our own bundled files (server/out/*.js), never workspace code.
import * as vm from "node:vm";
import { isMainThread } from "node:worker_threads";

/**
 * A V8 code cache for our own bundles on Node runtimes without `module.enableCompileCache` (Node 20):
 * a file is compiled through `vm.Script` with the bytes of an earlier run, so each process and thread
 * skips compiling it, and its functions that earlier run compiled lazily (the TypeScript parser's) come
 * with their bytecode. The cache lives in a per-user folder ({@link codeCacheDir}), one file per source
 * file, Node version and architecture; a missing, unreadable, read-only or corrupt cache only costs speed.
 */

/** How a load went: `accepted` used the cache; `missing`/`rejected` compiled anew (and may save). */
export type CodeCacheStatus = "accepted" | "rejected" | "missing";

/** One loaded file: its exports, how the cache did, and `save()`, which writes the cache now. */
export interface CachedLoad {
  exports: unknown;
  status: CodeCacheStatus;
  /** The cache file (written or read). */
  file: string;
  /** Writes the code compiled so far (lazily compiled functions included); false when it could not. */
  save(): boolean;
}

/** A failure before the loaded file ran (reading it, stat, compiling): the caller may `require` it. */
class CodeCacheError extends Error {}

/**
 * Our own header before V8's bytes: a checksum. V8 checks only versions, flags and lengths: one flipped
 * byte in its payload is accepted as it is, or aborts the process in the deserializer.
 */
const MAGIC = "cors-lint-v8-cache-1\n";
const DIGEST_BYTES = 20;

/** After the compiler loads in a worker thread (often ended by `terminate()`, no exit event), save this late. */
const WORKER_SAVE_DELAY_MS = 1000;
/** The main thread saves at exit, or after this long in a long-lived process (the language server). */
const MAIN_SAVE_DELAY_MS = 20_000;

/**
 * The per-user cache folder: `$CORS_LINT_CACHE_DIR`, else `$XDG_CACHE_HOME/cors-lint`, else the
 * platform's (`~/.cache/cors-lint`, `~/Library/Caches/cors-lint`, `%LOCALAPPDATA%\cors-lint\Cache`).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CORS_LINT_CACHE_DIR) return env.CORS_LINT_CACHE_DIR;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME))
    return join(env.XDG_CACHE_HOME, "cors-lint");
  if (process.platform === "win32" && env.LOCALAPPDATA)
    return join(env.LOCALAPPDATA, "cors-lint", "Cache");
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (!home) return undefined;
  if (process.platform === "darwin") return join(home, "Library", "Caches", "cors-lint");
  return join(home, ".cache", "cors-lint");
}

/**
 * Whether this runtime uses our cache: not where Node keeps compiled code itself
 * (`module.enableCompileCache`, Node 22.1+), nor with `CORS_LINT_NO_CODE_CACHE` set (other than "0").
 */
export function codeCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const off = env.CORS_LINT_NO_CODE_CACHE;
  if (off !== undefined && off !== "" && off !== "0") return false;
  return typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache !== "function";
}

/**
 * The cache file of `filename`: its name, Node version and architecture in the name (one file per
 * runtime; older ones for that runtime are removed on save), and a hash of cors-lint's version, V8's
 * version and the source's bytes. V8 itself checks only the source's length: a cache of other code of
 * the same length would be accepted and run, so the key holds the content, not a size and a time
 * (an install can keep both: npm gives every file one fixed time). Hashing the 3.5 MB compiler costs
 * a few milliseconds of the ~100 the cache saves.
 */
export function codeCacheFile(dir: string, filename: string, version: string): string {
  const key = createHash("sha1")
    .update(JSON.stringify([version, process.versions.v8]))
    .update(readFileSync(filename))
    .digest("hex")
    .slice(0, 16);
  return join(dir, `${cachePrefix(filename)}${key}.bin`);
}

function cachePrefix(filename: string): string {
  return `${basename(filename)}-${process.version}-${process.arch}-`;
}

/**
 * Loads the CommonJS file `filename` (one of our bundles) with the code cache in `dir`: the file is
 * wrapped as Node's loader wraps it (`Module.wrap`) and called with a real `require` for that file, its
 * own `module`, `exports`, `__filename` and `__dirname`; it is registered in `require.cache`. A cache
 * V8 rejects, or whose checksum is wrong, is deleted. Errors of reading or compiling throw before the
 * file runs, so a caller can fall back to `require`.
 */
export function loadWithCodeCache(filename: string, dir: string, version: string): CachedLoad {
  const { script, status, file } = compile(filename, dir, version);
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: nodeModule,
    __filename: string,
    __dirname: string,
  ) => void;
  const mod = new nodeModule.Module(filename);
  mod.filename = filename;
  mod.paths = (
    nodeModule.Module as unknown as { _nodeModulePaths(dir: string): string[] }
  )._nodeModulePaths(dirname(filename));
  const req = nodeModule.createRequire(filename);
  req.cache[filename] = mod;
  try {
    wrapper.call(mod.exports, mod.exports, req, mod, filename, dirname(filename));
  } catch (e) {
    delete req.cache[filename];
    throw e;
  }
  mod.loaded = true;
  let saved = status === "accepted";
  return {
    exports: mod.exports,
    status,
    file,
    save: () => (saved ||= writeCache(file, dir, filename, script.createCachedData())),
  };
}

/** Reads and compiles `filename` with its cache; throws a {@link CodeCacheError} when it cannot. */
function compile(
  filename: string,
  dir: string,
  version: string,
): { script: vm.Script; status: CodeCacheStatus; file: string } {
  try {
    const file = codeCacheFile(dir, filename, version);
    const cached = readCache(file);
    // No importModuleDynamically: on Node 20 a script compiled from accepted cachedData loses that
    // callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so only files without import() come here: the
    // TypeScript compiler and the bundles, which esbuild builds with import() turned into require().
    const script = new vm.Script(nodeModule.wrap(readFileSync(filename, "utf8")), {
      filename,
      cachedData: cached,
    });
    const status: CodeCacheStatus =
      cached === undefined
        ? "missing"
        : script.cachedDataRejected === false
          ? "accepted"
          : "rejected";
    if (status === "rejected") removeQuietly(file);
    return { script, status, file };
  } catch (e) {
    throw new CodeCacheError(String(e));
  }
}

/**
 * The loader of the lazily loaded TypeScript compiler (the bundles' stand-in) and of the CLI bundle
 * (`bin/cors-lint.js`): {@link loadWithCodeCache} when {@link codeCacheEnabled} and a cache folder
 * exists, saving a new cache once the thread has used the file (at exit, or after a delay: worker
 * threads end by `terminate()`, without an exit event); else `fallback()`, the plain `require`.
 */
export function requireWithCodeCache(
  filename: string,
  version: string,
  fallback: () => unknown,
): unknown {
  const dir = codeCacheEnabled() ? codeCacheDir() : undefined;
  if (!dir) return fallback();
  let load: CachedLoad;
  try {
    load = loadWithCodeCache(filename, dir, version);
  } catch (e) {
    if (e instanceof CodeCacheError) return fallback();
    throw e;
  }
  if (load.status !== "accepted") scheduleSave(load);
  return load.exports;
}

function scheduleSave(load: CachedLoad): void {
  const save = (): void => {
    try {
      // Another thread or process may have written it meanwhile: keep theirs.
      if (!exists(load.file)) load.save();
    } catch {
      // Never fail a run (or its exit) for a cache.
    }
  };
  process.once("exit", save);
  setTimeout(save, isMainThread ? MAIN_SAVE_DELAY_MS : WORKER_SAVE_DELAY_MS).unref();
}

function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.byteLength(MAGIC);
  const ok =
    bytes.length > head + DIGEST_BYTES &&
    bytes.toString("latin1", 0, head) === MAGIC &&
    digest(bytes.subarray(head + DIGEST_BYTES)).equals(bytes.subarray(head, head + DIGEST_BYTES));
  // Corrupt bytes go to V8 as one it rejects for certain (a wrong magic number), not as they are.
  return ok ? bytes.subarray(head + DIGEST_BYTES) : Buffer.from("corrupt");
}

function writeCache(file: string, dir: string, filename: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC, "latin1"), digest(data), data]));
    renameSync(tmp, file);
  } catch {
    removeQuietly(tmp);
    return false;
  }
  const prefix = cachePrefix(filename);
  try {
    for (const name of readdirSync(dir))
      if (name.startsWith(prefix) && name.endsWith(".bin") && join(dir, name) !== file)
        removeQuietly(join(dir, name));
  } catch {
    // Stale files only cost disk space.
  }
  return true;
}

function digest(data: Uint8Array): Buffer {
  return createHash("sha1").update(data).digest();
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Read-only folder or already gone: only speed is lost.
  }
}
