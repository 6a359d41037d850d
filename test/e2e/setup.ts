import { toolchain } from "./toolchain";

/** Root hook: provisions (or, when cached, checks) the toolchain once, before any editor starts. */
export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    // A cold provision builds code-server's native modules: minutes, not the per-test budget.
    this.timeout(20 * 60_000);
    toolchain();
  },
};
