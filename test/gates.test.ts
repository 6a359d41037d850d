import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { analyze, languageOf, type FileAnalysis } from "../server/src/core/analyze";
import { extractJs, type JsExtractor, type JsFile } from "../server/src/core/extract/js";
import { inProse, mayHaveKey, mentions } from "../server/src/core/extract/js/gates";
import { extractPython, type PyExtractor, type PyFile } from "../server/src/core/extract/python";
import { extractorsOf } from "../server/src/core/frameworks";
import { unconsumedOptions } from "../server/src/core/frameworks/cors-options";
import { ORIGIN_CHECKS } from "./helpers/origin-check-table";
import { analyzeProject, filesUnder } from "./helpers/project";
import { corpus } from "./oracle/corpus";

/**
 * The text gates (each extractor's necessary condition, checked before parsing) must change nothing:
 * every fixture, sample, oracle configuration, origin-check source, project fixture and the shapes
 * below give the same policies and findings with the gates on and off, and on every one of them no
 * extractor applies (or finds an options object) where its gate said no.
 */
const ROOT = join(__dirname, "..");

interface Source {
  name: string;
  fileName: string;
  text: string;
}

/** Shapes of real configurations the gates must let through, and near misses they may rule out. */
const SHAPES: Source[] = [
  ["opts-export.ts", `export const corsOptions = { origin: "*", credentials: true };`],
  ["cors.js", `export default { "origin": "*", credentials: true };`],
  ["opts-method.js", `module.exports = { origin(o, cb) { cb(null, true); }, credentials: true };`],
  [
    "opts-getter.ts",
    `const o = { get origin() { return "*"; }, methods: ["GET"] };\nexport { o };`,
  ],
  [
    "opts-short.ts",
    `const origin = "*";\nexport const corsOptions = { origin, credentials: true };`,
  ],
  ["opts-hex.ts", `export const corsOptions = { "or\\x69gin": "*", credentials: true };`],
  ["opts-uni.ts", `export const corsOptions = { or\\u0069gin: "*", credentials: true };`],
  ["opts-uni2.ts", `export const corsOptions = { \\u{6f}rigin: "*", credentials: true };`],
  ["opts-cont.js", `export const corsOptions = { 'ori\\\ngin': "*", credentials: true };`],
  ["opts-octal.js", `exports.corsOptions = { "\\157rigin": "*", credentials: true };`],
  ["opts-comment.ts", `export const corsOptions = { origin /* any */ : "*", credentials: true };`],
  [
    "opts-line.ts",
    `export const corsOptions = {\n  origin // all of them\n  : "*",\n  credentials: true,\n};`,
  ],
  ["opts-typing.ts", `export const corsOptions = { origin`],
  ["opts-typing2.ts", `export const corsOptions = { origin: "*", credentials: true`],
  ["opts-typing3.ts", `export const corsOptions = {\n  origin\n}\n`],
  ["opts-optional.ts", `export const corsOptions = { origin?: "*", credentials: true };`],
  [
    "opts-cjs.cjs",
    `const corsOptions = { origin: true, credentials: true };\nmodule.exports = { corsOptions };`,
  ],
  [
    "opts-named.mjs",
    `const corsOptions = { origin: [/\\.example\\.com$/], maxAge: 600 };\nexport { corsOptions as default };`,
  ],
  [
    "opts-template.js",
    "const t = `\n/* `; export const corsOptions = { origin: '*', credentials: true }; // */\n",
  ],
  [
    "opts-jsx.jsx",
    `const A = () => <p>\n/* text */ {x}\n</p>;\nexport const corsOptions = { origin: "*", credentials: true };`,
  ],
  [
    "doc-only.js",
    `/**\n * Checks the origin, e.g. the \`window.origin\` of a frame.\n * @param origin the origin.\n */\nexport function check(origin) { return location.origin === origin; }\nfetch(u, { mode: "cors" });`,
  ],
  [
    "read-only.js",
    `export const o = location.origin;\nfetch(u, { mode: "cors", credentials: "include" });`,
  ],
  ["list.js", `export const H = ["origin", "referer"]; // cors`],
  // Shapes met in public projects (paraphrased): options modules, typed options, compiled NestJS.
  [
    "corsOptions.js",
    `module.exports.corsOptions = {\n  origin: '*',\n  methods: ['GET'],\n  credentials: true,\n};`,
  ],
  [
    "cors-default.ts",
    `const allowed = (process.env.CLIENT_URL || "").split(",");\nexport default {\n  origin(origin: string, cb: Function) {\n    if (!origin || allowed.includes(origin)) return cb(null, true);\n    return cb(new Error("no"));\n  },\n  credentials: true,\n};`,
  ],
  [
    "cors-config.ts",
    `import { config } from "./config";\nconst { origin } = config.cors;\nconst corsOptions = { origin: origin, credentials: true };\nexport default corsOptions;`,
  ],
  [
    "cors-typed.ts",
    `import cors from "cors";\nimport config from "./config";\nconst corsOptions: cors.CorsOptions = { origin: config.origin, credentials: true };\nexport default cors(corsOptions);`,
  ],
  [
    "main.js",
    `"use strict";\nconst core_1 = require("@nestjs/core");\nasync function bootstrap() {\n  const app = await core_1.NestFactory.create(M);\n  app.enableCors({ origin: process.env.CORS_ORIGIN || "*", credentials: true });\n}`,
  ],
  [
    "io.ts",
    `import { Server } from "socket.io";\nexport const io = new Server(http, { cors: { origin: "*", credentials: true } });`,
  ],
].map(([fileName, text]) => ({ name: `shape ${fileName}`, fileName, text }));

