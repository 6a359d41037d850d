import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SourceRead } from "../scan/read-source";
import { FatalError } from "./config-files";
import type { FileLinter, LintOutcome } from "./lint-file";
import type { FromReader, ReaderInit } from "./reader";

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

/** The files of a run as the walk finds them: `files` grows each time `more()` is called. */
export interface FileStream {
  readonly files: string[];
  /** Walks on a little, appending what it finds to `files`; false once the walk is over. */
  more(): boolean;
}

/** Files per message to a reader thread; each has up to {@link IN_FLIGHT} batches at a time. */
const BATCH = 64;
const IN_FLIGHT = 8;
/** Files this thread reads itself (when it has nothing to analyse) between two looks at the workers. */
const LOCAL_BATCH = 8;
/** This thread yields to the workers' messages at least this often (ms) while it analyses. */
const YIELD_MS = 5;

/**
 * Lints the files of `stream` with `threads` threads: this one and `threads - 1` reader threads
 * (`reader.ts`). Readers start at once and read and prefilter batches as the walk finds them (this thread
 * walks in slices, handing out batches and taking results in between); they lint the Python files that
 * pass themselves and send the TS/JS ones back as text, so only this thread loads the TypeScript
 * compiler. This thread analyses those and, when it has nothing to analyse, reads files too, from the end
 * of the list while readers take them from the front. `done(i, outcome)` is called for file i (its walk
 * position) in whatever order files finish (callers keep the order). A FatalError (a file that cannot be
 * written) rejects with that error; so does an error of the walk or of a reader.
 */
export function lintInThreads(
  stream: FileStream,
  threads: number,
  init: { argv: string[]; cwd: string },
  local: FileLinter,
  done: (index: number, outcome: LintOutcome) => void,
): Promise<void> {
  const { files } = stream;
  let walking = true;
  /** Files [front, back) are not handed out yet: readers take from the front, this thread from the back. */
  let front = 0;
  let back = 0;
  let finished = 0;
  let failed = false;
  const workers: Worker[] = [];
  const inFlight: number[] = [];
  /** What readers sent back, not yet turned into outcomes. */
  const received: [number, SourceRead][] = [];
  let wake: (() => void) | undefined;
  return new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      for (const w of workers) void w.terminate();
    };
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      stop();
      reject(e);
    };
    const pump = (): void => {
      for (let t = 0; t < workers.length; t++)
        while (inFlight[t] < IN_FLIGHT) {
          const ready = back - front;
          if (ready <= 0 || (walking && ready < BATCH)) break;
          const items: [number, string][] = [];
          for (const end = Math.min(back, front + BATCH); front < end; front++)
            items.push([front, files[front]]);
          workers[t].postMessage(items);
          inFlight[t]++;
        }
    };
    for (let t = 0; t < threads - 1; t++) {
      const data: ReaderInit = { corsLintReader: true, ...init };
      const w = new Worker(__filename, { workerData: data });
      workers.push(w);
      inFlight.push(0);
      w.on("message", (m: FromReader) => {
        if ("fatal" in m) return fail(new FatalError(m.fatal));
        if ("error" in m) return fail(new Error(m.error));
        for (const [i, r] of m.results) {
          if ("read" in r) received.push([i, r.read]);
          else {
            done(i, r.outcome);
            finished++;
          }
        }
        inFlight[t]--;
        pump();
        wake?.();
      });
      w.on("error", fail);
    }
    /** After the walk: analyse what readers sent, read from the back when there is nothing. */
    const lintHere = async (): Promise<void> => {
      let slice = performance.now();
      const breathe = async (): Promise<void> => {
        if (performance.now() - slice < YIELD_MS) return;
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      };
      while (!failed) {
        const got = received.shift();
        if (got) {
          done(got[0], await local.complete(files[got[0]], got[1]));
          finished++;
          await breathe();
          continue;
        }
        if (back > front) {
          // Claimed before the first await: readers' messages handled meanwhile hand out only
          // [front, back), never these. (Claimed after the loop, a reader could take them too while
          // this thread awaited the Python parser's start, leaving back < front: the run never ended.)
          const to = back;
          const from = Math.max(front, back - LOCAL_BATCH);
          back = from;
          for (let i = to - 1; i >= from; i--) done(i, await local.lint(files[i]));
          finished += to - from;
          await breathe();
          continue;
        }
        if (finished === files.length) {
          stop();
          return resolve();
        }
        // Everything is handed out: wait for the readers.
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    };
    // The walk, in slices: results come in and batches go out between them.
    const step = (): void => {
      if (failed) return;
      try {
        walking = stream.more();
        back = files.length;
      } catch (e) {
        return fail(e as Error);
      }
      pump();
      if (walking) setImmediate(step);
      else lintHere().catch(fail);
    };
    step();
  });
}
