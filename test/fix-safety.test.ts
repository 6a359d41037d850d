import assert from "node:assert/strict";
import { bulkApplicable, bulkFixes } from "../server/src/core/apply-fixes";
import { literalAt, replaceString } from "../server/src/core/fixes";
import { ruleTable } from "./helpers/rule-table";
import { applyEdits, run } from "./helpers/analyze";

/**
 * Fixes never rewrite what they did not read: values glued from several literals, transformed
 * values and escapes that do not round-trip are left alone; a missing comma between two origins
 * (Python's implicit concatenation) is reported and its fix inserts the comma.
 */
const IMPORT = "from fastapi.middleware.cors import CORSMiddleware\n";
const fa = (args: string) => `${IMPORT}app.add_middleware(CORSMiddleware, ${args})\n`;
const multiline = (...items: string[]) =>
  `${IMPORT}app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\n${items.map((i) => `        ${i}\n`).join("")}    ],\n)\n`;

ruleTable("unmatchable-origin", {
  valid: [
    // Deliberate concatenation that makes one well-formed origin.
    { code: fa('allow_origins=["https://" "app.acme.io"]') },
    { code: fa('allow_origins=["https://app." + "acme.io"]') },
  ],
  invalid: [
    {
      // The reported data loss: a missing comma glued two origins into one.
      code: multiline('"https://x-git-main-acme.vercel.app"', '"http://localhost:3000",'),
      errors: [
        {
          text: '"https://x-git-main-acme.vercel.app"\n        "http://localhost:3000"',
          message:
            'Origins "https://x-git-main-acme.vercel.app" and "http://localhost:3000" are glued into one string: a comma is missing between the literals, so Python joins them and none of them matches.',
          severity: "warning",
          fixes: [
            {
              title: "Insert the missing comma",
              applicability: "safe",
              output: multiline(
                '"https://x-git-main-acme.vercel.app",',
                '"http://localhost:3000",',
              ),
            },
          ],
        },
      ],
    },
    {
      code: fa(
        'allow_origins=("https://a.acme.io" "https://b.acme.io" "https://c.acme.io", "https://d.acme.io")',
      ),
      errors: [
        {
          text: '"https://a.acme.io" "https://b.acme.io" "https://c.acme.io"',
          message:
            'Origins "https://a.acme.io", "https://b.acme.io" and "https://c.acme.io" are glued into one string: a comma is missing between the literals, so Python joins them and none of them matches.',
          severity: "warning",
          fixes: [
            {
              title: "Insert the missing comma",
              applicability: "safe",
              output: fa(
                'allow_origins=("https://a.acme.io", "https://b.acme.io", "https://c.acme.io", "https://d.acme.io")',
              ),
            },
          ],
        },
      ],
    },
    {
      // A piece that continues the previous one (a path) joins it; a new scheme starts an origin.
      code: fa(
        'allow_origins=["https://a.acme.io" "/app" "https://b.acme.io", "https://c.acme.io"]',
      ),
      errors: [
        {
          text: '"https://a.acme.io" "/app" "https://b.acme.io"',
          message:
            'Origins "https://a.acme.io/app" and "https://b.acme.io" are glued into one string: a comma is missing between the literals, so Python joins them and none of them matches.',
          severity: "warning",
          fixes: [
            {
              title: "Insert the missing comma",
              applicability: "safe",
              output: fa(
                'allow_origins=["https://a.acme.io" "/app", "https://b.acme.io", "https://c.acme.io"]',
              ),
            },
          ],
        },
      ],
    },
    {
      // Not a list item: a comma would make a tuple of a str; reported without a fix.
      code: `${IMPORT}ORIGIN = "https://a.acme.io" "https://b.acme.io"\napp.add_middleware(CORSMiddleware, allow_origins=[ORIGIN])\n`,
      errors: [
        {
          text: '"https://a.acme.io" "https://b.acme.io"',
          message:
            'Origins "https://a.acme.io" and "https://b.acme.io" are glued into one string: a comma is missing between the literals, so Python joins them and none of them matches.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      // One origin with a path written as two literals: reported, never rewritten.
      code: fa('allow_origins=["https://a.acme.io" "/"]'),
      errors: [
        {
          text: '"https://a.acme.io" "/"',
          message:
            'Origin "https://a.acme.io/" never matches: browsers send origins without a trailing slash (https://a.acme.io).',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: fa('allow_origins=["https://a.acme.io" + "/"]'),
      errors: [
        {
          text: '"https://a.acme.io" + "/"',
          message:
            'Origin "https://a.acme.io/" never matches: browsers send origins without a trailing slash (https://a.acme.io).',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      // An escape the fix would not write back the same way.
      code: fa('allow_origins=["https://b.acme.io\\x2f"]'),
      errors: [
        {
          text: '"https://b.acme.io\\x2f"',
          message:
            'Origin "https://b.acme.io/" never matches: browsers send origins without a trailing slash (https://b.acme.io).',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      // A value transformed after the literal: the literal holds both origins.
      code: `import os\n${IMPORT}app.add_middleware(CORSMiddleware, allow_origins=os.getenv("O", "https://a.acme.io/,https://b.acme.io").split(","))\n`,
      errors: [
        {
          text: '"https://a.acme.io/,https://b.acme.io"',
          message:
            'Origin "https://a.acme.io/" never matches: browsers send origins without a trailing slash (https://a.acme.io) when O is unset.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      // A stray space inside one origin is not two origins.
      code: fa('allow_origins=["http:// 3.104.153.184:4200"]'),
      errors: [
        {
          text: '"http:// 3.104.153.184:4200"',
          message:
            'Origin "http:// 3.104.153.184:4200" never matches: it has a space inside, and browsers send "scheme://host" without spaces.',
          severity: "warning",
          fixes: [
            {
              title: "Remove the spaces",
              applicability: "suggestion",
              output: fa('allow_origins=["http://3.104.153.184:4200"]'),
            },
          ],
        },
      ],
    },
    {
      code: fa('allow_origins=["https://a.acme.io, b.acme.io"]'),
      errors: [
        {
          text: '"https://a.acme.io, b.acme.io"',
          message:
            'Origin "https://a.acme.io, b.acme.io" never matches: it holds several origins in one string, and browsers send one.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: "import cors from 'cors';\nconst host = 'a.acme.io';\napp.use(cors({ origin: [`https://${host}/`] }));\n",
      file: "app.ts",
      errors: [
        {
          text: "`https://${host}/`",
          message:
            'Origin "https://a.acme.io/" never matches: browsers send origins without a trailing slash (https://a.acme.io).',
          severity: "warning",
          fixes: [],
        },
      ],
    },
    {
      code: "import cors from 'cors';\napp.use(cors({ origin: ['https://a.acme.io' + '/'] }));\n",
      file: "app.ts",
      errors: [
        {
          text: "'https://a.acme.io' + '/'",
          message:
            'Origin "https://a.acme.io/" never matches: browsers send origins without a trailing slash (https://a.acme.io).',
          severity: "warning",
          fixes: [],
        },
      ],
    },
  ],
});

ruleTable("insecure-origin", {
  valid: [],
  invalid: [
    {
      code: fa('allow_origins=["http://a.acme.io" "/"]'),
      errors: [
        {
          text: '"http://a.acme.io" "/"',
          message:
            'Origin "http://a.acme.io/" is plain http: anyone on the network path can inject script into that page and read the responses Starlette/FastAPI CORSMiddleware shares with it.',
          severity: "warning",
          fixes: [],
        },
      ],
    },
  ],
});

describe("literalAt / replaceString", () => {
  const at = (src: string, value: string) => literalAt(src, { start: 0, end: src.length }, value);
  it("accepts literals written the way the encoder writes them", () => {
    assert.deepEqual(at('"https://a.io"', "https://a.io"), { prefix: "", quote: '"' });
    assert.deepEqual(at("r'https://a\\.io'", "https://a\\.io"), { prefix: "r", quote: "'" });
    assert.deepEqual(at('"it\\"s"', 'it"s'), { prefix: "", quote: '"' });
    assert.deepEqual(at("`https://a.io`", "https://a.io"), { prefix: "", quote: "`" });
  });
  it("refuses pieces, transforms, triple quotes and escapes that do not round-trip", () => {
    assert.equal(at('"https://a.io" "/"', "https://a.io/"), undefined);
    assert.equal(at('"https://a.io\\x2f"', "https://a.io/"), undefined);
    assert.equal(at('"""https://a.io"""', "https://a.io"), undefined);
    assert.equal(at('"https://a.io,https://b.io"', "https://a.io"), undefined);
    assert.equal(at("f'https://{{a}}.io'", "https://{a}.io"), undefined);
    assert.equal(at("`https://${a}.io`", "https://${a}.io"), undefined);
  });
  it("keeps the quote and a raw prefix when the new value allows it", () => {
    const src = "r'https://a.io/'";
    const span = { start: 0, end: src.length };
    assert.equal(
      replaceString(src, span, "https://a.io/", "https://a.io")?.newText,
      "r'https://a.io'",
    );
    assert.equal(replaceString(src, span, "https://b.io/", "https://b.io"), undefined);
  });
  it("the reported corruption does not happen under --fix", () => {
    const code = multiline('"https://x-git-main-acme.vercel.app"', '"http://localhost:3000",');
    const r = run(code, "app.py");
    const removePath = r.findings
      .flatMap((f) => f.fixes)
      .find((f) => f.title === "Remove the path");
    assert.equal(removePath, undefined);
  });
});

describe("restrict fixes never insert an invented origin silently", () => {
  const WILD = `${IMPORT}app.add_middleware(CORSMiddleware, allow_origins=["*"])\n`;
  it("without productionOrigins: a suggestion whose placeholder is marked, never applied in bulk", () => {
    const r = run(WILD, "app.py");
    const fx = r.findings.flatMap((f) => f.fixes).find((f) => f.kind === "restrict-origins")!;
    assert.equal(fx.applicability, "suggestion");
    const edit = fx.edits[fx.placeholder!.edit];
    assert.equal(
      edit.newText.slice(fx.placeholder!.start, fx.placeholder!.end),
      "https://app.example",
    );
    assert.deepEqual(fx.introduces, ["placeholder-origin"]);
    assert.equal(bulkApplicable(fx, true), false);
    assert.deepEqual(bulkFixes(r.findings, true), []);
    // Left in the code, the placeholder is reported.
    const left = run(applyEdits(WILD, fx.edits), "app.py");
    assert.deepEqual(
      left.findings.map((f) => f.rule),
      ["placeholder-origin"],
    );
  });
  it("with productionOrigins: the real origins, no placeholder", () => {
    const r = run(WILD, "app.py", { productionOrigins: ["https://shop.acme.io"] });
    const fx = r.findings.flatMap((f) => f.fixes).find((f) => f.kind === "restrict-origins")!;
    assert.equal(fx.applicability, "unsafe");
    assert.equal(fx.placeholder, undefined);
    assert.equal(applyEdits(WILD, fx.edits), WILD.replace('"*"', '"https://shop.acme.io"'));
  });
});
