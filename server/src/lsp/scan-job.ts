import { statSync } from "node:fs";
import { findProjectRoot, Project } from "../core/project/project";
import { DiskProjectHost } from "../project-host";
import { MAX_FILE_BYTES, SourceReader } from "../scan/read-source";
import { walk } from "../walk";
import { ConfigFiles } from "./config-files";
import { analyzeFile, isExcluded, type FileResult } from "./results";
import type { Settings } from "./settings";
import { pathToUri } from "./uri";

/** What the scan knows of a file it looked at: an unchanged file is not read again. */
export interface Stamp {
  mtimeMs: number;
  size: number;
  /** The digest of the configuration it was analysed with (`EffectiveConfig.key`). */
  key: string;
  /** False when the prefilter ruled the file out: its result is empty whatever the configuration. */
  mayHold: boolean;
}

/** The stamp of a file the editor had open during the scan: never matches, so the next look reads it. */
export const OPEN_STAMP: Stamp = { mtimeMs: -1, size: -1, key: "", mayHold: true };

/** One workspace folder to walk, with its settings and the stamps of its files from the last scan. */
export interface ScanFolder {
  uri: string;
  path: string;
  settings: Settings;
  before: [string, Stamp][];
}

/** An open editor's text when the scan started: it wins over the disk for the modules files read. */
export interface OpenText {
  path: string;
  version: number;
  text: string;
}

/** Everything a scan needs, as plain data (it crosses to the scan thread). */
export interface ScanPlan {
  folders: ScanFolder[];
  open: OpenText[];
}

/** A file result as plain data: the text instead of its line map. */
export type WireResult = Omit<FileResult, "map"> & { text: string };

/** What the scan found for one file. */
export interface ScanItem {
  path: string;
  /** The file is gone (deleted, unreadable, or no longer found by the walk). */
  gone?: true;
  stamp?: Stamp;
  /** `file:` URI (for files that may hold CORS code, i.e. that were analysed). */
  uri?: string;
  /** The result, when it has something to show (diagnostics, policies, notices). */
  result?: WireResult;
  /** The project modules its analysis read values from, directly or not (the dependents index). */
  reads?: string[];
}

/** What a scan reports, in order: batches, then the end. */
export type ScanMessage =
  | { kind: "batch"; folder: string; done: number; total: number; items: ScanItem[] }
  | { kind: "end"; configPaths: string[] }
  | { kind: "error"; message: string };

/** How long a batch collects items before it is sent (the main thread sees results stream in). */
const BATCH_MS = 50;
const BATCH_ITEMS = 500;

/**
 * Walks the plan's folders (the CLI's walker: .gitignore, default excludes, config `ignore` globs,
 * `corsLint.exclude`), reads each file whose stamp changed, tests the byte prefilter, and analyses the
 * files that pass with the project model; emits what it found in batches. `pause()` runs between files
 * (the in-thread fallback yields there) and returns false to stop.
 */
export async function runScan(
  plan: ScanPlan,
  emit: (m: ScanMessage) => void,
  pause: () => Promise<boolean> | boolean,
): Promise<void> {
  const scan = new Scan(plan, emit);
  const lists = plan.folders.map((f) => scan.list(f));
  const total = lists.reduce((n, l) => n + l.length, 0);
  let done = 0;
  for (const [i, folder] of plan.folders.entries()) {
    scan.begin(folder.uri, done, total);
    const listed = new Set(lists[i]);
    for (const [path] of folder.before) if (!listed.has(path)) scan.add({ path, gone: true });
    const before = new Map(folder.before);
    for (const path of lists[i]) {
      if (!(await pause())) return;
      scan.file(path, folder, before.get(path));
      scan.progress(++done);
    }
    scan.flush();
  }
  emit({ kind: "end", configPaths: scan.configs.loadedPaths() });
}

