import assert from "node:assert/strict";
import { analyze } from "../server/src/core/analyze";
import {
  originError,
  parseOriginList,
  suggestOrigins,
} from "../server/src/core/origin-suggestions";
import { restrictAll, restrictOriginsAt } from "../server/src/core/restrict";

const ONE = ["https://app.example.com"];
const TWO = ["https://app.example.com", "https://admin.example.com"];
const FASTAPI = "from fastapi.middleware.cors import CORSMiddleware\n";
const EXPRESS = 'import cors from "cors";\n';

interface Case {
  name: string;
  file: string;
  text: string;
  origins: string[];
  /** The text after the edit, or a pattern the refusal's reason matches. */
  expect: string | RegExp;
  /** Where the cursor is (default: the text's middle line). */
  at?: string;
}

/** Restricts at `at` (or the first wildcard); returns the new text or the reason. */
function run(c: Case): string {
  const a = analyze(c.text, c.file);
  const offset = c.at ? c.text.indexOf(c.at) : c.text.length - 2;
  const r = restrictOriginsAt(c.text, a.policies, offset, c.origins);
  if (!r.ok) return `REFUSED: ${r.reason}`;
  let out = c.text;
  for (const e of [...r.edits].reverse())
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  // The result is still code the engine reads, and the configuration no longer allows any origin.
  const after = analyze(out, c.file);
  const ruled = after.findings.filter((f) =>
    ["wildcard-origin", "wildcard-credentials", "reflected-origin"].includes(f.rule),
  );
  assert.deepEqual(ruled, [], `${c.name}: still reported after restricting:\n${out}`);
  assert.ok(!after.notices.some((n) => n.kind === "syntax"), `${c.name}: syntax error:\n${out}`);
  return out;
}

