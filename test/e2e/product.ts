import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { analyze, initEngine } from "../../server/src/core/analyze";
import { DEFAULT_CONFIG, parseConfig } from "../../server/src/core/config";
import { RULE_NAMES } from "../../server/src/core/rules";
import { walk } from "../../server/src/walk";
import { wasmSources } from "../../server/src/wasm-files";
import { packageVsix } from "./package-vsix";
import type { Locator, Page } from "./playwright-types";
import type { Problem } from "./problems-panel";
import { ROOT } from "./toolchain";
import type { Workbench } from "./workbench";

/** The sample workspace the product suites open (each suite opens its own copy). */
export const SAMPLES = join(ROOT, "samples");

let vsix: string | undefined;

/**
 * The real extension package: `vsce package` runs `vscode:prepublish` (the production build) and
 * packs the repository as a user installs it. Built once per mocha run, on first use.
 */
export function productVsix(): string {
  vsix ??= packageVsix(ROOT);
  return vsix;
}

/** A finding as the CLI's JSON report (format version 1) gives it. */
export interface EngineFinding {
  rule: string;
  severity: "error" | "warning" | "info" | "hint";
  message: string;
  /** Relative to the analysed folder, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: {
    title: string;
    applicability: string;
    /** `range` holds raw UTF-16 offsets into the file's text. */
    edits: { range: [number, number]; newText: string }[];
  }[];
}

/** A notice of the CLI's JSON report (an unused suppression or a syntax error). */
export interface EngineNotice {
  kind: string;
  severity: "warning";
  message: string;
  file: string;
  line?: number;
  column?: number;
}

/** What the engine reports for a folder, from `cors-lint <folder> --format json --exit-zero`. */
export interface EngineReport {
  findings: EngineFinding[];
  notices: EngineNotice[];
}

/** Runs the CLI (the same engine the language server uses) on a folder, from inside it. */
export function engineReport(folder: string): EngineReport {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin/cors-lint.js"), ".", "--format", "json", "--exit-zero"],
    { cwd: folder, encoding: "utf8", timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`cors-lint exited with ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as EngineReport;
}

/**
 * How many CORS configurations the engine finds in a folder (the Policies view lists each). The
 * CLI's report has no policies, so this walks the folder as the CLI does and calls the engine.
 */
export async function enginePolicyCount(folder: string): Promise<number> {
  await initEngine(wasmSources(join(ROOT, "server/out")));
  const configFile = join(folder, ".cors-lint.json");
  const config = existsSync(configFile)
    ? parseConfig(readFileSync(configFile, "utf8"), configFile, RULE_NAMES).config
    : DEFAULT_CONFIG;
  const { files } = walk([folder], { configIgnores: () => undefined });
  let count = 0;
  for (const path of files) {
    const relativePath = relative(folder, path).split("\\").join("/");
    count += analyze(readFileSync(path, "utf8"), path, { config, relativePath }).policies.length;
  }
  return count;
}

/** The folder README screenshots go to (`CORS_LINT_SCREENSHOTS=docs/images`), if any. */
const SHOTS = process.env.CORS_LINT_SCREENSHOTS;

/**
 * Saves a PNG of the part of the page that holds `parts` (their bounding box plus a margin; from
 * the left edge of `from` when given, e.g. the editor, so code lines start at the gutter) as
 * `<CORS_LINT_SCREENSHOTS>/<name>.png`; does nothing when the variable is unset, so ordinary runs
 * never rewrite the tracked images.
 */
export async function readmeShot(
  page: Page,
  name: string,
  parts: Locator[],
  from?: Locator,
): Promise<void> {
  if (!SHOTS) return;
  const boxes = [];
  for (const part of parts) {
    const box = await part.first().boundingBox();
    if (box) boxes.push(box);
  }
  if (boxes.length === 0) throw new Error(`screenshot ${name}: nothing to show`);
  const margin = 8;
  const left = from ? await from.first().boundingBox() : null;
  const x = Math.max(0, left?.x ?? Math.min(...boxes.map((b) => b.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
  const dir = join(ROOT, SHOTS);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({
    path: join(dir, `${name}.png`),
    clip: { x, y, width: right - x, height: bottom - y },
  });
}

/** One entry of the Problems panel, reduced to what the engine also knows. */
export interface PanelEntry {
  /** `relative/path.py:line:column`, 1-based as the panel shows it. */
  where: string;
  severity: string;
  code: string;
  /** The engine's message; the panel's may go on (e.g. with the finding's context). */
  message: string;
}

const byWhere = (a: PanelEntry, b: PanelEntry): number =>
  a.where.localeCompare(b.where) || a.code.localeCompare(b.code);

/**
 * What the Problems panel must list for an engine report: every finding but hints (the panel does
 * not list hints) and the unused suppressions (faded warnings), sorted.
 */
export function expectedPanel(report: EngineReport): PanelEntry[] {
  const findings = report.findings
    .filter((f) => f.severity !== "hint")
    .map((f) => ({
      where: `${f.file}:${f.line}:${f.column}`,
      severity: f.severity,
      code: f.rule,
      message: f.message,
    }));
  const notices = report.notices
    .filter((n) => n.kind === "unused-suppression")
    .map((n) => ({
      where: `${n.file}:${n.line}:${n.column}`,
      severity: "warning",
      code: n.kind,
      message: n.message,
    }));
  return [...findings, ...notices].sort(byWhere);
}

/**
 * The panel's cors-lint entries in the same shape, sorted; a panel message that starts with the
 * engine's message (of the same place and rule) counts as that message.
 */
export function actualPanel(
  problems: Problem[],
  folder: string,
  expected: PanelEntry[],
): PanelEntry[] {
  return problems
    .filter((p) => p.source === "cors-lint")
    .map((p) => {
      const where = `${relative(folder, p.path)}:${p.line}:${p.column}`;
      const twin = expected.find(
        (e) => e.where === where && e.code === p.code && p.message.startsWith(e.message),
      );
      return { where, severity: p.severity, code: p.code, message: twin?.message ?? p.message };
    })
    .sort(byWhere);
}

/**
 * Waits until the Problems panel lists exactly what the engine reports for the workspace folder
 * now (re-running the CLI on the files as they are on disk), and returns that list.
 */
export async function panelMatchesEngine(
  workbench: Workbench,
  folder: string,
  timeoutMs = 30_000,
): Promise<PanelEntry[]> {
  const expected = expectedPanel(engineReport(folder));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const actual = actualPanel(
      await workbench.waitForProblemCount(expected.length),
      folder,
      expected,
    );
    // The count can match while a row is still being replaced: read again until the deadline.
    if (isDeepStrictEqual(actual, expected) || Date.now() > deadline) {
      assert.deepEqual(actual, expected);
      return expected;
    }
  }
}

/** The user settings of the product suites: no TypeScript/JavaScript diagnostics of VS Code's own. */
export const PRODUCT_SETTINGS = {
  "typescript.validate.enable": false,
  "javascript.validate.enable": false,
};