const PY_SHAPES: Source[] = [
  ["settings.py", `CORS_ALLOW_ALL_ORIGINS = True\nINSTALLED_APPS = ["corsheaders"]`],
  ["dev.py", `from .base import *\n\nCORS_ALLOWED_ORIGINS = ["http://localhost:3000"]`],
  ["app.py", `import flask_cors as fc\nfc.CORS(app, origins="*")`],
  [
    "main.py",
    `from starlette.middleware import cors\napp.add_middleware(cors.CORSMiddleware, allow_origins=["*"])`,
  ],
  [
    "api.py",
    `import fastapi.middleware.cors\nfastapi.middleware.cors.CORSMiddleware(app, allow_origins=["*"])`,
  ],
  ["utils.py", `from fastapi_utils import x  # cors\nCORS = x(allow_origins=["*"])`],
  ["h.py", `def f(resp):\n    resp["Access-Control-Allow-Origin"] = "*"`],
  ["late.py", `def create():\n    from flask_cors import CORS\n    CORS(app)`],
  [
    "cors.py",
    `from core.settings.base import INSTALLED_APPS, MIDDLEWARE\nINSTALLED_APPS += ["corsheaders"]\nMIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")\nif DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True\nelse:\n    CORS_ALLOWED_ORIGINS = env("CORS_ALLOWED_ORIGINS", default=[])`,
  ],
  [
    "middleware.py",
    `from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\nfrom .config import settings\n\ndef add_cors(app: FastAPI) -> None:\n    app.add_middleware(CORSMiddleware, allow_origins=settings.BACKEND_CORS_ORIGINS, allow_credentials=True)`,
  ],
  [
    "ext.py",
    `import flask_cors\n\nclass CorsExt:\n    def init_app(self, app):\n        flask_cors.CORS(app, supports_credentials=True)`,
  ],
].map(([fileName, text]) => ({ name: `shape ${fileName}`, fileName, text }));

function sources(): Source[] {
  const files = [
    ...filesUnder(join(ROOT, "test/fixtures")),
    ...filesUnder(join(ROOT, "samples")),
  ].filter((f) => languageOf(f));
  const out: Source[] = files.map((f) => ({
    name: relative(ROOT, f),
    fileName: f,
    text: readFileSync(f, "utf8"),
  }));
  for (const item of corpus())
    out.push({ name: `oracle ${item.id}`, fileName: item.fileName, text: item.snippet });
  for (const t of ORIGIN_CHECKS) {
    out.push({ name: `origin check ${t.name} (py)`, fileName: "check.py", text: t.py });
    out.push({ name: `origin check ${t.name} (js)`, fileName: "check.ts", text: t.js });
  }
  return [...out, ...SHAPES, ...PY_SHAPES];
}

