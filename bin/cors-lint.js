#!/usr/bin/env node
"use strict";
const nodeModule = require("node:module");
if (typeof nodeModule.enableCompileCache === "function") {
  // Node 22.1+ keeps compiled code between runs itself.
  nodeModule.enableCompileCache();
  require("../server/out/cli.js");
} else {
  // Older Node: V8's code cache for the bundle (and, inside it, for the TypeScript compiler), in a
  // per-user cache folder; see server/src/code-cache.ts. CORS_LINT_NO_CODE_CACHE=1 turns it off.
  const { join } = require("node:path");
  const { version } = require("../package.json");
  require("../server/out/code-cache.js").requireWithCodeCache(
    join(__dirname, "..", "server", "out", "cli.js"),
    version,
    () => require("../server/out/cli.js"),
  );
}
