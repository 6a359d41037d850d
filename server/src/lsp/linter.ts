import { readFileSync } from "node:fs";
import type { Connection, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { languageOf, ParseCache } from "../core/analyze";
import { StatusNotification, type ServerStatus } from "../protocol";
import { ConfigFiles, isInside, type EffectiveConfig } from "./config-files";
import { isCounted } from "./convert";
import { findProjectRoot, Project } from "../core/project/project";
import { DiskProjectHost } from "../project-host";
import { Publisher } from "./publisher";
import { analyzeFile, isExcluded, type ResultStore, type FileResult } from "./results";
import { SettingsCache, type Settings } from "./settings";
import { canonicalUri, pathToUri, uriToPath } from "./uri";
import { WorkspaceScanner, type Folder, type ScanProgress } from "./workspace-scan";

/** How long the project model's existence checks and real paths are trusted (dropped on disk events). */
const DISK_CACHE_MS = 2000;

/** How long after a document closes (or a disk change) the project models no open document uses are freed. */
const SWEEP_MS = 2000;

/** The longest pause typing must make before an open document is analysed again. */
export const DEBOUNCE_MS = 150;

/**
 * The pause before analysing an open document again, from how long its last analysis took: none while
 * that is under 100 ms (edits that arrive during an analysis are coalesced anyway: the next run reads the
 * newest text), else about one analysis, at most {@link DEBOUNCE_MS}.
 */
export function debounceFor(lastAnalysisMs: number | undefined): number {
  if (lastAnalysisMs === undefined || lastAnalysisMs < 100) return 0;
  return Math.min(DEBOUNCE_MS, Math.round(lastAnalysisMs));
}

/**
 * The server's state: open documents, per-file results, the workspace scan, and publishing. Analysis is
 * synchronous, so "cancelling" an outdated run means never publishing it: every run checks that the
 * document still has the version it started from.
 */
export class Linter {
  private readonly publisher: Publisher;
  readonly store: ResultStore;
  readonly configs = new ConfigFiles();
  readonly scanner: WorkspaceScanner;
  folders: Folder[] = [];
  /** Scans under way (a newer scan supersedes an older one, which then ends early). */
  private scans = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per open document: its parse trees (re-parsed incrementally) and how long its last analysis took. */
  private readonly editing = new Map<
    string,
    { cache: ParseCache; lastMs?: number; text?: string }
  >();
  private statusQueued = false;
  private readonly canonicalCache = new Map<string, string>();
  /** Reads the project's modules: an open editor's text wins over the disk. */
  private readonly host = new DiskProjectHost(
    (p) => this.openDocument(p)?.getText(),
    DISK_CACHE_MS,
  );
  private readonly projects = new Map<string, Project>();
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Project roots by the folder (or file) they were looked up from; forgotten by {@link forgetDisk}. */
  private readonly roots = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly settings: SettingsCache,
  ) {
    this.publisher = new Publisher(connection);
    this.store = this.publisher.store;
    this.scanner = new WorkspaceScanner({
      settingsFor: (uri) => this.settings.get(uri),
      configFor: (path, s, root) => this.configs.forFile(path, s, root),
      isOpen: (path) => this.openDocument(path) !== undefined,
      openTexts: () => this.openTexts(),
      update: (uri, result) => this.update(uri, result),
      holds: (uri) => this.publisher.holds(uri),
      projectFor: (path) => this.projectFor(path),
      trace: (message) => this.trace(message),
      log: (message) => this.connection.console.error(message),
    });
  }

  /** The workspace folder holding a path, if any (the deepest, for nested folders). */
  folderOf(path: string): Folder | undefined {
    return this.folders
      .filter((f) => isInside(f.path, path))
      .sort((a, b) => b.path.length - a.path.length)[0];
  }

  /** The open document for a path, if the editor has it open. */
  openDocument(path: string): TextDocument | undefined {
    const key = pathToUri(path);
    return this.documents.all().find((d) => this.canonical(d.uri) === key);
  }

  /** The open documents the engine reads (their text wins over the disk), for the scan thread. */
  openTexts(): { path: string; version: number; text: string }[] {
    return this.documents.all().flatMap((d) => {
      const path = languageOf(d.uri) ? uriToPath(d.uri) : undefined;
      return path ? [{ path, version: d.version, text: d.getText() }] : [];
    });
  }

  /** A line in the client's trace (`$/logTrace`, only when the client turned tracing on). */
  trace(message: string): void {
    this.connection.tracer.log(message);
  }

  /** canonicalUri() memoised: the scan asks about every file for every open document. */
  private canonical(uri: string): string {
    let c = this.canonicalCache.get(uri);
    if (c === undefined) {
      c = canonicalUri(uri);
      this.canonicalCache.set(uri, c);
    }
    return c;
  }

  /** The effective configuration and settings for a file. */
  async configFor(
    uri: string,
  ): Promise<{ settings: Settings; config: EffectiveConfig; path: string } | undefined> {
    const path = uriToPath(uri);
    if (!path) return undefined;
    const settings = await this.settings.get(uri);
    const root = this.folderOf(path)?.path;
    return { settings, config: this.configs.forFile(path, settings, root), path };
  }

  /**
   * Analyses an open document after a pause (0 = at once; by default adapted to the document's last
   * analysis time); newer calls replace pending ones.
   */
  schedule(uri: string, delay = debounceFor(this.editing.get(uri)?.lastMs)): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.validateOpen(uri);
      }, delay),
    );
  }

  /** Analyses an open document now and publishes, unless a newer version arrived meanwhile. */
  async validateOpen(uri: string): Promise<FileResult | undefined> {
    const doc = this.documents.get(uri);
    if (!doc || !languageOf(uri)) return undefined;
    const version = doc.version;
    const info = await this.configFor(uri);
    if (this.documents.get(uri)?.version !== version) return undefined;
    if (!info) return undefined;
    const root = this.folderOf(info.path)?.path;
    if (!info.settings.enable || isExcluded(info.path, info.settings, info.config, root)) {
      this.update(uri, undefined);
      return undefined;
    }
    // Typing first: the scan thread waits between files while this (synchronous) analysis runs.
    this.scanner.editing.set(true);
    try {
      return this.analyseOpen(uri, doc, version, info);
    } finally {
      this.scanner.editing.set(false);
    }
  }

  private analyseOpen(
    uri: string,
    doc: TextDocument,
    version: number,
    info: { config: EffectiveConfig; path: string },
  ): FileResult {
    let editing = this.editing.get(uri);
    const first = !editing;
    if (!editing) this.editing.set(uri, (editing = { cache: new ParseCache() }));
    const started = performance.now();
    const text = doc.getText();
    // Unsaved text wins over the disk: files that read values from this one are analysed again.
    const project = this.projectFor(info.path);
    const dependents = new Set(project.changed(info.path, text));
    for (const d of this.scanDependents(info.path, editing.text, text)) dependents.add(d);
    editing.text = text;
    const result = analyzeFile(
      uri,
      info.path,
      text,
      info.config,
      "open",
      version,
      editing.cache,
      project,
    );
    const ms = performance.now() - started;
    // The first analysis parses the whole document from nothing; typing then re-parses incrementally.
    // Only those later analyses pace the debounce: a slow first one must not delay the first keystroke.
    if (!first) editing.lastMs = ms;
    this.trace(`analysed ${info.path} (open, version ${version}) in ${ms.toFixed(1)} ms`);
    this.update(uri, result);
    for (const d of dependents) this.refresh(d);
    return result;
  }

  /** A document was closed: its disk result comes back in workspace scope, else its problems go. */
  async closed(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.editing.get(uri)?.cache.dispose();
    this.editing.delete(uri);
    const path = uriToPath(uri);
    const folder = path ? this.folderOf(path) : undefined;
    this.store.delete(canonicalUri(uri));
    // Its text is the disk's again for the files that read it.
    if (path) this.diskChanged(path);
    if (!(path && folder && (await this.scanner.fileChanged(path, folder, true))))
      this.update(uri, undefined);
    this.sweepSoon();
  }

  /**
   * Frees, a little later, the project models (parse trees and texts of modules) that no open document
   * belongs to: the main thread keeps no tree or text of a closed file. The scan's dependents index keeps
   * what later changes need.
   */
  private sweepSoon(): void {
    clearTimeout(this.sweepTimer);
    this.sweepTimer = setTimeout(() => {
      const open = this.documents.all().flatMap((d) => uriToPath(d.uri) ?? []);
      for (const [root, project] of this.projects) {
        if (open.some((p) => isInside(root, p))) continue;
        project.dispose();
        this.projects.delete(root);
        this.trace(`released the project model of ${root}`);
      }
    }, SWEEP_MS);
  }

  /** The project (module graph) a file belongs to: one per project root, found from its workspace folder. */
  projectFor(path: string): Project {
    const from = this.folderOf(path)?.path ?? path;
    let root = this.roots.get(from);
    if (root === undefined) this.roots.set(from, (root = findProjectRoot(this.host, from)));
    let p = this.projects.get(root);
    if (!p) this.projects.set(root, (p = new Project(this.host, root)));
    return p;
  }

  /**
   * The scanned files that read an open module whose text changed since its last analysis (`before`; on
   * the first analysis, the disk's text is what the scan read).
   */
  private scanDependents(path: string, before: string | undefined, text: string): string[] {
    const readers = this.scanner.dependents.of(path);
    if (!readers.length || before === text) return [];
    if (before === undefined) {
      try {
        if (readFileSync(path, "utf8") === text) return [];
      } catch {
        /* gone from the disk: the readers read nothing, or something else */
      }
    }
    return readers;
  }

  /** Project roots and the disk's existence checks are looked up again (files created or deleted, settings). */
  forgetDisk(): void {
    this.roots.clear();
    this.host.forget();
  }

  /** A file changed on disk (or its editor closed): the files that read values from it are analysed again. */
  diskChanged(path: string): void {
    this.host.forget();
    const dependents = new Set(this.scanner.dependents.of(path));
    for (const p of this.projects.values()) for (const d of p.changed(path)) dependents.add(d);
    for (const d of dependents) this.refresh(d);
    if (dependents.size) this.sweepSoon();
  }

  /**
   * Analyses a dependent again: an open one through its editor, one known from the workspace scan from the
   * disk (modules it imports still read the editors' unsaved text).
   */
  private refresh(path: string): void {
    const doc = this.openDocument(path);
    if (doc) {
      this.schedule(doc.uri, 0);
      return;
    }
    const folder = this.folderOf(path);
    if (folder) void this.scanner.reanalyse(path, folder);
  }

  /** Every open document again (settings or configuration changed). */
  revalidateOpen(): Promise<unknown> {
    return Promise.all(this.documents.all().map((d) => this.validateOpen(d.uri)));
  }

  /** Scans the workspace folders, with progress when the client can show it. */
  async scan(progress?: ScanProgress): Promise<boolean> {
    this.scans++;
    this.queueStatus();
    const started = performance.now();
    let files = 0;
    try {
      const done = await this.scanner.scan(this.folders, (n, total) => {
        files = total;
        progress?.(n, total);
      });
      if (done) this.logScan(files, performance.now() - started);
      return done;
    } finally {
      this.scans--;
      this.queueStatus();
    }
  }

  /** One line per finished scan in the client's output channel: files, time, findings. */
  private logScan(files: number, ms: number): void {
    const s = this.status();
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
    this.connection.console.info(
      `scanned ${plural(files, "file")} in ${Math.round(ms)} ms: ${plural(s.problems, "problem")} in ${plural(s.files, "file")}, ${plural(s.policies, "CORS configuration")}`,
    );
    const m = process.memoryUsage();
    const mb = (x: number): string => `${Math.round(x / 2 ** 20)} MB`;
    this.trace(
      `memory after the scan: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}`,
    );
  }

  /**
   * Stores (or, when undefined, removes) a file's result and publishes its diagnostics if they changed,
   * together with those its policies put in other modules (and those other files put in it).
   */
  update(uri: string, result: FileResult | undefined): void {
    for (const n of result?.analysis.notices ?? []) {
      if (n.kind === "internal") this.connection.console.error(`${result!.path}: ${n.message}`);
      if (n.kind === "config") this.connection.console.warn(`${result!.path}: ${n.message}`);
    }
    this.publisher.update(uri, result);
    this.queueStatus();
  }

  /** Publishes diagnostics that are not file results (config files). */
  publishRaw(
    uri: string,
    diagnostics: Parameters<Connection["sendDiagnostics"]>[0]["diagnostics"],
  ): void {
    this.publisher.publishRaw(uri, diagnostics);
  }

  /** The totals the client's status item and tree views show. */
  status(): ServerStatus {
    const all = this.store.all();
    return {
      state: this.scans > 0 ? "scanning" : "idle",
      problems: all.reduce(
        (n, r) =>
          n +
          r.diagnostics.filter(isCounted).length +
          [...(r.elsewhere?.values() ?? [])].reduce((m, e) => m + e.diagnostics.length, 0),
        0,
      ),
      files: all.filter((r) => r.diagnostics.some(isCounted)).length,
      policies: all.reduce((n, r) => n + r.analysis.policies.length, 0),
    };
  }

  private queueStatus(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      void this.connection.sendNotification(StatusNotification, this.status());
    });
  }
}
