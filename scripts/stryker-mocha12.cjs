// @stryker-mutator/mocha-runner 9.6 requires mocha's `lib/cli/run-helpers` and `lib/cli/options`
// without an extension; mocha 12 ships them as `.cjs`, which Node does not try by default. Loaded via
// NODE_OPTIONS by `npm run test:mutation` only (Stryker's worker processes inherit it): it lets an
// extensionless require() also find `<name>.cjs`, loaded exactly like a `.js` CommonJS file.
const Module = require("node:module");
if (!Module._extensions[".cjs"]) Module._extensions[".cjs"] = Module._extensions[".js"];
