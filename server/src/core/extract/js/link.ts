import type { JsResolver } from "./resolver";

/**
 * How a JS/TS module reaches the other modules of its project (implemented by core/project). Without a
 * link a resolver reads its own file only.
 */
export interface JsLink {
  /** The module's own path (absolute, forward slashes); values from other modules name it on their spans. */
  readonly file: string;
  /** Runs `use` on the resolver of the module a specifier leads to, or undefined when it leads nowhere. */
  module<T>(specifier: string, use: (r: JsResolver) => T | undefined): T | undefined;
}