const CASES: Case[] = [
  {
    name: "FastAPI list item, two origins",
    file: "main.py",
    text:
      FASTAPI + 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n',
    origins: TWO,
    expect:
      FASTAPI +
      'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com", "https://admin.example.com"], allow_credentials=True)\n',
  },
  {
    name: "Starlette bare '*' becomes a list (a str is a substring test)",
    file: "main.py",
    text: FASTAPI + "app.add_middleware(CORSMiddleware, allow_origins='*')\n",
    origins: ONE,
    expect:
      FASTAPI + "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'])\n",
  },
  {
    name: "django CORS_ALLOW_ALL_ORIGINS = True",
    file: "settings.py",
    text: 'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n',
    origins: TWO,
    at: "INSTALLED",
    expect:
      'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOWED_ORIGINS = ["https://app.example.com", "https://admin.example.com"]\nCORS_ALLOW_CREDENTIALS = True\n',
  },
  {
    name: "django old name keeps the old list name",
    file: "settings.py",
    text: 'INSTALLED_APPS = ["corsheaders"]\nCORS_ORIGIN_ALLOW_ALL = True\n',
    origins: ONE,
    expect:
      'INSTALLED_APPS = ["corsheaders"]\nCORS_ORIGIN_WHITELIST = ["https://app.example.com"]\n',
  },
  {
    name: "django allow-all next to a list says which to edit",
    file: "settings.py",
    text: 'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOWED_ORIGINS = ["https://x.example.com"]\n',
    origins: ONE,
    at: "CORS_ALLOW_ALL",
    expect: /CORS_ALLOW_ALL_ORIGINS = True overrides CORS_ALLOWED_ORIGINS/,
  },
  {
    name: "flask-cors resources",
    file: "app.py",
    text: 'from flask_cors import CORS\nCORS(app, resources={r"/api/*": {"origins": "*"}})\n',
    origins: ONE,
    expect:
      'from flask_cors import CORS\nCORS(app, resources={r"/api/*": {"origins": ["https://app.example.com"]}})\n',
  },
  {
    name: "flask-cors default CORS(app)",
    file: "app.py",
    text: "from flask_cors import CORS\nCORS(app)\n",
    origins: TWO,
    expect:
      'from flask_cors import CORS\nCORS(app, origins=["https://app.example.com", "https://admin.example.com"])\n',
  },
  {
    name: "flask-cors decorator default",
    file: "app.py",
    text: 'from flask_cors import cross_origin\n@app.route("/")\n@cross_origin()\ndef x():\n    pass\n',
    origins: ONE,
    at: "cross_origin()",
    expect:
      'from flask_cors import cross_origin\n@app.route("/")\n@cross_origin(origins=["https://app.example.com"])\ndef x():\n    pass\n',
  },
  {
    name: "Python hand-written header echoing the Origin, two origins",
    file: "views.py",
    text: 'def f(request, response):\n    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n    response.headers["Vary"] = "Origin"\n',
    origins: TWO,
    expect:
      'def f(request, response):\n    response.headers["Access-Control-Allow-Origin"] = (request.headers.get("Origin") if request.headers.get("Origin") in ("https://app.example.com", "https://admin.example.com") else "https://app.example.com")\n    response.headers["Vary"] = "Origin"\n',
  },
  {
    name: "a '*' header holds one origin",
    file: "views.ts",
    text: 'res.setHeader("Access-Control-Allow-Origin", "*");\n',
    origins: TWO,
    expect: /header holds one origin/,
  },
  {
    name: "JS hand-written '*' header, one origin",
    file: "views.ts",
    text: 'res.setHeader("Access-Control-Allow-Origin", "*");\n',
    origins: ONE,
    expect: 'res.setHeader("Access-Control-Allow-Origin", "https://app.example.com");\n',
  },
  {
    name: "Express cors() default",
    file: "server.ts",
    text: EXPRESS + "app.use(cors());\n",
    origins: TWO,
    expect:
      EXPRESS +
      'app.use(cors({ origin: ["https://app.example.com", "https://admin.example.com"] }));\n',
  },
  {
    name: "Express origin: true with credentials",
    file: "server.ts",
    text: EXPRESS + "app.use(cors({ origin: true, credentials: true }));\n",
    origins: ONE,
    expect: EXPRESS + 'app.use(cors({ origin: "https://app.example.com", credentials: true }));\n',
  },
  {
    name: "Express always-true callback",
    file: "server.ts",
    text: EXPRESS + "app.use(cors({ origin: (origin, cb) => cb(null, true) }));\n",
    origins: TWO,
    expect:
      EXPRESS +
      'app.use(cors({ origin: ["https://app.example.com", "https://admin.example.com"] }));\n',
  },
  {
    name: "NestJS { cors: true }",
    file: "main.ts",
    text: 'import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(AppModule, { cors: true });\n',
    origins: ONE,
    expect:
      'import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(AppModule, { cors: { origin: "https://app.example.com" } });\n',
  },
  {
    name: "Hono identity function",
    file: "app.ts",
    text: 'import { cors } from "hono/cors";\napp.use("*", cors({ origin: (o) => o }));\n',
    origins: TWO,
    expect:
      'import { cors } from "hono/cors";\napp.use("*", cors({ origin: ["https://app.example.com", "https://admin.example.com"] }));\n',
  },
  {
    name: "Elysia's reflecting default",
    file: "app.ts",
    text: 'import { cors } from "@elysiajs/cors";\napp.use(cors());\n',
    origins: ONE,
    expect:
      'import { cors } from "@elysiajs/cors";\napp.use(cors({ origin: ["https://app.example.com"] }));\n',
  },
  {
    name: "Elysia origin: true",
    file: "app.ts",
    text: 'import { cors } from "@elysiajs/cors";\napp.use(cors({ origin: true }));\n',
    origins: TWO,
    expect:
      'import { cors } from "@elysiajs/cors";\napp.use(cors({ origin: ["https://app.example.com", "https://admin.example.com"] }));\n',
  },
  {
    name: "Next.js headers() value",
    file: "next.config.mjs",
    text: 'const c = {\n  async headers() {\n    return [{ source: "/api/:path*", headers: [{ key: "Access-Control-Allow-Origin", value: "*" }] }];\n  },\n};\nexport default c;\n',
    origins: ONE,
    at: "value",
    expect:
      'const c = {\n  async headers() {\n    return [{ source: "/api/:path*", headers: [{ key: "Access-Control-Allow-Origin", value: "https://app.example.com" }] }];\n  },\n};\nexport default c;\n',
  },
  {
    name: "@koa/cors takes one origin",
    file: "app.ts",
    text: 'import cors from "@koa/cors";\napp.use(cors());\n',
    origins: TWO,
    expect: /@koa\/cors's origin option holds one origin/,
  },
  {
    name: "@koa/cors default, one origin",
    file: "app.ts",
    text: 'import cors from "@koa/cors";\napp.use(cors());\n',
    origins: ONE,
    expect:
      'import cors from "@koa/cors";\napp.use(cors({ origin: "https://app.example.com" }));\n',
  },
  {
    name: "socket.io",
    file: "io.ts",
    text: 'import { Server } from "socket.io";\nconst io = new Server(srv, { cors: { origin: "*" } });\n',
    origins: TWO,
    expect:
      'import { Server } from "socket.io";\nconst io = new Server(srv, { cors: { origin: ["https://app.example.com", "https://admin.example.com"] } });\n',
  },
  {
    name: "@fastify/cors",
    file: "app.ts",
    text: 'import fastifyCors from "@fastify/cors";\nfastify.register(fastifyCors, { origin: "*" });\n',
    origins: ONE,
    expect:
      'import fastifyCors from "@fastify/cors";\nfastify.register(fastifyCors, { origin: "https://app.example.com" });\n',
  },
  {
    name: "aiohttp-cors copies the options per origin",
    file: "app.py",
    text: 'import aiohttp_cors\ncors = aiohttp_cors.setup(app, defaults={"*": aiohttp_cors.ResourceOptions(allow_credentials=True)})\n',
    origins: TWO,
    expect:
      'import aiohttp_cors\ncors = aiohttp_cors.setup(app, defaults={"https://app.example.com": aiohttp_cors.ResourceOptions(allow_credentials=True), "https://admin.example.com": aiohttp_cors.ResourceOptions(allow_credentials=True)})\n',
  },
  {
    name: "Falcon cors_enable=True",
    file: "app.py",
    text: "import falcon\napp = falcon.App(cors_enable=True)\n",
    origins: ONE,
    expect:
      'import falcon\napp = falcon.App(middleware=[falcon.CORSMiddleware(allow_origins=["https://app.example.com"])])\n',
  },
  {
    name: "Litestar default",
    file: "app.py",
    text: "from litestar.config.cors import CORSConfig\nc = CORSConfig()\n",
    origins: ONE,
    expect:
      'from litestar.config.cors import CORSConfig\nc = CORSConfig(allow_origins=["https://app.example.com"])\n',
  },
  {
    name: "an environment variable's default read with .split(',') becomes a joined string",
    file: "main.py",
    text:
      FASTAPI +
      'import os\napp.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "*").split(","))\n',
    origins: TWO,
    expect:
      FASTAPI +
      'import os\napp.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "https://app.example.com,https://admin.example.com").split(","))\n',
  },
  {
    name: "a JS environment default becomes the origins; the variable still wins",
    file: "main.ts",
    text: 'import cors from "cors";\napp.use(cors({ origin: process.env.ORIGIN || "*" }));\n',
    origins: TWO,
    expect:
      'import cors from "cors";\napp.use(cors({ origin: process.env.ORIGIN || ["https://app.example.com", "https://admin.example.com"] }));\n',
  },
  {
    name: "a Starlette environment default read as a str is the user's to change",
    file: "main.py",
    text:
      FASTAPI +
      'import os\napp.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "*"))\n',
    origins: ONE,
    expect: /default of the environment variable ORIGINS/,
  },
  {
    name: "a configuration without wildcard says so",
    file: "main.py",
    text: FASTAPI + 'app.add_middleware(CORSMiddleware, allow_origins=["https://x.example.com"])\n',
    origins: ONE,
    expect: /neither allows every origin nor echoes/,
  },
  {
    name: "a file without configuration says so",
    file: "main.py",
    text: "x = 1\n",
    origins: ONE,
    expect: /no CORS configuration found in this file/,
  },
  {
    name: "a glob is not an origin",
    file: "main.py",
    text: FASTAPI + 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n',
    origins: ["https://*.vercel.app"],
    expect: /"https:\/\/\*\.vercel\.app" is not an origin/,
  },
];

