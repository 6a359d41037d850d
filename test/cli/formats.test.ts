import assert from "node:assert/strict";
import { formatGithub } from "../../server/src/cli/formats/github";
import { buildJson } from "../../server/src/cli/formats/json";
import { formatText } from "../../server/src/cli/formats/text";
import { useColor } from "../../server/src/cli/run";
import { cleanup, cli, project, WILDCARD_APP } from "./helpers";
import { APP, sampleResult } from "./sample-result";

const TEXT = `api/app.py  warning  The file has syntax errors; findings may be incomplete  syntax-error

api/app.py:5:51  warning  Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".  wildcard-origin
  5 | app.add_middleware(CORSMiddleware, allow_origins=["*"])
    |                                                   ^^^
  unsafe fix: Replace the wildcard with https://shop.example.com (cors-lint --fix --unsafe-fixes)

api/app.py:7:55  info  Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".  wildcard-origin
  (development: inside 'os.getenv("ENVIRONMENT") == "development"', a development check)
  7 |     app.add_middleware(CORSMiddleware, allow_origins=["*"])
    |                                                       ^^^
  suggestion: Replace the wildcard with an explicit origin list

api/app.py:8:1  warning  Unused suppression: no null-origin finding on the next line  unused-suppression
  8 | # cors-lint-disable-next-line null-origin
    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

api/app.py:9:51  warning  Origin "https://a.example.com/" never matches: browsers send origins without a trailing slash.  unmatchable-origin
  9 | app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])
    |                                                   ^^^^^^^^^^^^^^^^^^^^^^^^
  fix: Remove the trailing slash (cors-lint --fix)

4 warnings, 1 info in 1 file (120 files scanned in 0.4s)
1 fixable with \`cors-lint --fix\`
1 more fixable with \`cors-lint --fix --unsafe-fixes\`
`;

