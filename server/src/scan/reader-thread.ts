import type { SourceRead } from "./read-source";

/** A read as sent between threads: errors as plain data (their `code` would not survive a clone). */
export function portable(read: SourceRead): SourceRead {
  if (read.kind !== "error") return read;
  const e = read.error as NodeJS.ErrnoException | undefined;
  return { kind: "error", error: { code: e?.code, message: e?.message ?? String(e) } };
}
