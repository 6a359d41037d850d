import { statSync } from "node:fs";
import { MAX_FILE_BYTES, SourceReader } from "../scan/read-source";
import type { Project } from "../core/project/project";
import type { EffectiveConfig } from "./config-files";
import { DependentsIndex } from "./dependents";
import { LineMap } from "./convert";
import { analyzeFile, type FileResult } from "./results";
import {
  closure,
  OPEN_STAMP,
  type OpenText,
  type ScanFolder,
  type ScanItem,
  type ScanMessage,
  type Stamp,
} from "./scan-job";
import { EditingFlag, startScan, type ScanJob } from "./scan-worker";
import type { Settings } from "./settings";
import { pathToUri } from "./uri";

/** A workspace folder as the server tracks it. */
export interface Folder {
  uri: string;
  path: string;
}

/** What the scanner needs from the server. */
export interface ScanHost {
  settingsFor(uri: string): Promise<Settings>;
  configFor(path: string, settings: Settings, root: string): EffectiveConfig;
  /** Whether the editor has the file open (its buffer, not the disk, is then the truth). */
  isOpen(path: string): boolean;
  /** The open editors' texts and versions (the scan reads them instead of the disk). */
  openTexts(): OpenText[];
  /** The project a file belongs to (imports are followed inside it). */
  projectFor?(path: string): Project;
  /** Stores a disk result and publishes its diagnostics; undefined removes the file. */
  update(uri: string, result: FileResult | undefined): void;
  /** Whether the server stores or has published anything for a URI (else an empty result is a no-op). */
  holds(uri: string): boolean;
  /** A line for the client's trace (each analysis on this thread, scans started and cancelled). */
  trace?(message: string): void;
  /** Messages for the output channel. */
  log?(message: string): void;
}

/** A file's stamp and the workspace folder whose walk found it (one fixed-shape object per file). */
class Known implements Stamp {
  constructor(
    public mtimeMs: number,
    public size: number,
    public key: string,
    public mayHold: boolean,
    public folder: string,
  ) {}
}

/** One string per distinct configuration digest and folder URI, however many files share it. */
const interned = new Map<string, string>();
function intern(s: string): string {
  let i = interned.get(s);
  if (i === undefined) interned.set(s, (i = s));
  return i;
}

/** Progress callback: files done out of total. */
export type ScanProgress = (done: number, total: number) => void;

/**
 * The workspace scan, seen from the main thread: it keeps what the next scan needs (each known file's
 * stamp: mtime, size, configuration digest, prefilter verdict; a few bytes per file) and the dependents
 * index, runs the walk and the analyses on a worker thread (scan-worker.ts) and stores the results as
 * they stream in. Results are kept only for files with something to show. Single files (changed on
 * disk, closed in the editor, dependents of a changed module) are analysed here.
 */
export class WorkspaceScanner {
  private readonly known = new Map<string, Known>();
  /** Which files read which modules (from the scan's project graph). */
  readonly dependents = new DependentsIndex();
  private generation = 0;
  private job: ScanJob | undefined;
  private readonly reader = new SourceReader();
  /** Raised while an edited document is analysed: the scan thread waits between files. */
  readonly editing = new EditingFlag();
  /** The config files the last scan read (their diagnostics are published). */
  configPaths: string[] = [];
  /** Workspace folder URI -> path, for the folders of the last scan. */
  private readonly folderPaths = new Map<string, string>();

  constructor(private readonly host: ScanHost) {}

  /** Whether a path was found by the last walk of some folder. */
  isKnown(path: string): boolean {
    return this.known.has(path);
  }

  /** Scans folders; a newer call cancels older ones. Returns false when superseded. */
  async scan(folders: Folder[], progress?: ScanProgress): Promise<boolean> {
    const gen = ++this.generation;
    if (this.job) {
      this.host.trace?.("workspace scan cancelled: a newer one starts");
      this.job.cancel();
    }
    this.job = undefined;
    const plan: ScanFolder[] = [];
    for (const folder of folders) {
      const settings = await this.host.settingsFor(folder.uri);
      if (gen !== this.generation) return false;
      this.folderPaths.set(folder.uri, folder.path);
      if (settings.enable && settings.scope === "workspace")
        plan.push({ ...folder, settings, before: this.stampsOf(folder.uri) });
    }
    // Folders not scanned (removed, disabled, openFiles scope) keep no disk results.
    const scanned = new Set(plan.map((f) => f.uri));
    for (const [path, k] of this.known) if (!scanned.has(k.folder)) this.forget(path);
    if (!plan.length) {
      // Nothing to walk (no folder, or none in workspace scope): no thread to start.
      progress?.(0, 0);
      return true;
    }
    const open = this.host.openTexts();
    const versions = new Map(open.map((o) => [o.path, o.version]));
    const job = startScan(
      { folders: plan, open },
      (m) => {
        if (gen === this.generation) this.receive(m, versions, progress);
      },
      this.editing,
    );
    this.job = job;
    this.host.trace?.(`workspace scan of ${plural(plan.length, "folder")} on ${job.thread}`);
    const done = await job.done;
    if (gen !== this.generation) return false;
    this.job = undefined;
    return done;
  }