/** What the gates may not change; syntax notices come only from files that are parsed. */
function comparable(r: FileAnalysis): unknown {
  return {
    policies: r.policies,
    findings: r.findings,
    suppressed: r.suppressed,
    notices: r.notices.filter((n) => n.kind !== "syntax"),
  };
}

/** Runs `check` on the parsed file, the way extractors see it. */
function withPyFile(text: string, check: (f: PyFile) => void): void {
  const probe: PyExtractor = {
    name: "probe",
    gate: () => true,
    applies: (f) => (check(f), false),
    extract: () => [],
  };
  extractPython(text, [], [probe]);
}

function withJsFile(text: string, fileName: string, check: (f: JsFile) => void): void {
  const probe: JsExtractor = {
    name: "probe",
    gate: () => true,
    applies: (f) => (check(f), false),
    extract: () => [],
  };
  extractJs(text, fileName, [], [probe]);
}

describe("text gates before parsing", () => {
  const all = sources();

  it("give the same policies and findings as running every extractor", () => {
    const differ: string[] = [];
    let gatedOut = 0;
    for (const s of all) {
      const on = analyze(s.text, s.fileName, { skipPrefilter: true });
      const off = analyze(s.text, s.fileName, { skipPrefilter: true, gates: false });
      try {
        assert.deepEqual(comparable(on), comparable(off));
      } catch {
        differ.push(s.name);
      }
      const syntax = (r: FileAnalysis): number =>
        r.notices.filter((n) => n.kind === "syntax").length;
      if (syntax(on) !== syntax(off)) {
        gatedOut++;
        assert.equal(
          off.policies.length,
          0,
          `${s.name}: a syntax notice dropped from a file with policies`,
        );
      }
    }
    assert.deepEqual(differ, []);
    assert.ok(all.length > 500, `only ${all.length} sources`);
    assert.ok(gatedOut >= 0);
  });

  it("are implied by every extractor's applies and by any options object found", () => {
    const unsound: string[] = [];
    for (const s of all) {
      if (languageOf(s.fileName) === "python") {
        withPyFile(s.text, (f) => {
          for (const x of extractorsOf("python"))
            if (!x.gate(s.text) && x.applies(f)) unsound.push(`${s.name}: ${x.name}`);
        });
      } else {
        withJsFile(s.text, s.fileName, (f) => {
          for (const x of extractorsOf("typescript"))
            if (!x.gate(s.text, s.fileName) && x.applies(f)) unsound.push(`${s.name}: ${x.name}`);
          if (!unconsumedOptions.gate(s.text, s.fileName) && unconsumedOptions.finish(f, []).length)
            unsound.push(`${s.name}: options`);
        });
      }
    }
    assert.deepEqual(unsound, []);
  });

  it("let every real configuration shape through to a policy", () => {
    const real = [...SHAPES, ...PY_SHAPES].filter((x) =>
      /corsOptions\.js|cors-default|cors-config|cors-typed|main\.js|io\.ts|cors\.py|middleware\.py|ext\.py|settings|dev\.py|app\.py|late\.py/.test(
        x.fileName,
      ),
    );
    assert.ok(real.length >= 13);
    for (const s of real) assert.ok(analyze(s.text, s.fileName).policies.length > 0, s.name);
  });

  it("let every key shape of an options object through", () => {
    for (const s of SHAPES.filter((x) => /^shape opts-/.test(x.name))) {
      assert.ok(unconsumedOptions.gate(s.text, s.fileName), s.name);
    }
  });

  it("rule out prose, property reads and lists without parsing", () => {
    for (const name of ["doc-only.js", "read-only.js", "list.js"]) {
      const s = SHAPES.find((x) => x.fileName === name)!;
      assert.equal(unconsumedOptions.gate(s.text, s.fileName), false, name);
    }
    assert.equal(mayHaveKey("x = a.origin, b?.origin; f(...origin)", "origin"), false);
    assert.equal(mayHaveKey("// the origin, first\n", "origin"), false);
    assert.equal(mayHaveKey("x; // { origin: 1 }\n", "origin"), true);
    assert.equal(mayHaveKey("`\n// `; o = { origin: 1 }\n", "origin"), true);
    assert.equal(mayHaveKey("s = 'a\\\n// { origin: 1 }'", "origin"), true);
    assert.equal(mayHaveKey("x = { a: 1.origin: 2 }", "origin"), true);
    for (const code of [
      "const origin = x;",
      "if (origin === y) f(origin)",
      "return origin\n",
      "o => origin ? a : b",
    ])
      assert.equal(mayHaveKey(code, "origin"), false, code);
    for (const code of [
      "x = { origin }",
      "x = {\n  origin\n}",
      "({ origin = 1 } = o)",
      "x = { a: 1\n origin: 2 }",
      "x = { a, /* c */ origin, b }",
      "x = { origin /* c */ }",
      "x = { async origin() {} }",
      "x = { *origin() {} }",
      "x = { origin<T>(a: T) { return a; } }",
    ])
      assert.equal(mayHaveKey(code, "origin"), true, code);
    assert.ok(mentions("\\u0065xport default {}", "export"));
  });

  it("look at the context of a key only where the name occurs (long blank runs stay cheap)", () => {
    // Tried at every offset, the context patterns took time growing with the square of a blank run
    // (80,000 blanks: 8 s); with 120,000 of them in four places this test ran out of time.
    const blanks = " ".repeat(120_000);
    const lines = "\n".repeat(120_000);
    assert.equal(mayHaveKey(`x = {${blanks}a: 1 }`, "origin"), false);
    assert.equal(mayHaveKey(`x = {${lines}origin${blanks}: 1 }`, "origin"), true);
    assert.equal(mayHaveKey(`x = a.${blanks}origin;`, "origin"), false);
    assert.equal(mayHaveKey(`x = {/*${blanks}*/ origin }`, "origin"), true);
    // The same answers as matching each pattern over the whole text, on texts made of key-ish pieces.
    const pieces = [
      "origin",
      " ",
      "\n",
      ".",
      ",",
      "{",
      "}",
      ":",
      "(",
      "'",
      '"',
      "//",
      "/*",
      "*/",
      "x",
      "=",
      "?",
    ];
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const whole = (t: string): boolean => {
      const word = "origin";
      const before = String.raw`(?<![\w$])(?<!(?:^|[^\d])\.\s*)`;
      const res = [
        new RegExp(String.raw`${before}${word}(?=\s*(?:\/[/*]|:|\?\s*[:(]|!\s*:|[(<]))`, "g"),
        new RegExp(
          String.raw`${before}(?<=(?:[{,]|\*\/|^|[\n\r\u2028\u2029])\s*)${word}(?=\s*(?:[,}]|=(?![=>])|$)|[ \t]*[\n\r\u2028\u2029])`,
          "g",
        ),
        new RegExp(String.raw`(["'])${word}\1(?=\s*(?:[:?!(<]|\/[/*]))`, "g"),
      ];
      return res.some((re) => [...t.matchAll(re)].some((m) => !inProse(t, m.index)));
    };
    for (let i = 0; i < 3000; i++) {
      const t = Array.from({ length: 2 + next(12) }, () => pieces[next(pieces.length)]).join("");
      assert.equal(mayHaveKey(t, "origin"), whole(t), JSON.stringify(t));
    }
  });

  it("read a line-start comment as prose only while nothing can bring code back", () => {
    const at = (t: string): boolean => inProse(t, t.indexOf("origin"));
    assert.equal(at("/**\n * the origin, of `window.origin`\n */"), true);
    assert.equal(at("  /* {x} origin */"), false);
    assert.equal(at("/* ` origin */"), false);
    assert.equal(at('/* `"`` origin */'), false);
    assert.equal(at("/* x */ origin"), false);
    assert.equal(at("f(); /* origin */"), false);
  });

  it("analyse each project fixture the same, parsing no more modules", () => {
    const base = join(ROOT, "test/fixtures/projects");
    const dirs = [
      ...new Set(filesUnder(base).map((f) => relative(base, f).split(/[\\/]/)[0])),
    ].filter((d) => !/\./.test(basename(d)));
    assert.ok(dirs.length >= 5);
    for (const d of dirs) {
      const dir = join(base, d);
      const on = analyzeProject(dir, true);
      const off = analyzeProject(dir, false);
      assert.deepEqual(on.findings, off.findings, d);
      assert.ok(on.project.parses <= off.project.parses, d);
      on.project.dispose();
      off.project.dispose();
    }
  });
});
