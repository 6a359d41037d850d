import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type CodeServer, installExtension, startCodeServer, type Trust } from "./code-server";
import type { Browser, Page } from "./playwright-types";
import { playwright, RESULTS, toolchain } from "./toolchain";
import { Workbench } from "./workbench";

/** What to open: a copy of `workspace`, with the extensions of `vsix` installed. */
export interface EditorOptions {
  /** A folder to copy; the editor opens the copy, so tests may edit files freely. */
  workspace: string;
  /** .vsix files to install into the throwaway extensions folder before the editor starts. */
  vsix?: string[];
  trust?: Trust;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

/** A real VS Code (code-server) in a headless chromium, on a throwaway copy of a workspace. */
export interface EditorSession {
  workbench: Workbench;
  page: Page;
  /** The copied workspace folder (absolute). */
  folder: string;
  /** Reads a workspace file from disk. */
  read(relPath: string): string;
  /**
   * Waits until a workspace file's text on disk matches, and returns it (an editor saves
   * asynchronously).
   */
  waitForFile(relPath: string, expected: RegExp, timeoutMs?: number): Promise<string>;
  /** Writes a workspace file on disk (the editor sees it through its file watcher). */
  write(relPath: string, text: string): void;
  /** Saves a screenshot to test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Copies code-server's log (server, extension host launches) to test-results/<name>.log. */
  saveLog(name: string): string;
  /** Closes the browser, stops code-server's process group and deletes the throwaway folders. */
  close(): Promise<void>;
}

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Debian's chromium headless through playwright-core; `home` is a throwaway folder. */
export async function launchBrowser(home: string): Promise<Browser> {
  // playwright gives every launch a fresh temporary --user-data-dir and deletes it on close; the
  // XDG folders keep chromium's crash reports and caches out of the user's home too.
  const xdg = join(home, "chromium-xdg");
  return playwright().chromium.launch({
    executablePath: toolchain().chromium,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
    timeout: 60_000,
  });
}

/**
 * Re-reads the file every 100 ms until its text matches (a condition wait; the deadline is the only
 * timer).
 */
function waitForFile(path: string, expected: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const text = existsSync(path) ? readFileSync(path, "utf8") : "";
      if (!expected.test(text)) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(text);
    };
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => {
      clearInterval(poll);
      const text = existsSync(path) ? readFileSync(path, "utf8") : "(missing)";
      reject(new Error(`${path} did not match ${expected} in ${timeoutMs} ms; it holds:\n${text}`));
    }, timeoutMs);
    check();
  });
}

function resultPath(name: string, ext: string): string {
  mkdirSync(RESULTS, { recursive: true });
  return join(RESULTS, `${name.replace(/[^\w.-]+/g, "-")}.${ext}`);
}

async function screenshot(page: Page, name: string): Promise<string> {
  const path = resultPath(name, "png");
  await page.screenshot({ path });
  return path;
}

function saveLog(logFile: string | undefined, name: string): string {
  const path = resultPath(name, "log");
  if (logFile && existsSync(logFile)) copyFileSync(logFile, path);
  return path;
}

/**
 * Starts code-server on a copy of the workspace and opens it in chromium; waits for the workbench.
 */
export async function openEditor(options: EditorOptions): Promise<EditorSession> {
  const home = mkdtempSync(join(tmpdir(), "cors-lint-e2e-"));
  const folder = join(home, "workspace");
  cpSync(options.workspace, folder, { recursive: true });
  for (const vsix of options.vsix ?? []) installExtension(home, vsix);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    server = await startCodeServer({ home, trust: options.trust, settings: options.settings });
    browser = await launchBrowser(home);
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const opened = await context.newPage();
    page = opened;
    await opened.goto(`${server.url}?folder=${encodeURIComponent(folder)}`);
    const workbench = new Workbench(opened, folder);
    await workbench.ready();
    return {
      workbench,
      page: opened,
      folder,
      read: (rel) => readFileSync(join(folder, rel), "utf8"),
      waitForFile: (rel, expected, timeoutMs) =>
        waitForFile(join(folder, rel), expected, timeoutMs),
      write: (rel, text) => {
        mkdirSync(dirname(join(folder, rel)), { recursive: true });
        writeFileSync(join(folder, rel), text);
      },
      screenshot: (name) => screenshot(opened, name),
      saveLog: (name) => saveLog(server?.logFile, name),
      close,
    };
  } catch (e) {
    if (page) await screenshot(page, "open-editor-failure").catch(() => undefined);
    saveLog(server?.logFile, "open-editor-failure");
    await close();
    throw e;
  }
}

/**
 * Mocha wiring for a suite that shares one editor: opens it before the suite, saves a screenshot
 * (and code-server's log) for every failed test under test-results/, closes it after. Returns a
 * getter.
 */
export function useEditor(options: EditorOptions | (() => EditorOptions)): () => EditorSession {
  let session: EditorSession | undefined;
  before(async function () {
    this.timeout(240_000);
    session = await openEditor(typeof options === "function" ? options() : options);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === "failed" && session) {
      const path = await session.screenshot(test.fullTitle()).catch((e: Error) => e.message);
      console.log(
        `    screenshot: ${path}\n    code-server log: ${session.saveLog(test.fullTitle())}`,
      );
    }
  });
  after(async function () {
    this.timeout(60_000);
    await session?.close();
  });
  return () => {
    if (!session) throw new Error("the editor is not open (its before() hook failed)");
    return session;
  };
}
