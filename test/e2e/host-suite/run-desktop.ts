// npm run test:desktop: the extension-host suite (host-suite/) in a desktop VS Code through
// @vscode/test-electron, which downloads VS Code into .vscode-test/ on first use. The same suite runs
// inside code-server as part of npm run test:e2e (product-host.e2e.ts).
// CORS_LINT_VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of downloading one.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";

const ROOT = join(__dirname, "..", "..", "..");
const UPDATE_SERVER = "https://update.code.visualstudio.com/api/releases/stable";

function fail(message: string): never {
  console.error(`test:desktop: ${message}`);
  process.exit(1);
}

/** The VS Code to run: the given executable, or a download (fails fast when it is unreachable). */
async function vscodeExecutable(): Promise<string> {
  const given = process.env.CORS_LINT_VSCODE_EXECUTABLE;
  if (given) return given;
  try {
    const r = await fetch(UPDATE_SERVER, { signal: AbortSignal.timeout(15_000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
  } catch (e) {
    fail(
      `cannot reach ${UPDATE_SERVER} to download VS Code (${(e as Error).message}). ` +
        "This path needs internet access, or CORS_LINT_VSCODE_EXECUTABLE pointing at an installed " +
        "VS Code. Without either, npm run test:e2e runs the same suite inside code-server.",
    );
  }
  return downloadAndUnzipVSCode({ cachePath: join(ROOT, ".vscode-test"), timeout: 60_000 });
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(ROOT, "esbuild.mjs")], { stdio: "inherit" });
  if (build.status !== 0) fail("the build (node esbuild.mjs) failed");
  const vscodeExecutablePath = await vscodeExecutable();
  const home = mkdtempSync(join(tmpdir(), "cors-lint-desktop-"));
  const workspace = join(home, "samples");
  cpSync(join(ROOT, "samples"), workspace, { recursive: true });
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(__dirname, "index.js"),
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        `--user-data-dir=${join(home, "user-data")}`,
      ],
    });
    process.exitCode = code;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e: Error) => fail(e.message));
