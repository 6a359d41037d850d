import {
  ADMIN,
  APP,
  CREDENTIALS,
  credId,
  LIST_FORMS,
  LOCAL,
  REGEX_FORMS,
  withCredentials,
} from './forms';
import { SHAPES } from './shapes';
import type { CaseSpec, ConfigValue, FnBehaviour, OracleFramework } from './types';

const JS_LIST_FORMS = [
  'exact',
  'two',
  'star',
  'null',
  'http',
  'trailing-slash',
  'uppercase',
  'default-port',
  'glob',
  'localhost',
  'empty',
];
const JS_REGEX_FORMS = [
  'anchored',
  'no-end-anchor',
  'no-anchors',
  'unescaped-dots',
  'suffix-only',
  'dot-suffix',
  'ignore-case',
];

const CALLBACKS: { name: string; fn: FnBehaviour; intended: string[] }[] = [
  { name: 'reflect', fn: { kind: 'reflect' }, intended: [APP] },
  { name: 'deny', fn: { kind: 'deny' }, intended: [] },
  { name: 'ends-with', fn: { kind: 'endsWith', value: 'example.com' }, intended: [APP, ADMIN] },
  {
    name: 'ends-with-dot',
    fn: { kind: 'endsWith', value: '.example.com' },
    intended: [APP, ADMIN],
  },
  { name: 'includes', fn: { kind: 'includes', value: 'example.com' }, intended: [APP, ADMIN] },
  { name: 'allowlist', fn: { kind: 'allowlist', values: [APP, ADMIN] }, intended: [APP, ADMIN] },
  ...Object.entries(SHAPES).map(([name, s]) => ({
    name: `shape-${name}`,
    fn: { kind: 'shape', name } as FnBehaviour,
    intended: s.intended,
  })),
];

type Opts = [string, ConfigValue][];

/** Express cors and @fastify/cors take the same options. */
function matching(framework: OracleFramework, prefix: string): CaseSpec[] {
  const out: CaseSpec[] = [];
  const cred = (o: Opts, c: boolean) => withCredentials(o, c, 'credentials');
  const add = (name: string, options: Opts, intended: string[]) =>
    out.push({ id: `${prefix}-${name}`, framework, options, intended });
  add('default', [], [APP]);
  add('origin-false', [['origin', false]], []);
  for (const c of CREDENTIALS) {
    const id = credId(c);
    add(`star-${id}`, cred([['origin', '*']], c), [APP]);
    add(`true-${id}`, cred([['origin', true]], c), [APP]);
    add(`string-${id}`, cred([['origin', APP]], c), [APP]);
    add(`string-slash-${id}`, cred([['origin', `${APP}/`]], c), [APP]);
    for (const f of LIST_FORMS.filter((x) => JS_LIST_FORMS.includes(x.name))) {
      add(`list-${f.name}-${id}`, cred([['origin', f.values]], c), f.intended);
    }
    for (const r of REGEX_FORMS.filter((x) => JS_REGEX_FORMS.includes(x.name))) {
      add(
        `regex-${r.name}-${id}`,
        cred([['origin', { $regex: r.js, flags: r.flags }]], c),
        r.intended,
      );
    }
    add(`mixed-list-${id}`, cred([['origin', [APP, { $regex: String.raw`\.example\.com$` }]]], c), [
      APP,
      ADMIN,
    ]);
    for (const cb of CALLBACKS)
      add(`callback-${cb.name}-${id}`, cred([['origin', { $fn: cb.fn }]], c), cb.intended);
    add(`env-star-${id}`, cred([['origin', { $env: 'CORS_ORIGIN', default: '*' }]], c), [APP]);
  }
  add(
    'env-split',
    [['origin', { $split: { $env: 'CORS_ORIGINS', default: `${APP},${LOCAL}` } }]],
    [APP, LOCAL],
  );
  return out;
}