const strip = (s: string): string => s.replace(/\x1b\[\d+m/g, "");

describe("cli: output formats", () => {
  after(cleanup);

  it("text: grouped per file, code frames, context, fix hints and a summary", () => {
    assert.equal(formatText(sampleResult("/w"), { color: false }), TEXT);
  });

  it("text: colour paints severities and leaves the same text underneath", () => {
    const colored = formatText(sampleResult("/w"), { color: true });
    assert.ok(colored.includes("\x1b[33mwarning\x1b[39m"));
    assert.ok(colored.includes("\x1b[36minfo\x1b[39m"));
    assert.equal(strip(colored), TEXT);
  });

  it("text: long lines are cut to a window around the finding", () => {
    const result = sampleResult("/w");
    const pad = "x = 1; ".repeat(40);
    const file = result.files[0];
    const text = pad + 'app.add_middleware(CORSMiddleware, allow_origins=["*"]); ' + pad + "\n";
    const at = text.indexOf('"*"');
    result.files[0] = {
      ...file,
      text,
      notices: [],
      findings: [{ ...file.findings[0], span: { start: at, end: at + 3 }, fixes: [] }],
    };
    const frame = formatText(result, { color: false }).split("\n").slice(1, 3);
    assert.deepEqual(frame, [
      `  1 | …${text.slice(at - 40, at - 40 + 120)}…`,
      `    |  ${" ".repeat(40)}^^^`,
    ]);
  });

  it("the CLI prints colour only on a terminal, or when forced", async () => {
    const dir = project({ "app.py": WILDCARD_APP });
    const plain = (await cli([], dir)).stdout;
    assert.doesNotMatch(plain, /\x1b\[/);
    for (const [argv, extra] of [
      [[], { tty: true }],
      [["--color"], {}],
      [[], { env: { FORCE_COLOR: "1" } }],
    ] as const) {
      const out = (await cli([...argv], dir, extra)).stdout;
      assert.match(out, /\x1b\[33mwarning\x1b\[39m/);
      assert.equal(strip(out), plain);
    }
    assert.equal((await cli([], dir, { tty: true, env: { NO_COLOR: "1" } })).stdout, plain);
    assert.equal((await cli(["--no-color"], dir, { tty: true })).stdout, plain);
  });

  it("colour precedence: flags, then NO_COLOR, then FORCE_COLOR, then the terminal", () => {
    const cases: [boolean | undefined, Record<string, string>, boolean, boolean][] = [
      [undefined, {}, true, true],
      [undefined, {}, false, false],
      [undefined, { NO_COLOR: "1" }, true, false],
      [undefined, { FORCE_COLOR: "1" }, false, true],
      [undefined, { FORCE_COLOR: "0" }, true, false],
      [true, { NO_COLOR: "1" }, false, true],
      [false, { FORCE_COLOR: "1" }, true, false],
    ];
    for (const [color, env, isTTY, expected] of cases) {
      assert.equal(
        useColor({ color }, { env, stdout: { write: () => 0, isTTY } }),
        expected,
        JSON.stringify([color, env, isTTY]),
      );
    }
  });

  it("json: the version 1 contract", () => {
    const report = buildJson(sampleResult("/w"));
    const star = APP.indexOf('"*"');
    assert.deepEqual(Object.keys(report), ["version", "findings", "notices", "summary"]);
    assert.deepEqual(report.findings[0], {
      rule: "wildcard-origin",
      severity: "warning",
      message: 'Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".',
      file: "api/app.py",
      line: 5,
      column: 51,
      endLine: 5,
      endColumn: 54,
      context: { kind: "production", reason: "no development or test guard around it" },
      framework: "starlette",
      fixes: [
        {
          title: "Replace the wildcard with https://shop.example.com",
          applicability: "unsafe",
          edits: [
            {
              start: { line: 5, column: 51 },
              end: { line: 5, column: 54 },
              range: [star, star + 3],
              newText: '"https://shop.example.com"',
            },
          ],
        },
      ],
    });
    assert.deepEqual(report.notices, [
      {
        kind: "unused-suppression",
        severity: "warning",
        message: "Unused suppression: no null-origin finding on the next line",
        file: "api/app.py",
        line: 8,
        column: 1,
        endLine: 8,
        endColumn: 42,
      },
      {
        kind: "syntax-error",
        severity: "warning",
        message: "The file has syntax errors; findings may be incomplete",
        file: "api/app.py",
      },
    ]);
    assert.deepEqual(report.summary, {
      errors: 0,
      warnings: 4,
      infos: 1,
      hints: 0,
      filesScanned: 120,
      filesWithFindings: 1,
      filesSkipped: 0,
      durationMs: 412,
      fixesApplied: 0,
    });
  });

  it("json: a real run has the contract shape; columns count UTF-16 code units", async () => {
    const app = `from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["😀", "*"])\n`;
    const report = JSON.parse((await cli(["--format", "json"], project({ "app.py": app }))).stdout);
    const f = report.findings.find((x: { rule: string }) => x.rule === "wildcard-origin");
    assert.deepEqual(Object.keys(f), [
      "rule",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "context",
      "framework",
      "fixes",
    ]);
    assert.deepEqual(
      [f.file, f.line, f.column, f.endLine, f.endColumn, f.framework],
      ["app.py", 2, 57, 2, 60, "starlette"],
    );
    for (const fx of f.fixes) {
      assert.deepEqual(Object.keys(fx), ["title", "applicability", "edits"]);
      for (const e of fx.edits)
        assert.deepEqual(Object.keys(e), ["start", "end", "range", "newText"]);
    }
  });

  it("github: workflow commands with escaped properties and messages", () => {
    const result = sampleResult("/w");
    result.files[0] = { ...result.files[0], path: "/w/api/a,b:c.py" };
    assert.equal(
      formatGithub(result),
      [
        '::warning file=api/a%2Cb%3Ac.py,line=5,col=51,endLine=5,endColumn=54,title=cors-lint (wildcard-origin)::Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*".',
        '::notice file=api/a%2Cb%3Ac.py,line=7,col=55,endLine=7,endColumn=58,title=cors-lint (wildcard-origin)::Any origin may read responses: Starlette/FastAPI CORSMiddleware allows "*". (development: inside \'os.getenv("ENVIRONMENT") == "development"\', a development check)',
        '::warning file=api/a%2Cb%3Ac.py,line=9,col=51,endLine=9,endColumn=75,title=cors-lint (unmatchable-origin)::Origin "https://a.example.com/" never matches: browsers send origins without a trailing slash.',
        "::warning file=api/a%2Cb%3Ac.py,line=8,col=1,title=cors-lint (unused-suppression)::Unused suppression: no null-origin finding on the next line",
        "::warning file=api/a%2Cb%3Ac.py,title=cors-lint (syntax-error)::The file has syntax errors; findings may be incomplete",
        "",
      ].join("\n"),
    );
  });

  it("syntax errors are reported as warnings that count for --max-warnings", async () => {
    const broken = `from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"]\n`;
    const r = await cli(["--max-warnings", "0"], project({ "broken.py": broken }));
    assert.match(
      r.stdout,
      /^broken\.py {2}warning {2}The file has syntax errors.* {2}syntax-error\n/,
    );
    assert.equal(r.code, 1);
  });
});
