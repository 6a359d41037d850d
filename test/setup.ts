import { initEngine } from "../server/src/core/analyze";
import { wasmSources } from "../server/src/wasm-files";

/** Root hook: the parsers load once for the whole run. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initEngine(wasmSources());
  },
};
