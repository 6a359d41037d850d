import type { Finding, Fix, Notice, Severity } from "../../core/model";
import {
  countProblems,
  countsText,
  filesWithProblems,
  noticeName,
  Positions,
  reportedNotices,
  type FileResult,
  type RunResult,
} from "../report";

/** How the text report is rendered. */
export interface TextOptions {
  color: boolean;
}

type Paint = (s: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  severity: Record<Severity, Paint>;
}

const sgr =
  (open: number, close: number): Paint =>
  (s) =>
    `\x1b[${open}m${s}\x1b[${close}m`;
const plain: Paint = (s) => s;

function palette(color: boolean): Palette {
  if (!color)
    return {
      bold: plain,
      dim: plain,
      severity: { error: plain, warning: plain, info: plain, hint: plain },
    };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    severity: { error: sgr(31, 39), warning: sgr(33, 39), info: sgr(36, 39), hint: sgr(2, 22) },
  };
}

/** The human report: `path:line:col  severity  message  rule`, a code frame and fix hints per finding. */
export function formatText(result: RunResult, options: TextOptions): string {
  const p = palette(options.color);
  const blocks: string[] = [];
  for (const file of result.files) {
    const entries = fileEntries(file, result, p);
    if (entries.length) blocks.push(entries.join("\n\n"));
  }
  const out = blocks.length ? blocks.join("\n\n") + "\n\n" : "";
  return out + summary(result, p) + "\n";
}

function fileEntries(file: FileResult, result: RunResult, p: Palette): string[] {
  const pos = new Positions(file.text);
  const items: { offset: number; text: string }[] = [];
  for (const f of file.findings)
    items.push({ offset: f.span.start, text: findingEntry(file, f, pos, result, p) });
  for (const n of reportedNotices(file))
    items.push({ offset: n.span?.start ?? -1, text: noticeEntry(file, n, pos, p) });
  return items.sort((a, b) => a.offset - b.offset).map((i) => i.text);
}

function findingEntry(
  file: FileResult,
  f: Finding,
  pos: Positions,
  result: RunResult,
  p: Palette,
): string {
  const start = pos.at(f.span.start);
  const lines = [
    `${p.bold(`${file.display}:${start.line}:${start.column}`)}  ${p.severity[f.severity](f.severity)}  ${f.message}  ${p.dim(f.rule)}`,
  ];
  if (f.context.kind !== "production")
    lines.push(`  ${p.dim(`(${f.context.kind}: ${f.context.reason})`)}`);
  lines.push(...codeFrame(pos, f.span.start, f.span.end, p, p.severity[f.severity]));
  for (const fx of f.fixes) lines.push(`  ${fixHint(fx, result.unsafeFixes)}`);
  return lines.join("\n");
}

function noticeEntry(file: FileResult, n: Notice, pos: Positions, p: Palette): string {
  const where = n.span ? (({ line, column }) => `:${line}:${column}`)(pos.at(n.span.start)) : "";
  const lines = [
    `${p.bold(file.display + where)}  ${p.severity.warning("warning")}  ${n.message}  ${p.dim(noticeName(n))}`,
  ];
  if (n.span) lines.push(...codeFrame(pos, n.span.start, n.span.end, p, p.severity.warning));
  return lines.join("\n");
}

function fixHint(fx: Fix, unsafeEnabled: boolean): string {
  if (fx.applicability === "safe") return `fix: ${fx.title} (cors-lint --fix)`;
  if (fx.applicability === "unsafe") {
    return `unsafe fix: ${fx.title} (${unsafeEnabled ? "cors-lint --fix" : "cors-lint --fix --unsafe-fixes"})`;
  }
  return `suggestion: ${fx.title}`;
}

const WINDOW = 120;

/** The flagged line with a caret underline; long lines are cut to a window around the span. */
export function codeFrame(
  pos: Positions,
  startOffset: number,
  endOffset: number,
  p: Palette,
  mark: Paint,
): string[] {
  const start = pos.at(startOffset);
  const end = pos.at(endOffset);
  let line = pos.lineText(start.line);
  let from = start.column - 1;
  let to =
    end.line === start.line ? Math.max(end.column - 1, from + 1) : Math.max(line.length, from + 1);
  if (line.length > WINDOW) {
    const cut = Math.max(0, Math.min(from - 40, line.length - WINDOW));
    const head = cut > 0 ? "…" : "";
    const tail = cut + WINDOW < line.length ? "…" : "";
    line = head + line.slice(cut, cut + WINDOW) + tail;
    from = from - cut + head.length;
    to = Math.min(to - cut + head.length, line.length - tail.length);
    if (to <= from) to = from + 1;
  }
  const gutter = String(start.line);
  const pad = " ".repeat(gutter.length);
  const lead = line.slice(0, from).replace(/[^\t]/g, " ");
  return [
    `  ${p.dim(`${gutter} |`)} ${line}`,
    `  ${p.dim(`${pad} |`)} ${lead}${mark("^".repeat(Math.max(1, to - from)))}`,
  ];
}

function summary(result: RunResult, p: Palette): string {
  const counts = countProblems(result.files);
  const text = countsText(counts);
  const scanned = `${result.filesScanned} ${result.filesScanned === 1 ? "file" : "files"} scanned in ${(result.durationMs / 1000).toFixed(1)}s`;
  const lines: string[] = [];
  if (result.fixesApplied)
    lines.push(`Applied ${result.fixesApplied} ${result.fixesApplied === 1 ? "fix" : "fixes"}.`);
  if (text) {
    const n = filesWithProblems(result.files);
    const paint = counts.errors ? p.severity.error : counts.warnings ? p.severity.warning : plain;
    lines.push(`${paint(p.bold(text))} in ${n} ${n === 1 ? "file" : "files"} (${scanned})`);
  } else {
    lines.push(`No problems found (${scanned})`);
  }
  const unsafe = fixable(result, "unsafe");
  const safe = fixable(result, "safe") + (result.unsafeFixes ? unsafe : 0);
  if (safe) lines.push(`${safe} fixable with \`cors-lint --fix\``);
  if (unsafe && !result.unsafeFixes)
    lines.push(`${unsafe} more fixable with \`cors-lint --fix --unsafe-fixes\``);
  return lines.join("\n");
}

function fixable(result: RunResult, kind: "safe" | "unsafe"): number {
  let n = 0;
  for (const file of result.files) {
    for (const f of file.findings) {
      const safe = f.fixes.some((x) => x.applicability === "safe");
      if (kind === "safe" ? safe : !safe && f.fixes.some((x) => x.applicability === "unsafe")) n++;
    }
  }
  return n;
}
