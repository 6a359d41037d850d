import assert from 'node:assert/strict';
import { useColor } from '../../server/src/cli/run';
import { cleanup, cli, project } from './helpers';

/** A production wildcard, a development one, a suppressed one, an unused suppression and a safe fix. */
const APP = `import os
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"])
if os.getenv("ENVIRONMENT") == "development":
    app.add_middleware(CORSMiddleware, allow_origins=["*"])
# cors-lint-disable-next-line wildcard-origin -- public read-only API
app.add_middleware(CORSMiddleware, allow_origins=["*"])
# cors-lint-disable-next-line null-origin
app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])
`;

const TEXT = `app.py:5:51  warning  Any origin may read responses: Starlette/FastAPI CORSMiddleware allows \`*\`.  wildcard-origin
  5 | app.add_middleware(CORSMiddleware, allow_origins=["*"])
    |                                                   ^^^
  suggestion: Replace the wildcard with an explicit origin list

app.py:7:55  info  Any origin may read responses: Starlette/FastAPI CORSMiddleware allows \`*\`.  wildcard-origin
  (development: inside \`os.getenv("ENVIRONMENT") == "development"\`, a development check)
  7 |     app.add_middleware(CORSMiddleware, allow_origins=["*"])
    |                                                       ^^^
  suggestion: Replace the wildcard with an explicit origin list

app.py:10:1  warning  Unused suppression: no null-origin finding on the next line  unused-suppression
  10 | # cors-lint-disable-next-line null-origin
     | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

app.py:11:51  warning  Origin \`https://a.example.com/\` never matches: browsers send origins without a trailing slash (https://a.example.com).  unmatchable-origin
  11 | app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/"])
     |                                                   ^^^^^^^^^^^^^^^^^^^^^^^^
  fix: Remove the trailing slash (cors-lint --fix)

3 warnings, 1 info in 1 file (2 files scanned in 0.0s)
1 fixable with \`cors-lint --fix\`
`;

const FILES = { 'app.py': APP, 'clean.py': 'print("no cors here")\n' };

