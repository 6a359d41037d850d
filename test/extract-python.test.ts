import assert from "node:assert/strict";
import { extractPython } from "../server/src/core/extract/python";
import { parsePython } from "../server/src/core/parse/python";
import { PyResolver } from "../server/src/core/extract/python/resolver";
import { extractorsOf } from "../server/src/core/frameworks";
import type { Notice, OriginEntry, Policy } from "../server/src/core/model";
import { alternatives, type Value } from "../server/src/core/values";

function extract(code: string): Policy[] {
  const notices: Notice[] = [];
  const out = extractPython(code, notices, extractorsOf("python"));
  assert.deepEqual(
    notices.filter((n) => n.kind === "internal"),
    [],
  );
  return out;
}

/** A short, exact description of an entry: kind, semantics, value, guards and env variable. */
function show(code: string, e: OriginEntry): string {
  const parts: string[] = [e.kind];
  if (e.kind === "any") parts.push(e.source);
  if (e.kind === "exact") parts.push(e.match, e.value);
  if (e.kind === "regex") parts.push(e.engine, e.flags, e.implicit ? "implicit" : "", e.pattern);
  if (e.kind === "reflect") parts.push(e.reason);
  if (e.kind === "partial-check") parts.push(e.method, e.value);
  if (e.kind === "dynamic") parts.push(e.description);
  const g = e.guards?.map((x) => (x.whenTrue ? "" : "!") + x.condition).join("&");
  return (
    parts.join(" ") +
    ` @${code.slice(e.span.start, e.span.end)}` +
    (g ? ` if ${g}` : "") +
    (e.envVar ? ` env ${e.envVar}` : "")
  );
}

function origins(code: string, i = 0): string[] {
  const p = extract(code)[i];
  assert.ok(p, "no policy");
  return p.origins.map((e) => show(code, e));
}

function text(code: string, span: { start: number; end: number }): string {
  return code.slice(span.start, span.end);
}

describe("Python resolver", () => {
  function resolveLast(code: string): Value {
    const parsed = parsePython(code);
    try {
      const r = new PyResolver(parsed.root, code);
      const use = parsed.root
        .descendantsOfType("call")
        .find((c) => c?.childForFieldName("function")?.text === "use");
      const arg = use!.childForFieldName("arguments")!.namedChildren[0]!;
      return r.resolve(arg);
    } finally {
      parsed.tree.delete();
    }
  }
  const strings = (v: Value): string[] =>
    alternatives(v).flatMap((a) =>
      (a.value.kind === "list" ? a.value.items : [a.value]).flatMap((i) =>
        alternatives(i, a.guards).map(
          (x) =>
            (x.value.kind === "string" ? x.value.value : x.value.kind) +
            (x.guards.length
              ? "?" + x.guards.map((g) => (g.whenTrue ? "" : "!") + g.condition).join("&")
              : ""),
        ),
      ),
    );

  it("reads function locals, guarded by the branch they are assigned in", () => {
    const v = resolveLast(
      `def f():\n    o = ["https://a.com"]\n    if DEBUG:\n        o = "*"\n    use(o)\n`,
    );
    assert.deepEqual(strings(v), ["*?DEBUG", "https://a.com?!DEBUG"]);
  });
  it("keeps the guard of items added with += and leaves the others unguarded", () => {
    const v = resolveLast(
      `O = ["https://a.com"]\nif DEBUG:\n    O += ["http://localhost:3000"]\nuse(O)\n`,
    );
    assert.deepEqual(strings(v), ["https://a.com", "http://localhost:3000?DEBUG"]);
  });
  it("reads django-environ and python-decouple defaults as env values", () => {
    const e = resolveLast(
      `import environ\nenv = environ.Env()\nuse(env.list("CORS", default=["https://a.com"]))\n`,
    );
    assert.equal(e.kind, "env");
    assert.deepEqual(strings(e), ["https://a.com"]);
    const d = resolveLast(
      `from decouple import config, Csv\nuse(config("CORS", default="https://a.com,https://b.com", cast=Csv()))\n`,
    );
    assert.deepEqual(strings(d), ["https://a.com", "https://b.com"]);
  });
  it("names an unreadable constant as written at the use site", () => {
    const v = resolveLast(`DEBUG = os.environ.get("DEBUG") == "1"\nuse(DEBUG)\n`);
    assert.deepEqual(v.kind === "unknown" && v.text, "DEBUG");
  });
  it("sees imports made inside functions", () => {
    const p = extract(`def create_app():\n    from flask_cors import CORS\n    CORS(app)\n`);
    assert.equal(p.length, 1);
  });
});

