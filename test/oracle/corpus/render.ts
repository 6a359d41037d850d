import { callbackText } from './callbacks';
import {
  isTag,
  type CaseSpec,
  type ConfigValue,
  type CorpusItem,
  type OracleFramework,
} from './types';

const PYTHON: OracleFramework[] = [
  'starlette',
  'fastapi',
  'flask-cors',
  'django-cors-headers',
  'aiohttp-cors',
  'falcon',
];

/** Imports a rendered Python value needs. */
interface PyNeeds {
  os: boolean;
  re: boolean;
}

function pyString(s: string): string {
  if (s.includes('\\')) return `r"${s}"`;
  return JSON.stringify(s);
}

function pyValue(v: ConfigValue, needs: PyNeeds): string {
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  if (Array.isArray(v)) return `[${v.map((x) => pyValue(x, needs)).join(', ')}]`;
  if (isTag(v, '$regex')) {
    needs.re = true;
    return v.flags?.includes('i')
      ? `re.compile(${pyString(v.$regex)}, re.IGNORECASE)`
      : `re.compile(${pyString(v.$regex)})`;
  }
  if (isTag(v, '$env')) {
    needs.os = true;
    return `os.getenv(${pyString(v.$env)}, ${pyValue(v.default, needs)})`;
  }
  if (isTag(v, '$split')) return `${pyValue(v.$split, needs)}.split(${pyString(v.sep ?? ',')})`;
  if (isTag(v, '$dict')) {
    return `{${v.$dict.map(([k, x]) => `${pyString(k)}: ${pyValue(x, needs)}`).join(', ')}}`;
  }
  if (isTag(v, '$tuple')) {
    const items = v.$tuple.map((x) => pyValue(x, needs));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (isTag(v, '$options')) {
    return `aiohttp_cors.ResourceOptions(${pyKwargs(v.$options, needs)})`;
  }
  throw new Error(`no Python form for ${JSON.stringify(v)}`);
}

function pyKwargs(options: [string, ConfigValue][], needs: PyNeeds): string {
  return options.map(([k, v]) => `${k}=${pyValue(v, needs)}`).join(', ');
}

function withArgs(head: string, args: string): string {
  return args ? `${head}, ${args}` : head;
}

function pythonBody(spec: CaseSpec, needs: PyNeeds): string[] {
  const kwargs = pyKwargs(spec.options, needs);
  switch (spec.framework) {
    case 'starlette':
      return [
        'from starlette.applications import Starlette',
        'from starlette.middleware.cors import CORSMiddleware',
        '',
        'app = Starlette()',
        `app.add_middleware(${withArgs('CORSMiddleware', kwargs)})`,
      ];
    case 'fastapi':
      return [
        'from fastapi import FastAPI',
        'from fastapi.middleware.cors import CORSMiddleware',
        '',
        'app = FastAPI()',
        `app.add_middleware(${withArgs('CORSMiddleware', kwargs)})`,
      ];
    case 'flask-cors':
      return flaskBody(spec, kwargs);
    case 'django-cors-headers':
      return [
        'INSTALLED_APPS = ["corsheaders"]',
        'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]',
        ...spec.options.map(([k, v]) => `${k} = ${pyValue(v, needs)}`),
      ];
    case 'aiohttp-cors':
      return [
        'import aiohttp_cors',
        'from aiohttp import web',
        '',
        '',
        'async def data(request):',
        '    return web.Response(text="ok")',
        '',
        '',
        'app = web.Application()',
        'app.router.add_get("/api/data", data)',
        `cors = aiohttp_cors.setup(${withArgs('app', kwargs)})`,
        'for route in list(app.router.routes()):',
        '    cors.add(route)',
      ];
    case 'falcon':
      return falconBody(spec, kwargs);
    default:
      throw new Error(`${spec.framework} is not a Python framework`);
  }
}

function falconBody(spec: CaseSpec, kwargs: string): string[] {
  const asgi = spec.form === 'asgi';
  const app = asgi ? 'falcon.asgi.App' : 'falcon.App';
  return [
    asgi ? 'import falcon.asgi' : 'import falcon',
    '',
    spec.options.some(([k]) => k === 'cors_enable')
      ? `app = ${app}(${kwargs})`
      : `app = ${app}(middleware=[falcon.CORSMiddleware(${kwargs})])`,
  ];
}

function flaskBody(spec: CaseSpec, kwargs: string): string[] {
  if (spec.form === 'decorator') {
    return [
      'from flask import Flask',
      'from flask_cors import cross_origin',
      '',
      'app = Flask(__name__)',
      '',
      '',
      '@app.route("/api/data")',
      `@cross_origin(${kwargs})`,
      'def data():',
      '    return "ok"',
    ];
  }
  return [
    'from flask import Flask',
    'from flask_cors import CORS',
    '',
    'app = Flask(__name__)',
    `CORS(${withArgs('app', kwargs)})`,
  ];
}

function renderPython(spec: CaseSpec): string {
  const needs: PyNeeds = { os: false, re: false };
  const body = pythonBody(spec, needs);
  const imports = [needs.os ? 'import os' : '', needs.re ? 'import re' : ''].filter(Boolean);
  const head = imports.length && !body[0].startsWith('import ') ? [...imports, ''] : imports;
  return [...head, ...body].join('\n') + '\n';
}

function jsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function jsValue(v: ConfigValue, fw: OracleFramework): string {
  if (typeof v === 'string') return jsString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => jsValue(x, fw)).join(', ')}]`;
  if (isTag(v, '$regex')) return `/${v.$regex}/${v.flags ?? ''}`;
  if (isTag(v, '$env')) return `process.env.${v.$env} || ${jsValue(v.default, fw)}`;
  if (isTag(v, '$split')) {
    const inner = jsValue(v.$split, fw);
    return `${isTag(v.$split, '$env') ? `(${inner})` : inner}.split(${jsString(v.sep ?? ',')})`;
  }
  if (isTag(v, '$dict')) return jsObject(v.$dict, fw);
  if (isTag(v, '$fn')) return callbackText(fw, v.$fn);
  if (isTag(v, '$origin')) return 'origin';
  throw new Error(`no JS form for ${JSON.stringify(v)}`);
}

function jsObject(entries: [string, ConfigValue][], fw: OracleFramework): string {
  if (!entries.length) return '{}';
  return `{ ${entries.map(([k, x]) => `${k}: ${jsValue(x, fw)}`).join(', ')} }`;
}

function socketIoBody(spec: CaseSpec, opts: string): string[] {
  const args = opts ? `httpServer, ${opts}` : 'httpServer';
  if (spec.form === 'require') {
    return [
      "const { createServer } = require('node:http');",
      '',
      'const httpServer = createServer();',
      `const io = require('socket.io')(${args});`,
    ];
  }
  const head = ["import { createServer } from 'node:http';", "import { Server } from 'socket.io';", ''];
  if (spec.form === 'attach') {
    return [...head, `const io = new Server(${opts});`, 'io.attach(createServer());'];
  }
  return [...head, 'const httpServer = createServer();', `const io = new Server(${args});`];
}

/** Hand-written headers: a Node http handler, or a fetch handler returning a Response. */
function headersBody(spec: CaseSpec): string[] {
  const fw = spec.framework;
  if (spec.form === 'fetch') {
    const entries = spec.options.map(([k, v]) => `      ${jsString(k)}: ${jsValue(v, fw)},`);
    return [
      'export default {',
      '  fetch(request) {',
      "    const origin = request.headers.get('origin');",
      "    return new Response('ok', {",
      '      headers: {',
      ...entries.map((e) => `  ${e}`),
      '      },',
      '    });',
      '  },',
      '};',
    ];
  }
  return [
    "import http from 'node:http';",
    '',
    'http.createServer((req, res) => {',
    '  const origin = req.headers.origin;',
    ...spec.options.map(([k, v]) => `  res.setHeader(${jsString(k)}, ${jsValue(v, fw)});`),
    "  res.end('ok');",
    '});',
  ];
}

function renderJs(spec: CaseSpec): string {
  const opts = spec.options.length ? jsObject(spec.options, spec.framework) : '';
  const lines: Record<string, string[]> = {
    'express-cors': [
      "import express from 'express';",
      "import cors from 'cors';",
      '',
      'const app = express();',
      `app.use(cors(${opts}));`,
    ],
    'fastify-cors': [
      "import Fastify from 'fastify';",
      "import cors from '@fastify/cors';",
      '',
      'const app = Fastify();',
      `await app.register(${opts ? `cors, ${opts}` : 'cors'});`,
    ],
    hono: [
      "import { Hono } from 'hono';",
      "import { cors } from 'hono/cors';",
      '',
      'const app = new Hono();',
      `app.use('/api/*', cors(${opts}));`,
    ],
    'koa-cors': [
      "import Koa from 'koa';",
      "import cors from '@koa/cors';",
      '',
      'const app = new Koa();',
      `app.use(cors(${opts}));`,
    ],
    'socket.io': socketIoBody(spec, opts),
    'js-headers': headersBody(spec),
  };
  const body = lines[spec.framework];
  if (!body) throw new Error(`${spec.framework} is not a JS framework`);
  return body.join('\n') + '\n';
}

function envVars(v: ConfigValue, out: Set<string>): void {
  if (Array.isArray(v)) v.forEach((x) => envVars(x, out));
  else if (typeof v !== 'object' || v === null) return;
  else if (isTag(v, '$env')) {
    out.add(v.$env);
    envVars(v.default, out);
  } else if (isTag(v, '$split')) envVars(v.$split, out);
  else if (isTag(v, '$dict')) v.$dict.forEach(([, x]) => envVars(x, out));
  else if (isTag(v, '$options')) v.$options.forEach(([, x]) => envVars(x, out));
  else if (isTag(v, '$tuple')) v.$tuple.forEach((x) => envVars(x, out));
}

/** Renders the snippet a user would write for a configuration. */
export function render(spec: CaseSpec): CorpusItem {
  const python = PYTHON.includes(spec.framework);
  const vars = new Set<string>();
  spec.options.forEach(([, v]) => envVars(v, vars));
  return {
    ...spec,
    language: python ? 'python' : 'typescript',
    fileName:
      spec.framework === 'django-cors-headers' ? 'settings.py' : python ? 'app.py' : 'app.ts',
    snippet: python ? renderPython(spec) : renderJs(spec),
    envVars: [...vars],
  };
}
