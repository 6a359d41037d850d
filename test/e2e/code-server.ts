import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toolchain } from "./toolchain";

/**
 * How the workspace is trusted: `untrusted` opens it in Restricted Mode without the trust prompt.
 */
export type Trust = "trusted" | "untrusted";

/** Options for one code-server instance. */
export interface CodeServerOptions {
  /** Throwaway folder for user data, extensions and logs; deleted by the caller. */
  home: string;
  trust?: Trust;
  /** User settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** More code-server arguments, e.g. `--vscode-option`, `enable-smoke-test-driver`. */
  args?: string[];
}

/** A running code-server: its URL and how to stop it. */
export interface CodeServer {
  url: string;
  /** code-server's stdout and stderr. */
  logFile: string;
  stop(): Promise<void>;
}

const QUIET_SETTINGS = {
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "workbench.startupEditor": "none",
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "git.autoRepositoryDetection": false,
  "editor.hover.delay": 100,
  "files.autoSave": "off",
  "workbench.tree.enableStickyScroll": false,
};

function dirs(home: string): { userData: string; extensions: string } {
  return { userData: join(home, "user-data"), extensions: join(home, "extensions") };
}

/**
 * code-server keeps its config.yaml and state under the XDG folders: point them into the throwaway
 * home.
 */
function env(home: string): NodeJS.ProcessEnv {
  const xdg = join(home, "xdg");
  return {
    ...process.env,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    // No extension gallery: nothing may reach the network (code-server defaults to Open VSX).
    EXTENSIONS_GALLERY: "{}",
    PASSWORD: undefined,
    HASHED_PASSWORD: undefined,
    VSCODE_PROXY_URI: undefined,
  };
}

function baseArgs(home: string): string[] {
  const d = dirs(home);
  return ["--user-data-dir", d.userData, "--extensions-dir", d.extensions];
}

/**
 * Installs a .vsix into the instance's throwaway extensions folder (`code-server
 * --install-extension`).
 */
export function installExtension(home: string, vsix: string): void {
  const tc = toolchain();
  const r = spawnSync(
    tc.node,
    [tc.codeServer, ...baseArgs(home), "--force", "--install-extension", vsix],
    { encoding: "utf8", timeout: 120_000, env: env(home) },
  );
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
    throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
}

function writeSettings(home: string, options: CodeServerOptions): void {
  const user = join(dirs(home).userData, "User");
  mkdirSync(user, { recursive: true });
  const trust =
    options.trust === "untrusted"
      ? {
          "security.workspace.trust.enabled": true,
          "security.workspace.trust.startupPrompt": "never",
        }
      : { "security.workspace.trust.enabled": false };
  const settings = { ...QUIET_SETTINGS, ...trust, ...options.settings };
  writeFileSync(join(user, "settings.json"), JSON.stringify(settings, null, 2));
}

/** Resolves with the URL code-server prints once it listens; rejects if it exits first. */
function listening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`code-server did not listen in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/`);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${seen}`));
    });
  });
}

/** Ends the whole process group (code-server, the VS Code server, extension host, pty host). */
function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  const pid = child.pid;
  return new Promise((resolve) => {
    const force = setTimeout(() => signalGroup(pid, "SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      // Children that outlived their parent still belong to the group.
      signalGroup(pid, "SIGKILL");
      resolve();
    });
    signalGroup(pid, "SIGTERM");
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Starts code-server on 127.0.0.1 with a port the OS picks, auth off, telemetry and update checks
 * off.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const tc = toolchain();
  writeSettings(options.home, options);
  const args = [
    tc.codeServer,
    ...baseArgs(options.home),
    "--bind-addr",
    "127.0.0.1:0",
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--disable-proxy",
    "--ignore-last-opened",
    ...(options.args ?? []),
  ];
  const logFile = join(options.home, "code-server.log");
  const child = spawn(tc.node, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: env(options.home),
  });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  try {
    const url = await listening(child, 60_000);
    return { url, logFile, stop: () => killGroup(child) };
  } catch (e) {
    await killGroup(child);
    throw e;
  }
}