describe("flask-cors extractor", () => {
  it("defaults to every origin at the callee when no origins are given", () => {
    const code = `from flask_cors import CORS\nCORS(app, supports_credentials=True)\n`;
    const [p] = extract(code);
    assert.deepEqual(origins(code), ["any default @CORS"]);
    assert.equal(p.credentials?.value, true);
    assert.equal(text(code, p.span), "CORS(app, supports_credentials=True)");
    assert.equal(code[p.insertAt!], ")");
  });
  it("reads regex characters as re.match patterns and other strings as case-insensitive", () => {
    const code = `import re\nimport flask_cors as fc\nfc.CORS(app, origins=["*", "https://*.x.com", "https://a.com", re.compile("https://b\\\\.com")])\n`;
    assert.deepEqual(origins(code), [
      'any star @"*"',
      'regex match i implicit https://*.x.com @"https://*.x.com"',
      'exact exact-ci https://a.com @"https://a.com"',
      'regex match   https://b\\.com @re.compile("https://b\\\\.com")',
    ]);
  });
  it("makes one policy per resource, with top-level options as defaults", () => {
    const code = `from flask_cors import CORS\nCORS(app, resources={r"/api/*": {"origins": "https://a.com"}, "/x": {"vary_header": False}}, supports_credentials=True)\n`;
    const ps = extract(code);
    assert.deepEqual(
      ps.map((p) => text(code, p.anchor)),
      ['r"/api/*"', '"/x"'],
    );
    assert.deepEqual(
      ps.map((p) => p.credentials?.value),
      [true, true],
    );
    assert.deepEqual(origins(code, 1), ['any default @"/x"']);
    assert.equal(ps[1].vary?.value, false);
    assert.deepEqual(
      ps[0].options.map((o) => o.name),
      ["resources", "supports_credentials", "origins"],
    );
  });
  it("merges CORS() options into init_app and reads app.config keys", () => {
    const code = `from flask_cors import CORS\ncors = CORS(supports_credentials=True)\napp.config["CORS_ORIGINS"] = "*"\ncors.init_app(app)\n`;
    const ps = extract(code);
    assert.equal(ps.length, 1);
    assert.equal(text(code, ps[0].anchor), "cors.init_app");
    assert.deepEqual(origins(code), ['any star @"*"']);
    assert.equal(ps[0].credentials?.value, true);
    assert.deepEqual(
      ps[0].options.map((o) => o.name),
      ["CORS_ORIGINS", "supports_credentials"],
    );
  });
  it("reads @cross_origin through an alias, and env defaults", () => {
    const code = `import os\nfrom flask_cors import cross_origin as co\n@co(origins=os.getenv("O", "*"))\ndef v(): pass\n`;
    assert.deepEqual(origins(code), ['any star @"*" env O']);
  });
  it("ignores a CORS name not imported from flask_cors", () => {
    assert.deepEqual(extract(`from mylib import CORS\nCORS(app)\n`), []);
  });
});

describe("django-cors-headers extractor", () => {
  it("combines the CORS_ settings of a module into one policy", () => {
    const code = `INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOWED_ORIGINS = ["https://a.com/"]\nif DEBUG:\n    CORS_ALLOWED_ORIGINS += ["http://localhost:3000"]\nCORS_ORIGIN_REGEX_WHITELIST = [r"^https://\\w+\\.a\\.com"]\nCORS_ALLOW_CREDENTIALS = True\nCORS_ALLOW_ORIGINS = []\n`;
    const [p] = extract(code);
    assert.deepEqual(origins(code), [
      'exact scheme-host https://a.com/ @"https://a.com/"',
      'exact scheme-host http://localhost:3000 @"http://localhost:3000" if DEBUG',
      'regex match   ^https://\\w+\\.a\\.com @r"^https://\\w+\\.a\\.com"',
    ]);
    assert.equal(text(code, p.anchor), "CORS_ALLOWED_ORIGINS");
    assert.equal(p.credentials?.value, true);
    assert.equal(p.vary?.value, true);
    assert.deepEqual(
      p.options.map((o) => o.name),
      [
        "CORS_ALLOWED_ORIGINS",
        "CORS_ALLOWED_ORIGINS",
        "CORS_ORIGIN_REGEX_WHITELIST",
        "CORS_ALLOW_CREDENTIALS",
        "CORS_ALLOW_ORIGINS",
      ],
    );
  });
  it("reads allow-all as a setting, under the guard it is assigned with", () => {
    const code = `CORS_ALLOW_ALL_ORIGINS = DEBUG\n`;
    assert.deepEqual(origins(code), ["any setting @DEBUG if DEBUG"]);
    const env = `import os\nCORS_ORIGIN_ALLOW_ALL = os.getenv("ALL", "True") and True\nCORS_ALLOWED_ORIGINS = os.getenv("O", "*").split(",")\n`;
    assert.deepEqual(origins(env), [
      'dynamic os.getenv("ALL", "True") and True @os.getenv("ALL", "True") and True',
      'exact scheme-host * @"*" env O',
    ]);
  });
  it("stays out of modules configuring another CORS library", () => {
    assert.deepEqual(
      extract(`import flask_cors\nCORS_ORIGINS = ["*"]\n`).map((p) => p.framework),
      [],
    );
    assert.deepEqual(extract(`CORS_ORIGINS = ["*"]\n`), []);
  });
});

