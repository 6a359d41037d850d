import type { Connection } from "vscode-languageserver";
import { mergePlaced, ResultStore, type FileResult } from "./results";
import { canonicalUri } from "./uri";

/**
 * The results worth keeping and the diagnostics the client has: a file's own diagnostics merged with
 * those other files' policies place in it, sent when they changed, once per file and turn of the event
 * loop, and never for a file that has none and never had any.
 */
export class Publisher {
  readonly store = new ResultStore();
  /** What the client has per file key (absent: nothing). */
  private readonly published = new Map<string, string>();
  /** Files whose diagnostics are sent at the end of this turn of the event loop. */
  private readonly pending = new Map<string, { uri: string; force: boolean }>();
  /** Target file key -> keys of the files whose policies put diagnostics in it. */
  private readonly foreign = new Map<string, Set<string>>();
  private readonly foreignUris = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  /** Whether anything is stored or published for a canonical URI. */
  holds(key: string): boolean {
    return this.store.get(key) !== undefined || this.published.has(key);
  }

  /** Stores (or, when undefined, removes) a file's result and queues the files whose diagnostics it touches. */
  update(uri: string, result: FileResult | undefined): void {
    const key = canonicalUri(uri);
    const before = this.store.get(key)?.elsewhere;
    // A disk file with nothing to show (most of a workspace) is not kept: a scan of 30,000 files stays small.
    const empty =
      !result ||
      (result.origin === "disk" &&
        !result.diagnostics.length &&
        !result.analysis.policies.length &&
        !result.analysis.notices.length &&
        !result.elsewhere?.size);
    if (!empty) this.store.set(key, result);
    else this.store.delete(key);
    const targets = new Set([...(before?.keys() ?? []), ...(result?.elsewhere?.keys() ?? [])]);
    for (const t of targets) {
      const sources = this.foreign.get(t) ?? new Set<string>();
      if (result?.elsewhere?.has(t)) {
        sources.add(key);
        this.foreignUris.set(t, result.elsewhere.get(t)!.uri);
      } else sources.delete(key);
      this.foreign.set(t, sources);
    }
    this.publish(key, result?.uri ?? uri, result?.origin === "open");
    for (const t of targets) if (t !== key) this.publish(t, this.foreignUris.get(t)!, false);
  }

  /** Publishes diagnostics that are not file results (config files), at once. */
  publishRaw(
    uri: string,
    diagnostics: Parameters<Connection["sendDiagnostics"]>[0]["diagnostics"],
  ): void {
    if (diagnostics.length) this.published.set(canonicalUri(uri), JSON.stringify(diagnostics));
    else this.published.delete(canonicalUri(uri));
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** A file's own diagnostics plus those other files' policies placed in it; sent when they changed. */
  private publish(key: string, uri: string, force: boolean): void {
    // Sent once per file and turn of the event loop: 20 dependents analysed again after one edit of a
    // settings module put their findings in it, and the client gets that module's list once, not 20 times.
    const queued = this.pending.get(key);
    this.pending.set(key, { uri, force: force || !!queued?.force });
    if (this.pending.size === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const all = [...this.pending];
    this.pending.clear();
    for (const [key, { uri, force }] of all) this.send(key, uri, force);
  }

  private send(key: string, uri: string, force: boolean): void {
    const own = this.store.get(key);
    const placed = [...(this.foreign.get(key) ?? [])].flatMap(
      (src) => this.store.get(src)?.elsewhere?.get(key)?.diagnostics ?? [],
    );
    const diagnostics = mergePlaced(own?.diagnostics ?? [], placed);
    const text = JSON.stringify(diagnostics);
    // A file never published has none on the client: a scan sends nothing for the thousands of clean files.
    if ((this.published.get(key) ?? "[]") !== text || force) {
      if (diagnostics.length) this.published.set(key, text);
      else this.published.delete(key);
      void this.connection.sendDiagnostics({ uri, version: own?.version, diagnostics });
    }
  }
}