/** One scan's state: configuration lookups, projects, the reader and the batch being collected. */
class Scan {
  readonly configs = new ConfigFiles();
  private readonly reader = new SourceReader();
  private readonly open: Map<string, OpenText>;
  private readonly host: DiskProjectHost;
  /** Projects by workspace folder path. */
  private readonly projects = new Map<string, Project>();
  private items: ScanItem[] = [];
  private folder = "";
  private done = 0;
  private total = 0;
  private sent = performance.now();

  constructor(
    plan: ScanPlan,
    private readonly emit: (m: ScanMessage) => void,
  ) {
    this.open = new Map(plan.open.map((o) => [o.path, o]));
    this.host = new DiskProjectHost((p) => this.open.get(p)?.text);
  }

  list(folder: ScanFolder): string[] {
    try {
      return walk([folder.path], {
        configIgnores: (p) => {
          const cfg = this.configs.forFile(p, folder.settings, folder.path);
          return isExcluded(p, folder.settings, cfg, folder.path)
            ? (cfg.configPath ?? "corsLint.exclude")
            : undefined;
        },
      }).files;
    } catch {
      return [];
    }
  }

  begin(folder: string, done: number, total: number): void {
    this.folder = folder;
    this.done = done;
    this.total = total;
  }

  add(item: ScanItem): void {
    this.items.push(item);
    if (this.items.length >= BATCH_ITEMS || item.result) this.progress(this.done);
  }

  /** Sends the batch when it is old enough (or holds a result worth showing soon). */
  progress(done: number): void {
    this.done = done;
    const now = performance.now();
    if (now - this.sent < BATCH_MS && this.items.length < BATCH_ITEMS) return;
    this.flush();
    this.sent = now;
  }

  flush(): void {
    const items = this.items;
    this.items = [];
    this.emit({ kind: "batch", folder: this.folder, done: this.done, total: this.total, items });
  }

  file(path: string, folder: ScanFolder, old: Stamp | undefined): void {
    if (this.open.has(path)) {
      this.add({ path, stamp: OPEN_STAMP });
      return;
    }
    let st;
    try {
      st = statSync(path);
    } catch {
      this.add({ path, gone: true });
      return;
    }
    const config = this.configs.forFile(path, folder.settings, folder.path);
    if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) {
      if (old.key === config.key || !old.mayHold) return;
    }
    const stamp = { mtimeMs: st.mtimeMs, size: st.size, key: config.key, mayHold: false };
    // Bytes first: a file that cannot hold CORS code is neither decoded nor parsed (its result is empty).
    const read = st.size > MAX_FILE_BYTES ? undefined : this.reader.read(path);
    if (read?.kind === "error") return this.add({ path, gone: true });
    if (read?.kind !== "text") return this.add({ path, stamp });
    stamp.mayHold = true;
    const uri = pathToUri(path);
    const project = this.projectFor(folder.path);
    const r = analyzeFile(uri, path, read.text, config, "disk", undefined, undefined, project);
    const reads = closure(project, path);
    const { map, ...rest } = r;
    const shown =
      r.diagnostics.length ||
      r.analysis.policies.length ||
      r.analysis.notices.length ||
      r.elsewhere?.size;
    this.add({
      path,
      stamp,
      uri,
      result: shown ? { ...rest, text: map.text } : undefined,
      reads: reads.length ? reads : undefined,
    });
  }

  /** The project of a workspace folder (the language server's rule: its root found from the folder). */
  private projectFor(folder: string): Project {
    let p = this.projects.get(folder);
    if (!p) {
      const root = findProjectRoot(this.host, folder);
      p = [...this.projects.values()].find((x) => x.root === root) ?? new Project(this.host, root);
      this.projects.set(folder, p);
    }
    return p;
  }
}

/** The modules a file's analysis read, directly or through other modules. */
export function closure(project: Project, path: string): string[] {
  const seen = new Set<string>();
  const queue = project.importsOf(path);
  while (queue.length) {
    const m = queue.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    queue.push(...project.importsOf(m));
  }
  seen.delete(path.replace(/\\/g, "/"));
  return [...seen].sort();
}