describe("aiohttp-cors extractor", () => {
  it("makes one policy per distinct ResourceOptions, never with Vary", () => {
    const code = `import aiohttp_cors\ncors = aiohttp_cors.setup(app, defaults={"*": aiohttp_cors.ResourceOptions(allow_credentials=True), "https://a.com": aiohttp_cors.ResourceOptions()})\n`;
    const ps = extract(code);
    assert.deepEqual(
      ps.map((p) => p.origins.map((e) => show(code, e))),
      [['any star @"*"'], ['exact exact https://a.com @"https://a.com"']],
    );
    assert.deepEqual(
      ps.map((p) => [p.credentials?.value, p.vary?.value]),
      [
        [true, false],
        [undefined, false],
      ],
    );
    assert.deepEqual(
      ps[0].options.map((o) => o.name),
      ["allow_credentials"],
    );
  });
  it("reads cors.add with a dict comprehension over a list", () => {
    const code = `import aiohttp_cors\ncors = aiohttp_cors.setup(app)\nO = ["https://a.com"]\ncors.add(route, {o: aiohttp_cors.ResourceOptions() for o in O})\n`;
    assert.deepEqual(origins(code), ['exact exact https://a.com @"https://a.com"']);
  });
});

describe("Falcon extractor", () => {
  it("reads allow_credentials='*' as credentials for every allowed origin", () => {
    const code = `import falcon\nfalcon.CORSMiddleware(allow_origins="*", allow_credentials="*")\n`;
    const [p] = extract(code);
    assert.deepEqual(origins(code), ['any star @"*"']);
    assert.deepEqual([p.credentials?.value, p.vary?.value], [true, false]);
  });
  it("splits origins answered with credentials from the others", () => {
    const code = `from falcon import CORSMiddleware\nCORSMiddleware(allow_origins=["https://a.com", "https://b.com"], allow_credentials=["https://a.com"])\n`;
    const ps = extract(code);
    assert.deepEqual(
      ps.map((p) => [p.credentials?.value, p.origins.map((e) => show(code, e))]),
      [
        [false, ['exact exact https://b.com @"https://b.com"']],
        [true, ['exact exact https://a.com @"https://a.com"']],
      ],
    );
  });
  it("keeps a '*' inside the credentials list, which makes the constructor raise", () => {
    const code = `import falcon\nfalcon.CORSMiddleware(allow_origins=["https://a.com"], allow_credentials=["*"])\n`;
    const ps = extract(code);
    assert.deepEqual(
      ps.map((p) => [p.credentials?.value, p.origins.map((e) => show(code, e))]),
      [
        [false, ['exact exact https://a.com @"https://a.com"']],
        [true, ['exact exact * @"*"']],
      ],
    );
  });
  it("reads the default and cors_enable=True as allow-all", () => {
    assert.deepEqual(origins(`import falcon\nfalcon.CORSMiddleware()\n`), [
      "any default @falcon.CORSMiddleware",
    ]);
    const code = `import falcon.asgi\nfalcon.asgi.App(cors_enable=True)\n`;
    assert.deepEqual(origins(code), ["any setting @True"]);
    assert.deepEqual(extract(`import falcon\nfalcon.App()\n`), []);
  });
});

describe("Litestar extractor", () => {
  it("reads globs, exact strings, the regex option and the default", () => {
    const code = `from litestar.config.cors import CORSConfig\nCORSConfig(allow_origins=["https://*.a.com", "https://b.com"], allow_origin_regex="https://c\\\\.com", allow_credentials=True)\n`;
    assert.deepEqual(origins(code), [
      'regex glob   https://*.a.com @"https://*.a.com"',
      'exact exact https://b.com @"https://b.com"',
      'regex fullmatch   https://c\\.com @"https://c\\\\.com"',
    ]);
    assert.equal(extract(code)[0].credentials?.value, true);
    assert.deepEqual(origins(`from litestar.config.cors import CORSConfig\nCORSConfig()\n`), [
      "any default @CORSConfig",
    ]);
  });
});