  /**
   * Re-reads one known file (changed on disk, or closed in the editor: `republish` then puts its disk
   * result back even when the file did not change).
   */
  async fileChanged(path: string, folder: Folder, republish = false): Promise<boolean> {
    if (!this.known.has(path)) return false;
    const settings = await this.host.settingsFor(folder.uri);
    if (!settings.enable || settings.scope !== "workspace") return false;
    this.refresh(path, settings, folder, republish);
    return true;
  }

  /** Analyses a known file again whatever its stamp (a module it reads changed). */
  async reanalyse(path: string, folder: Folder): Promise<void> {
    await this.fileChanged(path, folder, true);
  }

  /** Drops a deleted file. */
  fileDeleted(path: string): void {
    this.known.delete(path);
    this.dependents.set(path, undefined);
    this.host.update(pathToUri(path), undefined);
  }

  /** Forgets every analysis: the next scan reads every file again. */
  reset(): void {
    for (const k of this.known.values()) k.mtimeMs = -1;
  }

  private stampsOf(folder: string): [string, Stamp][] {
    const out: [string, Stamp][] = [];
    for (const [path, k] of this.known) {
      if (k.folder === folder)
        out.push([path, { mtimeMs: k.mtimeMs, size: k.size, key: k.key, mayHold: k.mayHold }]);
    }
    return out;
  }

  private forget(path: string): void {
    this.known.delete(path);
    this.dependents.set(path, undefined);
    const uri = pathToUri(path);
    if (!this.host.isOpen(path) && this.host.holds(uri)) this.host.update(uri, undefined);
  }

  private receive(
    m: ScanMessage,
    versions: Map<string, number>,
    progress: ScanProgress | undefined,
  ): void {
    if (m.kind === "error") this.host.log?.(`workspace scan failed: ${m.message}`);
    if (m.kind === "end") this.configPaths = m.configPaths;
    if (m.kind !== "batch") return;
    for (const item of m.items) this.apply(m.folder, item, versions);
    progress?.(m.done, m.total);
  }

  /** Stores one file's stamp and result (the scan thread's view, unless this thread knows better). */
  private apply(folder: string, item: ScanItem, versions: Map<string, number>): void {
    const { path } = item;
    if (item.gone) {
      if (this.known.has(path)) this.forget(path);
      return;
    }
    const stamp = item.stamp!;
    const prev = this.known.get(path);
    // A file this thread analysed meanwhile (changed on disk) keeps its newer stamp and result.
    if (prev && prev.mtimeMs > stamp.mtimeMs && stamp !== OPEN_STAMP) return;
    this.known.set(
      path,
      new Known(stamp.mtimeMs, stamp.size, intern(stamp.key), stamp.mayHold, intern(folder)),
    );
    if (stamp.mtimeMs === OPEN_STAMP.mtimeMs) return;
    if (item.reads || prev?.mayHold) this.dependents.set(path, item.reads);
    // Most files: ruled out by the prefilter now and before, so nothing to store, clear or publish.
    if (!stamp.mayHold && !prev?.mayHold) return;
    if (this.host.isOpen(path)) return;
    // Read an editor's text that changed since the scan started: analysed again here, with the new text.
    if (item.reads?.some((r) => versions.has(r) && this.openVersion(r) !== versions.get(r))) {
      void this.reanalyse(path, { uri: folder, path: this.folderPaths.get(folder) ?? "" });
      return;
    }
    const uri = item.uri ?? pathToUri(path);
    if (item.result) {
      const { text, ...rest } = item.result;
      this.host.update(uri, { ...rest, map: new LineMap(text) });
    } else if ((prev?.mayHold || stamp.mayHold) && this.host.holds(uri)) {
      this.host.update(uri, undefined);
    }
  }

  private openVersion(path: string): number | undefined {
    return this.host.openTexts().find((o) => o.path === path)?.version;
  }

  private refresh(path: string, settings: Settings, folder: Folder, republish: boolean): void {
    if (this.host.isOpen(path)) return;
    let st;
    try {
      st = statSync(path);
    } catch {
      this.fileDeleted(path);
      return;
    }
    const old = this.known.get(path);
    const config = this.host.configFor(path, settings, folder.path);
    if (
      !republish &&
      old &&
      old.mtimeMs === st.mtimeMs &&
      old.size === st.size &&
      (old.key === config.key || !old.mayHold)
    )
      return;
    const read = st.size > MAX_FILE_BYTES ? undefined : this.reader.read(path);
    if (read?.kind === "error") return this.fileDeleted(path);
    const mayHold = read?.kind === "text";
    const uri = pathToUri(path);
    this.known.set(
      path,
      new Known(
        st.mtimeMs,
        st.size,
        intern(config.key),
        mayHold,
        old?.folder ?? intern(folder.uri),
      ),
    );
    const started = performance.now();
    const project = mayHold ? this.host.projectFor?.(path) : undefined;
    const text = mayHold ? read.text : "";
    const result = analyzeFile(uri, path, text, config, "disk", undefined, undefined, project);
    // What it reads now (its imports may have changed), for the next change of one of those modules.
    this.dependents.set(path, project ? closure(project, path) : undefined);
    if (mayHold)
      this.host.trace?.(
        `analysed ${path} (disk) in ${(performance.now() - started).toFixed(1)} ms`,
      );
    this.host.update(uri, result);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
