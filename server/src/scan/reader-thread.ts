import { parentPort } from "node:worker_threads";
import { SourceReader, type SourceRead } from "./read-source";

/** What a reader thread posts back: the reads of one batch, by walk position, or what broke it. */
export type FromReader = { results: [number, SourceRead][] } | { error: string };

/** A read as sent between threads: errors as plain data (their `code` would not survive a clone). */
export function portable(read: SourceRead): SourceRead {
  if (read.kind !== "error") return read;
  const e = read.error as NodeJS.ErrnoException | undefined;
  return { kind: "error", error: { code: e?.code, message: e?.message ?? String(e) } };
}

/**
 * A reader thread: reads and prefilters each batch of `[walk position, path]` it is sent and posts the
 * reads back (the text only of files that pass). It never loads a parser.
 */
export function serveReader(): void {
  const reader = new SourceReader();
  parentPort!.on("message", (items: [number, string][]) => {
    try {
      const results: [number, SourceRead][] = items.map(([i, p]) => [i, portable(reader.read(p))]);
      parentPort!.postMessage({ results } satisfies FromReader);
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error)?.stack ?? String(e) } satisfies FromReader);
    }
  });
}