/** Hono and @koa/cors: no matching for strings; callbacks decide. */
function fixedOrCallback(framework: OracleFramework, prefix: string, lists: boolean): CaseSpec[] {
  const out: CaseSpec[] = [];
  const cred = (o: Opts, c: boolean) => withCredentials(o, c, 'credentials');
  const add = (name: string, options: Opts, intended: string[]) =>
    out.push({ id: `${prefix}-${name}`, framework, options, intended });
  add('default', [], [APP]);
  for (const c of CREDENTIALS) {
    const id = credId(c);
    add(`default-${id}`, cred([], c), [APP]);
    add(`star-${id}`, cred([['origin', '*']], c), [APP]);
    add(`string-${id}`, cred([['origin', APP]], c), [APP]);
    add(`string-slash-${id}`, cred([['origin', `${APP}/`]], c), [APP]);
    if (lists) {
      add(`list-two-${id}`, cred([['origin', [APP, ADMIN]]], c), [APP, ADMIN]);
      add(`list-null-${id}`, cred([['origin', [APP, 'null']]], c), [APP]);
      add(`list-star-${id}`, cred([['origin', ['*']]], c), [APP]);
    }
    for (const cb of CALLBACKS)
      add(`callback-${cb.name}-${id}`, cred([['origin', { $fn: cb.fn }]], c), cb.intended);
    add(`env-star-${id}`, cred([['origin', { $env: 'CORS_ORIGIN', default: '*' }]], c), [APP]);
  }
  return out;
}

/**
 * socket.io hands its `cors` option to Express `cors` for engine.io's HTTP requests: the same shapes,
 * written as `new Server(httpServer, { cors: {...} })`, plus `cors: true`.
 */
function socketIo(): CaseSpec[] {
  const wrapped = matching('socket.io', 'socketio').map(
    (c): CaseSpec => ({ ...c, options: [['cors', { $dict: c.options }]] }),
  );
  const other = (form: 'require' | 'attach', names: string[]): CaseSpec[] =>
    names.map((name) => {
      const c = wrapped.find((w) => w.id === `socketio-${name}`);
      if (!c) throw new Error(`no socketio-${name} to write with ${form}`);
      return { ...c, id: `socketio-${form}-${name}`, form };
    });
  return [
    ...wrapped,
    ...other('require', ['true-creds', 'list-two-creds', 'star-no-creds']),
    ...other('attach', ['true-creds', 'regex-no-end-anchor-creds', 'string-no-creds']),
    { id: 'socketio-cors-true', framework: 'socket.io', options: [['cors', true]], intended: [APP] },
  ];
}

/**
 * Hand-written headers through Node's `res.setHeader` and fetch's `new Response(body, { headers })`:
 * a fixed origin, `*`, `null` (the value, sent as the text `null`), the string `'null'` and the
 * request's origin echoed, each with and without `Access-Control-Allow-Credentials: true`; the echo
 * also with `Vary: Origin`.
 */
function headerCases(): CaseSpec[] {
  const values: [string, ConfigValue][] = [
    ['fixed', APP],
    ['star', '*'],
    ['null-value', null],
    ['null-string', 'null'],
    ['echo', { $origin: true }],
  ];
  const out: CaseSpec[] = [];
  for (const form of [undefined, 'fetch' as const]) {
    const prefix = form ? 'headers-fetch' : 'headers-node';
    for (const [name, value] of values) {
      for (const c of CREDENTIALS) {
        const options: Opts = [['Access-Control-Allow-Origin', value]];
        if (c) options.push(['Access-Control-Allow-Credentials', 'true']);
        const id = `${prefix}-${name}-${credId(c)}`;
        out.push({ id, framework: 'js-headers', ...(form ? { form } : {}), options, intended: [APP] });
      }
    }
    out.push({
      id: `${prefix}-echo-vary`,
      framework: 'js-headers',
      ...(form ? { form } : {}),
      options: [
        ['Access-Control-Allow-Origin', { $origin: true }],
        ['Vary', 'Origin'],
      ],
      intended: [APP],
    });
  }
  return out;
}

/** Every JS/TS configuration of the corpus. */
export function jsCases(): CaseSpec[] {
  return [
    ...headerCases(),
    ...matching('express-cors', 'express'),
    ...matching('fastify-cors', 'fastify'),
    ...socketIo(),
    ...fixedOrCallback('hono', 'hono', true),
    ...fixedOrCallback('koa-cors', 'koa', false),
  ];
}
