import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { parseArgs } from "./args";
import { ConfigFiles, FatalError } from "./config-files";
import { FileLinter, type LintOutcome } from "./lint-file";

/** Below this many files a run stays in one thread: starting workers costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 1000;

/** How many threads lint `files` files: `--jobs`, else one per core for large runs. */
export function threadCount(files: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, files));
  if (files < MIN_FILES_FOR_WORKERS || !canStartWorkers()) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Workers run this bundle again; from TypeScript sources (tests) there is no bundle to run. */
function canStartWorkers(): boolean {
  return __filename.endsWith(".js");
}

interface WorkerInit {
  corsLintWorker: true;
  argv: string[];
  cwd: string;
}

type FromWorker = { results: [number, LintOutcome][] } | { fatal: string } | { error: string };

/** Whether this thread is a lint worker started by {@link lintInWorkers}. */
export function isLintWorker(): boolean {
  return !isMainThread && !!(workerData as WorkerInit | undefined)?.corsLintWorker;
}

/**
 * Lints `files` on `threads` worker threads, each reading, prefiltering and analysing whole batches;
 * `done(i, outcome)` is called for file i in whatever order workers finish (callers keep the order).
 * A FatalError in a worker (a file that cannot be written) rejects with that error.
 */
export function lintInWorkers(
  files: string[],
  threads: number,
  init: { argv: string[]; cwd: string },
  done: (index: number, outcome: LintOutcome) => void,
): Promise<void> {
  const batch = Math.max(8, Math.min(256, Math.ceil(files.length / (threads * 16))));
  let next = 0;
  let pending = files.length;
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    const fail = (e: Error): void => {
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker): void => {
      if (next >= files.length) return;
      const items: [number, string][] = [];
      for (const end = Math.min(files.length, next + batch); next < end; next++)
        items.push([next, files[next]]);
      w.postMessage(items);
    };
    for (let t = 0; t < threads; t++) {
      const data: WorkerInit = { corsLintWorker: true, ...init };
      const w = new Worker(__filename, { workerData: data });
      workers.push(w);
      w.on("message", (m: FromWorker) => {
        if ("fatal" in m) return fail(new FatalError(m.fatal));
        if ("error" in m) return fail(new Error(m.error));
        for (const [i, outcome] of m.results) done(i, outcome);
        pending -= m.results.length;
        if (pending === 0) {
          for (const x of workers) void x.terminate();
          resolve();
        } else feed(w);
      });
      w.on("error", fail);
      // Two batches in flight per worker, so none waits for the main thread between batches.
      feed(w);
      feed(w);
    }
  });
}

/** The worker side: lints each batch it is sent, in order, and posts the outcomes back. */
export function serveLintWorker(): void {
  const init = workerData as WorkerInit;
  const options = parseArgs(init.argv);
  const configs = new ConfigFiles(init.cwd, options.config, options.rules);
  const linter = new FileLinter(options, configs, init.cwd);
  let queue = Promise.resolve();
  parentPort!.on("message", (items: [number, string][]) => {
    queue = queue.then(async () => {
      try {
        const results: [number, LintOutcome][] = [];
        for (const [i, path] of items) results.push([i, await linter.lint(path)]);
        parentPort!.postMessage({ results });
      } catch (e) {
        parentPort!.postMessage(
          e instanceof FatalError
            ? { fatal: e.message }
            : { error: (e as Error)?.stack ?? String(e) },
        );
      }
    });
  });
}
