import type { PyResolver } from "./resolver";

/**
 * How a Python module reaches the other modules of its project (implemented by core/project). Without a
 * link a resolver reads its own file only.
 */
export interface PyLink {
  /** The module's own path (absolute, forward slashes); values from other modules name it on their spans. */
  readonly file: string;
  /**
   * Runs `use` on the resolver of the module a dotted name refers to from this module (leading dots are
   * relative), or returns undefined when the name leads nowhere inside the project.
   */
  module<T>(dotted: string, use: (r: PyResolver) => T | undefined): T | undefined;
}
