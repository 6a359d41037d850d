import type { ConfigValue } from './types';

/** The site the corpus protects, and the origins its authors mean to allow. */
export const TARGETS = ['example.com', 'app.example.com'];
export const APP = 'https://app.example.com';
export const ADMIN = 'https://admin.example.com';
export const LOCAL = 'http://localhost:3000';
/** Every origin some corpus item intends to allow; each is sent to every configuration. */
export const INTENDED_POOL = [APP, ADMIN, LOCAL];

/** A shape of exact-origin list, as users write it (mistakes included). */
export interface ListForm {
  name: string;
  values: string[];
  intended: string[];
}

export const LIST_FORMS: ListForm[] = [
  { name: 'exact', values: [APP], intended: [APP] },
  { name: 'two', values: [APP, ADMIN], intended: [APP, ADMIN] },
  { name: 'star', values: ['*'], intended: [APP] },
  { name: 'null', values: [APP, 'null'], intended: [APP] },
  { name: 'http', values: ['http://app.example.com'], intended: [APP] },
  { name: 'localhost', values: [APP, LOCAL], intended: [APP, LOCAL] },
  { name: 'trailing-slash', values: ['https://app.example.com/'], intended: [APP] },
  { name: 'uppercase', values: ['https://App.example.com'], intended: [APP] },
  { name: 'default-port', values: ['https://app.example.com:443'], intended: [APP] },
  { name: 'glob', values: ['https://*.example.com'], intended: [APP, ADMIN] },
  { name: 'glob-port', values: ['http://localhost:*'], intended: [LOCAL] },
  { name: 'scheme-less', values: ['app.example.com'], intended: [APP] },
  { name: 'empty', values: [], intended: [] },
];

/** A regular expression users write for the target, in Python and JavaScript source syntax. */
export interface RegexForm {
  name: string;
  py: string;
  js: string;
  flags?: string;
  intended: string[];
}

export const REGEX_FORMS: RegexForm[] = [
  {
    name: 'anchored',
    py: String.raw`^https://[a-z0-9-]+\.example\.com$`,
    js: String.raw`^https:\/\/[a-z0-9-]+\.example\.com$`,
    intended: [APP, ADMIN],
  },
  {
    name: 'no-end-anchor',
    py: String.raw`^https://[a-z0-9-]+\.example\.com`,
    js: String.raw`^https:\/\/[a-z0-9-]+\.example\.com`,
    intended: [APP, ADMIN],
  },
  {
    name: 'no-anchors',
    py: String.raw`https://app\.example\.com`,
    js: String.raw`https:\/\/app\.example\.com`,
    intended: [APP],
  },
  {
    name: 'unescaped-dots',
    py: String.raw`^https://app.example.com$`,
    js: String.raw`^https:\/\/app.example.com$`,
    intended: [APP],
  },
  {
    name: 'dot-star-subdomain',
    py: String.raw`^https://.*\.example\.com$`,
    js: String.raw`^https:\/\/.*\.example\.com$`,
    intended: [APP, ADMIN],
  },
  {
    name: 'dot-star-no-dot',
    py: String.raw`^https://.*example\.com$`,
    js: String.raw`^https:\/\/.*example\.com$`,
    intended: [APP, ADMIN],
  },
  {
    name: 'suffix-only',
    py: String.raw`example\.com$`,
    js: String.raw`example\.com$`,
    intended: [APP],
  },
  {
    name: 'dot-suffix',
    py: String.raw`\.example\.com$`,
    js: String.raw`\.example\.com$`,
    intended: [APP, ADMIN],
  },
  {
    name: 'ignore-case',
    py: String.raw`^https://app\.example\.com$`,
    js: String.raw`^https:\/\/app\.example\.com$`,
    flags: 'i',
    intended: [APP],
  },
  {
    name: 'localhost-port',
    py: String.raw`^http://localhost:\d+$`,
    js: String.raw`^http:\/\/localhost:\d+$`,
    intended: [LOCAL],
  },
  { name: 'match-all', py: '.*', js: '.*', intended: [APP] },
];

/** Both credential settings, for cases generated as `form x credentials`. */
export const CREDENTIALS = [false, true];

/** Appends `[name, true]` when credentials are on. */
export function withCredentials(
  options: [string, ConfigValue][],
  on: boolean,
  name: string,
): [string, ConfigValue][] {
  return on ? [...options, [name, true]] : options;
}

/** A kebab-case id suffix for a credentials setting. */
export function credId(on: boolean): string {
  return on ? 'creds' : 'no-creds';
}
