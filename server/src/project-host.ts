import { readFileSync, realpathSync, statSync } from "node:fs";
import type { ProjectHost } from "./core/project/host";
import { MAX_FILE_BYTES } from "./walk";

type Kind = "file" | "dir" | "other" | "none";

/**
 * The project model's view of the disk for the CLI and the language server: text reads (files larger than
 * the walk's limit are not read), existence checks and real paths, with an optional overlay of unsaved
 * editor buffers that wins over the disk. Never throws.
 *
 * With `cacheMs`, existence checks and real paths are remembered that long (the language server: import
 * resolution asks the same questions on every keystroke); {@link forget} drops them when the disk changed.
 * Texts are never cached.
 */
export class DiskProjectHost implements ProjectHost {
  private readonly kinds = new Map<string, { at: number; kind: Kind }>();
  private readonly reals = new Map<string, { at: number; real: string | undefined }>();

  constructor(
    private readonly overlay?: (path: string) => string | undefined,
    private readonly cacheMs = 0,
  ) {}

  /** Forgets cached existence checks and real paths. */
  forget(): void {
    this.kinds.clear();
    this.reals.clear();
  }

  readFile(path: string): string | undefined {
    const open = this.overlay?.(path);
    if (open !== undefined) return open;
    try {
      if (statSync(path).size > MAX_FILE_BYTES) return undefined;
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  }

  isFile(path: string): boolean {
    if (this.overlay?.(path) !== undefined) return true;
    return this.kind(path) === "file";
  }

  isDirectory(path: string): boolean {
    return this.kind(path) === "dir";
  }

  realpath(path: string): string | undefined {
    const now = this.cacheMs ? performance.now() : 0;
    const cached = this.reals.get(path);
    if (cached && now - cached.at < this.cacheMs) return cached.real;
    let real: string | undefined;
    try {
      real = realpathSync(path).replace(/\\/g, "/");
    } catch {
      real = undefined;
    }
    if (this.cacheMs) remember(this.reals, path, { at: now, real });
    return real;
  }

  private kind(path: string): Kind {
    const now = this.cacheMs ? performance.now() : 0;
    const cached = this.kinds.get(path);
    if (cached && now - cached.at < this.cacheMs) return cached.kind;
    let kind: Kind;
    try {
      const st = statSync(path);
      kind = st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
    } catch {
      kind = "none";
    }
    if (this.cacheMs) remember(this.kinds, path, { at: now, kind });
    return kind;
  }
}

/** Bounded: a cache that grows past 20,000 paths starts again. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= 20000) map.clear();
  map.set(key, value);
}