describe("core: Restrict Origins", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = run(c);
      if (typeof c.expect === "string") assert.equal(out, c.expect);
      else assert.match(out, c.expect);
    });
  }

  it("validates origins as browsers send them", () => {
    assert.equal(originError("https://app.example.com"), undefined);
    assert.equal(originError("http://localhost:3000"), undefined);
    for (const bad of [
      "https://*.vercel.app",
      "app.example.com",
      "https://a.com/",
      "HTTPS://A.COM",
      "null",
      "*",
    ])
      assert.ok(originError(bad), bad);
    assert.deepEqual(parseOriginList("https://a.com, https://b.com,https://a.com"), {
      origins: ["https://a.com", "https://b.com"],
    });
    assert.ok("error" in parseOriginList("https://a.com,https://*.b.com"));
  });

  it("restricts every configuration of a file and names the ones it cannot", () => {
    const text =
      FASTAPI +
      'import os\napp.add_middleware(CORSMiddleware, allow_origins=["*"])\napp.add_middleware(CORSMiddleware, allow_origins=os.getenv("O", "*"))\n';
    const out = restrictAll(text, analyze(text, "main.py").policies, ONE);
    assert.equal(out.restricted.length, 1);
    assert.deepEqual(
      out.refused.map((r) => r.reason.replace(/:.*/, "")),
      ["the wildcard is the default of the environment variable O"],
    );
    assert.ok(out.text.includes('allow_origins=["https://app.example.com"])\napp'));
  });

  it("suggests production origins and the project's deployed ones, never tunnels or globs", () => {
    const text =
      FASTAPI +
      'app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com", "https://x.ngrok-free.app", "https://y.devtunnels.ms", "http://localhost:3000", "https://*.vercel.app", "https://shop.example.com/"])\n';
    const policies = analyze(text, "main.py").policies.map((p) => ({
      ...p,
      context: { kind: "production" },
    }));
    assert.deepEqual(suggestOrigins(["https://prod.example.com", "https://*.bad.com"], policies), {
      prefill: ["https://prod.example.com", "https://shop.example.com"],
      used: ["http://localhost:3000"],
    });
  });
});
