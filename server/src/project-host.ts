import { readFileSync, realpathSync, statSync } from "node:fs";
import type { ProjectHost } from "./core/project/host";
import { MAX_FILE_BYTES } from "./walk";

/**
 * The project model's view of the disk for the CLI and the language server: text reads (files larger than
 * the walk's limit are not read), existence checks and real paths, with an optional overlay of unsaved
 * editor buffers that wins over the disk. Never throws.
 */
export class DiskProjectHost implements ProjectHost {
  constructor(private readonly overlay?: (path: string) => string | undefined) {}

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
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  }

  isDirectory(path: string): boolean {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  }

  realpath(path: string): string | undefined {
    try {
      return realpathSync(path).replace(/\\/g, "/");
    } catch {
      return undefined;
    }
  }
}
