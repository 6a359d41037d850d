import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CodeServer, startCodeServer } from "./code-server";
import { launchBrowser } from "./harness";
import type { Browser } from "./playwright-types";
import { RESULTS } from "./toolchain";

/** What `@vscode/test-electron`'s runTests takes, for a run inside code-server instead. */
export interface ExtensionTestOptions {
  /** The extension folder, loaded unpackaged as in F5 debugging. */
  extensionDevelopmentPath: string;
  /** A module exporting `run(): Promise<void>`, required inside the extension host. */
  extensionTestsPath: string;
  /** A folder to copy and open. */
  workspace: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
  timeoutMs?: number;
}

/** The outcome: the extension host's exit code and the console lines the suite printed. */
export interface ExtensionTestResult {
  exitCode: number;
  output: string[];
}

/**
 * Runs an extension-host test suite inside code-server. The web workbench honours the
 * extensionDevelopmentPath / extensionTestsPath / extensionEnvironment `payload` of its URL only
 * when the server runs with `enable-smoke-test-driver`; when the suite settles the workbench calls
 * `window.codeAutomationExit(code)`, which the page exposes. The suite's console output reaches the
 * page.
 */
export async function runExtensionTests(
  options: ExtensionTestOptions,
): Promise<ExtensionTestResult> {
  const home = mkdtempSync(join(tmpdir(), "cors-lint-e2e-"));
  const folder = join(home, "workspace");
  cpSync(options.workspace, folder, { recursive: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ home, args: ["--vscode-option", "enable-smoke-test-driver"] });
    browser = await launchBrowser(home);
    const page = await (await browser.newContext()).newPage();
    const output: string[] = [];
    page.on("console", (msg) => output.push(msg.text().replace(/^%c\s*INFO color: #33f\s*/, "")));
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction("codeAutomationExit", (code: number) => resolve(code));
    });
    const authority = new URL(server.url).host;
    const remote = (path: string): string => `vscode-remote://${authority}${path}`;
    const payload = [
      ["extensionDevelopmentPath", remote(options.extensionDevelopmentPath)],
      ["extensionTestsPath", remote(options.extensionTestsPath)],
      ["extensionEnvironment", JSON.stringify(options.extensionEnvironment ?? {})],
    ];
    const query =
      `folder=${encodeURIComponent(folder)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(`${server.url}?${query}`);
    const timeout = options.timeoutMs ?? 120_000;
    const code = await Promise.race([
      exitCode,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no result in ${timeout} ms`)), timeout).unref(),
      ),
    ]);
    return { exitCode: code, output };
  } catch (e) {
    mkdirSync(RESULTS, { recursive: true });
    if (server) cpSync(server.logFile, join(RESULTS, "extension-tests-code-server.log"));
    writeFileSync(join(RESULTS, "extension-tests-error.txt"), String(e));
    throw e;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