describe("hand-written header extractor", () => {
  const flask = `from flask import request\n`;
  it("reads a suffix check around an echo as a partial check, with credentials and no Vary", () => {
    const code = `${flask}def h(resp):\n    origin = request.headers.get("Origin")\n    if origin.endswith("a.com"):\n        resp.headers["Access-Control-Allow-Origin"] = origin\n        resp.headers["Access-Control-Allow-Credentials"] = "true"\n    return resp\n`;
    const [p] = extract(code);
    assert.deepEqual(origins(code), [
      'partial-check endswith a.com @origin.endswith("a.com") if origin.endswith("a.com")',
    ]);
    assert.deepEqual([p.credentials?.value, p.vary?.value], [true, false]);
    assert.equal(text(code, p.anchor), 'resp.headers["Access-Control-Allow-Origin"]');
  });
  it("reads an early-return allowlist as exact origins and patch_vary_headers as Vary", () => {
    const code = `A = ["https://a.com"]\ndef h(request, response):\n    o = request.META["HTTP_ORIGIN"]\n    if o not in A:\n        return response\n    response["Access-Control-Allow-Origin"] = o\n    patch_vary_headers(response, ["Origin"])\n`;
    const [p] = extract(code);
    assert.deepEqual(origins(code), ['exact exact https://a.com @"https://a.com"']);
    assert.equal(p.vary?.value, true);
  });
  it("reads an unchecked echo as reflection and a regex test as a pattern", () => {
    const code = `${flask}import re\ndef h(r):\n    r.headers.add("Access-Control-Allow-Origin", request.headers.get("origin"))\ndef g(r):\n    o = request.headers["Origin"]\n    if re.match(r"https://.*\\.a\\.com", o):\n        r.headers.set("Access-Control-Allow-Origin", o)\n`;
    assert.deepEqual(origins(code, 0), ['reflect echo-header @request.headers.get("origin")']);
    assert.deepEqual(origins(code, 1), [
      'regex match   https://.*\\.a\\.com @r"https://.*\\.a\\.com" if re.match(r"https://.*\\.a\\.com", o)',
    ]);
  });
  it("keeps ternary guards and treats unknown checks as dynamic", () => {
    const code = `${flask}def h(r):\n    o = request.headers.get("Origin")\n    if is_ok(o):\n        r.headers["Access-Control-Allow-Origin"] = o\n    r.headers["Access-Control-Allow-Origin"] = "*" if DEBUG else "https://a.com"\n`;
    assert.deepEqual(origins(code), [
      "dynamic is_ok(o) @is_ok(o) if is_ok(o)",
      'any star @"*" if DEBUG',
      'exact sent https://a.com @"https://a.com" if !DEBUG',
    ]);
  });
  it("reads header dicts at module level and in calls", () => {
    const code = `H = {"Access-Control-Allow-Origin": "*", "Access-Control-Max-Age": "600"}\n`;
    const [p] = extract(code);
    assert.deepEqual(origins(code), ['any star @"*"']);
    assert.equal(p.maxAge?.value, 600);
    assert.deepEqual(extract(`H = {"Content-Type": "text/plain"}\n`), []);
  });
});

describe("half-typed files", () => {
  const cases: [string, string][] = [
    ["flask-cors", `from flask_cors import CORS\nCORS(app, origins=["*"], methods=["GET"\n`],
    [
      "django-cors-headers",
      `INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOWED_ORIGINS = ["https://a.com",\n`,
    ],
    [
      "aiohttp-cors",
      `import aiohttp_cors\naiohttp_cors.setup(app, defaults={"*": aiohttp_cors.ResourceOptions(),\n`,
    ],
    ["falcon", `import falcon\nfalcon.App(cors_enable=True, middleware=[\n`],
    ["litestar", `from litestar.config.cors import CORSConfig\nCORSConfig(allow_origins=["*"],\n`],
    [
      "python-headers",
      `def h(r):\n    r.headers["Access-Control-Allow-Origin"] = "*"\n    r.headers.update({"Vary": "Origin",\n`,
    ],
  ];
  for (const [framework, code] of cases) {
    it(`still yields the ${framework} wildcard`, () => {
      const ps = extract(code);
      assert.deepEqual(
        ps.map((p) => [p.framework, p.origins.some((e) => e.kind === "any")]),
        [[framework, true]],
      );
    });
  }
});
