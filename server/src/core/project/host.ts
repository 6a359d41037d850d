/**
 * What the project model needs from its host (the CLI reads the disk, the language server prefers the
 * editor's unsaved text). Paths are absolute with forward slashes. Every method is synchronous and must not
 * throw: an unreadable file is `undefined` / `false`.
 */
export interface ProjectHost {
  /** A file's text, or undefined when it does not exist or cannot be read as text. */
  readFile(path: string): string | undefined;
  /** Whether a regular file (or a link to one) exists at the path. */
  isFile(path: string): boolean;
  /** Whether a folder exists at the path. */
  isDirectory(path: string): boolean;
  /** The path with symbolic links resolved, or undefined when it does not exist. */
  realpath(path: string): string | undefined;
}

/** Names whose presence marks a project root, nearest first upward from the analysed path. */
export const ROOT_MARKERS = [".git", "pyproject.toml", "package.json"];
