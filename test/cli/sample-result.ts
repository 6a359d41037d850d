import type { Finding } from "../../server/src/core/model";
import type { RunResult } from "../../server/src/cli/report";

/** A production wildcard, a development one, an unused suppression and a safe fix. */
export const APP = `import os
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"])
if os.getenv("ENVIRONMENT") == "development":
    app.add_middleware(CORSMiddleware, allow_origins=["*"])
# cors-lint-disable-next-line null-origin
app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])
`;

function span(text: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = APP.indexOf(text, at + 1);
  return { start: at, end: at + text.length };
}

const WILDCARD = 'Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".';

function finding(
  partial: Partial<Finding> & Pick<Finding, "rule" | "messageId" | "message" | "span">,
): Finding {
  return {
    severity: "warning",
    framework: "starlette",
    context: { kind: "production", reason: "no development or test guard around it" },
    fixes: [],
    related: [],
    fingerprint: `fp-${partial.rule}`,
    ...partial,
  };
}

/**
 * A run result built by hand, so formatter snapshots do not move when rules change their wording;
 * the end-to-end tests check that real runs produce the same shapes.
 */
export function sampleResult(cwd: string): RunResult {
  const star = span('"*"');
  const slash = span('"https://a.example.com/"');
  const findings: Finding[] = [
    finding({
      rule: "wildcard-origin",
      messageId: "star",
      message: WILDCARD,
      span: star,
      fixes: [
        {
          kind: "restrict-origins",
          title: "Replace the wildcard with https://shop.example.com",
          applicability: "unsafe",
          edits: [{ ...star, newText: '"https://shop.example.com"' }],
        },
      ],
    }),
    finding({
      rule: "wildcard-origin",
      messageId: "star",
      severity: "info",
      message: WILDCARD,
      span: span('"*"', 1),
      context: {
        kind: "development",
        reason: `inside 'os.getenv("ENVIRONMENT") == "development"', a development check`,
      },
      fixes: [
        {
          kind: "restrict-origins",
          title: "Replace the wildcard with an explicit origin list",
          applicability: "suggestion",
          edits: [],
        },
      ],
    }),
    finding({
      rule: "unmatchable-origin",
      messageId: "trailing-slash",
      message:
        'Origin "https://a.example.com/" never matches: browsers send origins without a trailing slash.',
      span: slash,
      fixes: [
        {
          kind: "normalise-origin",
          title: "Remove the trailing slash",
          applicability: "safe",
          edits: [{ start: slash.end - 2, end: slash.end - 1, newText: "" }],
        },
      ],
    }),
  ];
  const comment = span("# cors-lint-disable-next-line null-origin");
  return {
    cwd,
    srcRoot: cwd,
    version: "0.1.0",
    files: [
      {
        path: `${cwd}/api/app.py`,
        display: "api/app.py",
        text: APP,
        language: "python",
        findings,
        suppressed: [],
        notices: [
          {
            kind: "unused-suppression",
            message: "Unused suppression: no null-origin finding on the next line",
            span: comment,
          },
          { kind: "syntax", message: "The file has syntax errors; findings may be incomplete" },
        ],
        fixesApplied: 0,
      },
    ],
    filesScanned: 120,
    durationMs: 412,
    fixesApplied: 0,
    notes: [],
    unsafeFixes: false,
  };
}
