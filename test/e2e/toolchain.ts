import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PlaywrightCore } from "./playwright-types";

/** The repository root. */
export const ROOT = join(__dirname, "..", "..");
/** Where scripts/e2e-setup.mjs provisions everything (gitignored). */
export const CACHE = process.env.CORS_LINT_E2E_CACHE ?? join(ROOT, ".e2e-cache");
/** Screenshots and logs of failed runs (gitignored). */
export const RESULTS = join(ROOT, "test-results");

/**
 * Paths of the provisioned tools, as written by scripts/e2e-setup.mjs into
 * .e2e-cache/manifest.json.
 */
export interface Toolchain {
  versions: { node: string; codeServer: string };
  /** The Node 24 binary code-server runs on. */
  node: string;
  /** code-server's entry script (out/node/entry.js). */
  codeServer: string;
  /** Debian's chromium. */
  chromium: string;
}

let cached: Toolchain | undefined;

/**
 * Provisions the toolchain on first use (idempotent; a warm run takes well under a second) and
 * returns its paths. Throws with the setup script's own message when something cannot be installed:
 * never a skip.
 */
export function toolchain(): Toolchain {
  if (cached) return cached;
  const setup = spawnSync(process.execPath, [join(ROOT, "scripts/e2e-setup.mjs")], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CORS_LINT_E2E_CACHE: CACHE },
  });
  const manifest = join(CACHE, "manifest.json");
  if (setup.status !== 0 || !existsSync(manifest)) {
    throw new Error(
      `the e2e toolchain is not available (scripts/e2e-setup.mjs exited with ${setup.status}; ` +
        "its [e2e-setup] ERROR line above names what is missing)",
    );
  }
  cached = JSON.parse(readFileSync(manifest, "utf8")) as Toolchain;
  return cached;
}

/** playwright-core, the project's devDependency (it drives Debian's chromium, downloads no browser). */
export function playwright(): PlaywrightCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("playwright-core") as PlaywrightCore;
}
