import { statSync } from "node:fs";
import { MAX_FILE_BYTES, SourceReader } from "../scan/read-source";
import type { Project } from "../core/project/project";
import { walk } from "../walk";
import type { EffectiveConfig } from "./config-files";
import { analyzeFile, isExcluded, type FileResult } from "./results";
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
  /** The project a file belongs to (imports are followed inside it). */
  projectFor?(path: string): Project;
  /** Stores a disk result and publishes its diagnostics; undefined removes the file. */
  update(uri: string, result: FileResult | undefined): void;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  key: string;
  /** False when the prefilter ruled the file out: its result is empty whatever the configuration. */
  mayHold: boolean;
  /** Kept only for files that may hold CORS code (the others' result is empty). */
  result?: FileResult;
}

/** How long the scan runs before it lets the event loop serve edits and requests. */
const SLICE_MS = 10;

/** Progress callback: files done out of total. */
export type ScanProgress = (done: number, total: number) => void;

/**
 * Finds every source file of the workspace folders (the CLI's walker: .gitignore, default excludes,
 * config `ignore` globs, `corsLint.exclude`) and analyses the ones whose path, mtime, size or configuration
 * changed since the last look. Long scans yield to the event loop so edits and requests are served.
 */
export class WorkspaceScanner {
  private readonly cache = new Map<string, CacheEntry>();
  /** The files each folder's last walk found. */
  private readonly known = new Map<string, Set<string>>();
  private generation = 0;
  private readonly reader = new SourceReader();

  constructor(private readonly host: ScanHost) {}

  /** Whether a path was found by the last walk of some folder. */
  isKnown(path: string): boolean {
    for (const s of this.known.values()) if (s.has(path)) return true;
    return false;
  }

  /** Scans folders; a newer call makes older ones stop early. Returns false when superseded. */
  async scan(folders: Folder[], progress?: ScanProgress): Promise<boolean> {
    const gen = ++this.generation;
    const plan: { folder: Folder; settings: Settings; files: string[] }[] = [];
    for (const folder of folders) {
      const settings = await this.host.settingsFor(folder.uri);
      if (gen !== this.generation) return false;
      const files =
        settings.enable && settings.scope === "workspace" ? this.list(folder, settings) : [];
      plan.push({ folder, settings, files });
    }
    const total = plan.reduce((n, p) => n + p.files.length, 0);
    let done = 0;
    let slice = performance.now();
    for (const { folder, settings, files } of plan) {
      this.forget(folder, new Set(files));
      for (const path of files) {
        if (gen !== this.generation) return false;
        this.refresh(path, settings, folder.path);
        done++;
        // Slices of about 10 ms: edits and requests wait at most one slice (or one large file).
        if (performance.now() - slice > SLICE_MS) {
          progress?.(done, total);
          await new Promise((r) => setImmediate(r));
          slice = performance.now();
        }
      }
    }
    progress?.(total, total);
    return true;
  }

  /**
   * Re-reads one known file (changed on disk, or closed in the editor: `republish` then puts its disk
   * result back even when the file did not change).
   */
  async fileChanged(path: string, folder: Folder, republish = false): Promise<boolean> {
    if (!this.known.get(folder.uri)?.has(path)) return false;
    const settings = await this.host.settingsFor(folder.uri);
    if (!settings.enable || settings.scope !== "workspace") return false;
    this.refresh(path, settings, folder.path, republish);
    return true;
  }

  /** Drops a deleted file. */
  fileDeleted(path: string): void {
    this.cache.delete(path);
    for (const s of this.known.values()) s.delete(path);
    this.host.update(pathToUri(path), undefined);
  }

  /** Forgets every cached analysis (files are re-read on the next scan). */
  reset(): void {
    this.cache.clear();
  }

  private list(folder: Folder, settings: Settings): string[] {
    try {
      return walk([folder.path], {
        configIgnores: (p) => {
          const cfg = this.host.configFor(p, settings, folder.path);
          return isExcluded(p, settings, cfg, folder.path)
            ? (cfg.configPath ?? "corsLint.exclude")
            : undefined;
        },
      }).files;
    } catch {
      return [];
    }
  }

  /** Removes results of files a folder's walk no longer finds (deleted, newly ignored, excluded). */
  private forget(folder: Folder, files: Set<string>): void {
    const before = this.known.get(folder.uri) ?? new Set<string>();
    this.known.set(folder.uri, files);
    for (const p of before) {
      if (files.has(p)) continue;
      this.cache.delete(p);
      if (!this.host.isOpen(p)) this.host.update(pathToUri(p), undefined);
    }
  }

  private refresh(path: string, settings: Settings, root: string, republish = false): void {
    if (this.host.isOpen(path)) return;
    let st;
    try {
      st = statSync(path);
    } catch {
      this.fileDeleted(path);
      return;
    }
    const config = this.host.configFor(path, settings, root);
    const old = this.cache.get(path);
    if (
      old &&
      old.mtimeMs === st.mtimeMs &&
      old.size === st.size &&
      (old.key === config.key || !old.mayHold)
    ) {
      if (republish)
        this.host.update(
          pathToUri(path),
          old.result ?? analyzeFile(pathToUri(path), path, "", config, "disk"),
        );
      return;
    }
    // Bytes first: a file that cannot hold CORS code is neither decoded nor parsed (its result is empty).
    const read = st.size > MAX_FILE_BYTES ? undefined : this.reader.read(path);
    if (!read || read.kind === "error" || read.kind === "too-large") {
      if (read?.kind === "error") this.fileDeleted(path);
      return;
    }
    const uri = pathToUri(path);
    const mayHold = read.kind === "text";
    const project = mayHold ? this.host.projectFor?.(path) : undefined;
    const result = analyzeFile(
      uri,
      path,
      mayHold ? read.text : "",
      config,
      "disk",
      undefined,
      undefined,
      project,
    );
    this.cache.set(path, {
      mtimeMs: st.mtimeMs,
      size: st.size,
      key: config.key,
      mayHold,
      result: mayHold ? result : undefined,
    });
    this.host.update(uri, result);
  }
}
