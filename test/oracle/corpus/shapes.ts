import { ADMIN, APP } from './forms';

/**
 * Origin callbacks written as statements, the shapes real code uses (early returns, loops, switch,
 * try/catch, dead branches, both branches allowing, transforms, patterns built at run time). `body`
 * writes the statements around the convention's answers; `test` is the same decision as a live function.
 */
export interface ShapeSpec {
  body: (o: string, yes: string, no: string) => string;
  test: (origin: string) => boolean;
  intended: string[];
}

const q = (s: string): string => `'${s}'`;

function hostname(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

const PATTERN = new RegExp('^https://(' + ['app.example.com', 'admin.example.com'].join('|') + ')$');

export const SHAPES: Record<string, ShapeSpec> = {
  'missing-then-list': {
    body: (o, yes, no) =>
      `if (!${o}) return ${yes}; if ([${q(APP)}, ${q(ADMIN)}].includes(${o})) return ${yes}; return ${no};`,
    test: (origin) => [APP, ADMIN].includes(origin),
    intended: [APP, ADMIN],
  },
  'hostname-suffix': {
    body: (o, yes, no) =>
      `try { if (new URL(${o}).hostname.endsWith('example.com')) return ${yes}; } catch (e) { return ${no}; } return ${no};`,
    test: (origin) => hostname(origin)?.endsWith('example.com') ?? false,
    intended: [APP, ADMIN],
  },
  'loop-suffix': {
    body: (o, yes, no) =>
      `for (const s of ['.example.com', '.example.org']) { if (${o}.endsWith(s)) return ${yes}; } return ${no};`,
    test: (origin) => ['.example.com', '.example.org'].some((s) => origin.endsWith(s)),
    intended: [APP, ADMIN],
  },
  'some-equal': {
    body: (o, yes, no) =>
      `if ([${q(APP)}, ${q(ADMIN)}].some((a) => a === ${o})) return ${yes}; return ${no};`,
    test: (origin) => [APP, ADMIN].some((a) => a === origin),
    intended: [APP, ADMIN],
  },
  switch: {
    body: (o, yes, no) =>
      `switch (${o}) { case ${q(APP)}: case ${q(ADMIN)}: return ${yes}; default: return ${no}; }`,
    test: (origin) => origin === APP || origin === ADMIN,
    intended: [APP, ADMIN],
  },
  'both-branches': {
    body: (o, yes) => `if ([${q(APP)}].includes(${o})) { return ${yes}; } else { return ${yes}; }`,
    test: () => true,
    intended: [APP],
  },
  'string-includes': {
    body: (o, yes, no) => `if (${q(APP)}.includes(${o})) return ${yes}; return ${no};`,
    test: (origin) => APP.includes(origin),
    intended: [APP],
  },
  'runtime-regex': {
    body: (o, yes, no) =>
      `if (new RegExp('^https://(' + ['app.example.com', 'admin.example.com'].join('|') + ')$').test(${o})) return ${yes}; return ${no};`,
    test: (origin) => PATTERN.test(origin),
    intended: [APP, ADMIN],
  },
  'lower-suffix': {
    body: (o, yes, no) => `if (${o}.toLowerCase().endsWith('.example.com')) return ${yes}; return ${no};`,
    test: (origin) => origin.toLowerCase().endsWith('.example.com'),
    intended: [APP, ADMIN],
  },
  'dead-branch': {
    body: (o, yes, no) =>
      `if (false) return ${yes}; if ([${q(APP)}].includes(${o})) return ${yes}; return ${no};`,
    test: (origin) => origin === APP,
    intended: [APP],
  },
  'negated-early-exit': {
    body: (o, yes, no) =>
      `if ([${q(APP)}, ${q(ADMIN)}].indexOf(${o}) === -1) { return ${no}; } return ${yes};`,
    test: (origin) => [APP, ADMIN].includes(origin),
    intended: [APP, ADMIN],
  },
};
