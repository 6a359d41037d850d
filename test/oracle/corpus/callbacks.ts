import { SHAPES } from './shapes';
import type { FnBehaviour, OracleFramework } from './types';

/** The three calling conventions of JS origin callbacks. */
type Convention = 'node-callback' | 'hono' | 'koa';

type Callback = (...args: never[]) => unknown;

const CONVENTION: Partial<Record<OracleFramework, Convention>> = {
  'express-cors': 'node-callback',
  'fastify-cors': 'node-callback',
  'socket.io': 'node-callback',
  hono: 'hono',
  'koa-cors': 'koa',
};

function convention(framework: OracleFramework): Convention {
  const c = CONVENTION[framework];
  if (!c) throw new Error(`${framework} takes no origin callback`);
  return c;
}

function test(b: FnBehaviour, origin: string): boolean {
  switch (b.kind) {
    case 'reflect':
      return true;
    case 'deny':
      return false;
    case 'endsWith':
      return origin.endsWith(b.value);
    case 'includes':
      return origin.includes(b.value);
    case 'allowlist':
      return b.values.includes(origin);
    case 'shape':
      return shape(b.name).test(origin);
  }
}

function testText(b: FnBehaviour, o: string): string {
  switch (b.kind) {
    case 'reflect':
      return 'true';
    case 'deny':
      return 'false';
    case 'endsWith':
      return `${o}.endsWith('${b.value}')`;
    case 'includes':
      return `${o}.includes('${b.value}')`;
    case 'allowlist':
      return `[${b.values.map((v) => `'${v}'`).join(', ')}].includes(${o})`;
    case 'shape':
      throw new Error('a shape is written as statements');
  }
}

/**
 * The source text a user writes for this behaviour in this framework. Kept next to `callbackFor`,
 * which builds the same function for the live middleware.
 */
export function callbackText(framework: OracleFramework, b: FnBehaviour): string {
  if (b.kind === 'shape') return shapeText(framework, b.name);
  switch (convention(framework)) {
    case 'node-callback':
      return `(origin, callback) => callback(null, ${testText(b, 'origin')})`;
    case 'hono':
      if (b.kind === 'reflect') return '(origin) => origin';
      if (b.kind === 'deny') return '() => null';
      return `(origin) => (${testText(b, 'origin')} ? origin : null)`;
    case 'koa':
      if (b.kind === 'reflect') return "(ctx) => ctx.get('Origin')";
      if (b.kind === 'deny') return "() => ''";
      return `(ctx) => (${testText(b, "ctx.get('Origin')")} ? ctx.get('Origin') : '')`;
  }
}

/** The live origin callback for this behaviour in this framework's calling convention. */
export function callbackFor(framework: OracleFramework, b: FnBehaviour): Callback {
  switch (convention(framework)) {
    case 'node-callback':
      return ((origin: string, cb: (e: Error | null, allow: boolean) => void) =>
        cb(null, test(b, origin))) as Callback;
    case 'hono':
      return ((origin: string) => (test(b, origin) ? origin : null)) as Callback;
    case 'koa':
      return ((ctx: { get(name: string): string }) => {
        const origin = ctx.get('Origin');
        return test(b, origin) ? origin : '';
      }) as Callback;
  }
}

function shape(name: string) {
  const s = SHAPES[name];
  if (!s) throw new Error(`no callback shape ${name}`);
  return s;
}

/** A statement-shaped callback in the framework's convention: the answers differ, the statements not. */
function shapeText(framework: OracleFramework, name: string): string {
  const body = shape(name).body;
  switch (convention(framework)) {
    case 'node-callback':
      return `(origin, callback) => { ${body('origin', 'callback(null, true)', 'callback(null, false)')} }`;
    case 'hono':
      return `(origin) => { ${body('origin', 'origin', 'null')} }`;
    case 'koa':
      return `(ctx) => { const origin = ctx.get('Origin'); ${body('origin', 'origin', "''")} }`;
  }
}
