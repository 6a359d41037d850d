import * as nodeModule from "node:module";

/**
 * Node 22.1+ can keep compiled code on disk between runs (`module.enableCompileCache`); the lazily loaded
 * TypeScript compiler (9 MB) gains most. Node 20 lacks it: then this does nothing.
 */
export function enableCompileCache(): void {
  try {
    (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // A read-only or missing cache folder only costs speed.
  }
}
