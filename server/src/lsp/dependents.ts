/**
 * Which scanned files read values from which modules, as plain data: the workspace scan builds its
 * project graphs on another thread, and this is the part of them the main thread needs to analyse the
 * right files again when a module changes (an editor's unsaved text, a change on disk).
 */
export class DependentsIndex {
  /** File -> the modules its analysis read (directly or not). */
  private readonly reads = new Map<string, string[]>();
  /** Module -> the files that read it. */
  private readonly readers = new Map<string, Set<string>>();

  /** Records (or, with undefined, forgets) the modules a file's analysis read. */
  set(file: string, modules: string[] | undefined): void {
    const f = norm(file);
    for (const m of this.reads.get(f) ?? []) {
      const r = this.readers.get(m);
      r?.delete(f);
      if (r?.size === 0) this.readers.delete(m);
    }
    if (!modules?.length) {
      this.reads.delete(f);
      return;
    }
    this.reads.set(f, modules);
    for (const m of modules) {
      let r = this.readers.get(m);
      if (!r) this.readers.set(m, (r = new Set()));
      r.add(f);
    }
  }

  /** The files whose analysis read a module, sorted. */
  of(module: string): string[] {
    return [...(this.readers.get(norm(module)) ?? [])].sort();
  }
}

function norm(path: string): string {
  return path.replace(/\\/g, "/");
}
