import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { languageOf } from "../core/analyze";
import { portable } from "../scan/reader-thread";
import type { SourceRead } from "../scan/read-source";
import { parseArgs } from "./args";
import { ConfigFiles, FatalError } from "./config-files";
import { FileLinter, type LintOutcome } from "./lint-file";

/** What a reader thread is started with: the command line, to read the same options and configs. */
export interface ReaderInit {
  corsLintReader: true;
  argv: string[];
  cwd: string;
}

/** One file as a reader thread hands it back: linted there, or read for the main thread to finish. */
export type ReaderResult = [index: number, done: { outcome: LintOutcome } | { read: SourceRead }];

/** What a reader thread posts: the results of one batch, or what stopped it. */
export type FromReader = { results: ReaderResult[] } | { fatal: string } | { error: string };

/** Whether this thread is a reader thread started by `lintInThreads`. */
export function isReaderThread(): boolean {
  return !isMainThread && !!(workerData as ReaderInit | undefined)?.corsLintReader;
}

/**
 * A reader thread: reads and prefilters each batch of `[walk position, path]` it is sent. A Python file
 * that passes is linted here (tree-sitter is small); a TS/JS file that passes goes back as text to the
 * main thread, the only one that loads the TypeScript compiler; the rest go back as what the read gave.
 */
export function serveReader(): void {
  const init = workerData as ReaderInit;
  const options = parseArgs(init.argv);
  const linter = new FileLinter(
    options,
    new ConfigFiles(init.cwd, options.config, options.rules),
    init.cwd,
  );
  let queue = Promise.resolve();
  parentPort!.on("message", (items: [number, string][]) => {
    queue = queue.then(async () => {
      try {
        const results: ReaderResult[] = [];
        for (const [i, path] of items) {
          const read = linter.read(path);
          if (read.kind === "text" && languageOf(path) === "python")
            results.push([i, { outcome: await linter.complete(path, read) }]);
          else results.push([i, { read: portable(read) }]);
        }
        parentPort!.postMessage({ results } satisfies FromReader);
      } catch (e) {
        parentPort!.postMessage(
          (e instanceof FatalError
            ? { fatal: e.message }
            : { error: (e as Error)?.stack ?? String(e) }) satisfies FromReader,
        );
      }
    });
  });
}
