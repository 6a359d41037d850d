import { relative, sep } from "node:path";
import type { Severity } from "../../core/model";
import { noticeName, Positions, reportedNotices, type RunResult } from "../report";

const COMMAND: Record<Severity, string> = {
  error: "error",
  warning: "warning",
  info: "notice",
  hint: "notice",
};

/** Escapes a workflow command's message (data). */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value. */
function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands: one `::error file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message`
 * per finding (info and hint become `::notice`), so findings show as annotations on the pull request.
 */
export function formatGithub(result: RunResult): string {
  const out: string[] = [];
  for (const file of result.files) {
    const pos = new Positions(file.text);
    // Annotations need paths relative to the repository root, wherever the CLI was started.
    const path = relative(result.srcRoot, file.path).split(sep).join("/");
    for (const f of file.findings) {
      const s = pos.at(f.span.start);
      const e = pos.at(f.span.end);
      const where = `file=${property(path)},line=${s.line},col=${s.column},endLine=${e.line},endColumn=${e.column}`;
      const context =
        f.context.kind === "production" ? "" : ` (${f.context.kind}: ${f.context.reason})`;
      out.push(
        `::${COMMAND[f.severity]} ${where},title=${property(`cors-lint (${f.rule})`)}::${data(f.message + context)}`,
      );
    }
    for (const n of reportedNotices(file)) {
      const s = n.span ? pos.at(n.span.start) : undefined;
      const where = s ? `,line=${s.line},col=${s.column}` : "";
      out.push(
        `::warning file=${property(path)}${where},title=${property(`cors-lint (${noticeName(n)})`)}::${data(n.message)}`,
      );
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}