describe('cli: output formats', () => {
  after(cleanup);

  it('text: findings grouped per file with code frames, context and fix hints; no colour off a terminal', async () => {
    const r = await cli([], project(FILES));
    assert.equal(r.stdout, TEXT);
    assert.equal(r.code, 0);
    assert.equal((await cli([], project(FILES), { tty: true, env: { NO_COLOR: '1' } })).stdout, TEXT);
  });

  it('text: colour on a terminal and with --color; the same text underneath', async () => {
    for (const extra of [{ tty: true }, { env: { FORCE_COLOR: '1' } }]) {
      const colored = (await cli([], project(FILES), extra)).stdout;
      assert.ok(colored.includes('\x1b[33mwarning\x1b[39m'));
      assert.equal(colored.replace(/\x1b\[\d+m/g, ''), TEXT);
    }
    const forced = (await cli(['--color'], project(FILES))).stdout;
    assert.ok(forced.includes('\x1b[36minfo\x1b[39m'));
    assert.equal((await cli(['--no-color'], project(FILES), { tty: true })).stdout, TEXT);
  });

  it('colour precedence: flags, then NO_COLOR, then FORCE_COLOR, then the terminal', () => {
    const cases: [boolean | undefined, Record<string, string>, boolean, boolean][] = [
      [undefined, {}, true, true],
      [undefined, {}, false, false],
      [undefined, { NO_COLOR: '1' }, true, false],
      [undefined, { FORCE_COLOR: '1' }, false, true],
      [undefined, { FORCE_COLOR: '0' }, true, false],
      [true, { NO_COLOR: '1' }, false, true],
      [false, { FORCE_COLOR: '1' }, true, false],
    ];
    for (const [color, env, isTTY, expected] of cases) {
      assert.equal(useColor({ color }, { env, stdout: { write: () => 0, isTTY } }), expected, JSON.stringify([color, env, isTTY]));
    }
  });

  it('json: the version 1 contract', async () => {
    const r = await cli(['--format', 'json'], project(FILES));
    const report = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(report), ['version', 'findings', 'notices', 'summary']);
    assert.equal(report.version, 1);
    assert.deepEqual(report.findings[0], {
      rule: 'wildcard-origin',
      severity: 'warning',
      message: 'Any origin may read responses: Starlette/FastAPI CORSMiddleware allows `*`.',
      file: 'app.py',
      line: 5,
      column: 51,
      endLine: 5,
      endColumn: 54,
      context: { kind: 'production', reason: 'no development or test guard around it' },
      framework: 'starlette',
      fixes: [
        {
          title: 'Replace the wildcard with an explicit origin list',
          applicability: 'suggestion',
          edits: [
            {
              start: { line: 5, column: 51 },
              end: { line: 5, column: 54 },
              range: [APP.indexOf('"*"'), APP.indexOf('"*"') + 3],
              newText: '"https://app.example.com"',
            },
          ],
        },
      ],
    });
    assert.deepEqual(
      report.findings.map((f: { rule: string; severity: string; context: { kind: string } }) => [f.rule, f.severity, f.context.kind]),
      [
        ['wildcard-origin', 'warning', 'production'],
        ['wildcard-origin', 'info', 'development'],
        ['unmatchable-origin', 'warning', 'production'],
      ],
    );
    assert.deepEqual(report.notices, [
      {
        kind: 'unused-suppression',
        severity: 'warning',
        message: 'Unused suppression: no null-origin finding on the next line',
        file: 'app.py',
        line: 10,
        column: 1,
        endLine: 10,
        endColumn: 42,
      },
    ]);
    assert.deepEqual(report.summary, {
      errors: 0,
      warnings: 3,
      infos: 1,
      hints: 0,
      filesScanned: 2,
      filesWithFindings: 1,
      filesSkipped: 0,
      durationMs: 0,
      fixesApplied: 0,
    });
  });

  it('json: columns count UTF-16 code units', async () => {
    const app = `from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["😀", "*"])\n`;
    const report = JSON.parse((await cli(['--format', 'json'], project({ 'app.py': app }))).stdout);
    const f = report.findings.find((x: { rule: string }) => x.rule === 'wildcard-origin');
    assert.deepEqual([f.line, f.column, f.endColumn], [2, 57, 60]);
  });

  it('github: workflow commands with escaped properties and messages', async () => {
    const r = await cli(['--format', 'github'], project({ 'a,b:c.py': APP }));
    assert.equal(
      r.stdout.split('\n')[0],
      '::warning file=a%2Cb%3Ac.py,line=5,col=51,endLine=5,endColumn=54,title=cors-lint (wildcard-origin)::Any origin may read responses: Starlette/FastAPI CORSMiddleware allows `*`.',
    );
    assert.equal(
      r.stdout.split('\n')[1],
      '::notice file=a%2Cb%3Ac.py,line=7,col=55,endLine=7,endColumn=58,title=cors-lint (wildcard-origin)::Any origin may read responses: Starlette/FastAPI CORSMiddleware allows `*`. (development: inside `os.getenv("ENVIRONMENT") == "development"`, a development check)',
    );
    assert.ok(r.stdout.includes('::warning file=a%2Cb%3Ac.py,line=10,col=1,title=cors-lint (unused-suppression)::Unused suppression'));
  });

  it('syntax errors are reported as warnings that count for --max-warnings', async () => {
    const broken = `from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"]\n`;
    const r = await cli(['--max-warnings', '0'], project({ 'broken.py': broken }));
    assert.equal(
      r.stdout,
      'broken.py  warning  The file has syntax errors (unclosed brackets were closed to read it); findings may be incomplete  syntax-error\n\n' +
        '1 warning in 1 file (1 file scanned in 0.0s)\n',
    );
    assert.equal(r.code, 1);
  });
});
