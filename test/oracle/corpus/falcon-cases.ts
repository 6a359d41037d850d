import { ADMIN, APP, LIST_FORMS, LOCAL, REGEX_FORMS } from './forms';
import type { CaseSpec, ConfigValue } from './types';

type Opts = [string, ConfigValue][];

/**
 * `allow_credentials`: omitted (None) or the string '*' (every allowed origin). Falcon also takes an
 * origin list there; those cases are written out below.
 */
const CREDS: { id: string; value?: ConfigValue }[] = [
  { id: 'no-creds' },
  { id: 'creds', value: '*' },
];


const f = 'falcon' as const;

function withCreds(options: Opts, value: ConfigValue | undefined): Opts {
  return value === undefined ? options : [...options, ['allow_credentials', value]];
}

/** Origin shapes x `allow_credentials` omitted / '*'. */
function shapes(): CaseSpec[] {
  const out: CaseSpec[] = [];
  const anchored = REGEX_FORMS.find((r) => r.name === 'anchored');
  if (!anchored) throw new Error('REGEX_FORMS lost its anchored form');
  for (const c of CREDS) {
    const add = (name: string, allow: ConfigValue, intended: string[]) =>
      out.push({
        id: `falcon-${name}-${c.id}`,
        framework: f,
        options: withCreds([['allow_origins', allow]], c.value),
        intended,
      });
    add('star', '*', [APP]);
    add('str-origin', APP, [APP]);
    add('str-comma-list', `${APP},${ADMIN}`, [APP, ADMIN]);
    add('tuple', { $tuple: [APP, ADMIN] }, [APP, ADMIN]);
    add('env-star', { $env: 'CORS_ORIGINS', default: '*' }, [APP]);
    add('env-split', { $split: { $env: 'CORS_ORIGINS', default: `${APP},${LOCAL}` } }, [
      APP,
      LOCAL,
    ]);
    // Falcon has no regex support: a pattern in the list is a literal that never matches.
    add(`regex-str-${anchored.name}`, [anchored.py], anchored.intended);
    // `list-star`: a '*' inside a list makes the constructor raise ValueError.
    for (const l of LIST_FORMS) add(`list-${l.name}`, l.values, l.intended);
  }
  return out;
}

/** `allow_credentials` as an origin list or a single origin: only those origins get credentials. */
function credentialLists(): CaseSpec[] {
  const spec = (id: string, options: Opts, intended: string[]): CaseSpec => ({
    id: `falcon-${id}`,
    framework: f,
    options,
    intended,
  });
  return [
    spec('default-creds', [['allow_credentials', '*']], [APP]),
    spec('default-creds-list', [['allow_credentials', [APP]]], [APP]),
    spec(
      'star-creds-str',
      [
        ['allow_origins', '*'],
        ['allow_credentials', APP],
      ],
      [APP],
    ),
    spec(
      'star-creds-list',
      [
        ['allow_origins', '*'],
        ['allow_credentials', [APP]],
      ],
      [APP],
    ),
    spec(
      'star-creds-none',
      [
        ['allow_origins', '*'],
        ['allow_credentials', null],
      ],
      [APP],
    ),
    spec(
      'two-creds-list',
      [
        ['allow_origins', [APP, ADMIN]],
        ['allow_credentials', [APP]],
      ],
      [APP, ADMIN],
    ),
    spec(
      'exact-creds-str',
      [
        ['allow_origins', [APP]],
        ['allow_credentials', APP],
      ],
      [APP],
    ),
    spec(
      'exact-creds-other',
      [
        ['allow_origins', [APP]],
        ['allow_credentials', [ADMIN]],
      ],
      [APP],
    ),
    spec(
      'null-creds-list',
      [
        ['allow_origins', [APP, 'null']],
        ['allow_credentials', [APP, 'null']],
      ],
      [APP],
    ),
    // A '*' inside the credentials list makes the constructor raise ValueError.
    spec(
      'exact-creds-list-star',
      [
        ['allow_origins', [APP]],
        ['allow_credentials', ['*']],
      ],
      [APP],
    ),
    spec(
      'star-creds-list-star',
      [
        ['allow_origins', '*'],
        ['allow_credentials', ['*']],
      ],
      [APP],
    ),
    spec(
      'env-creds-star',
      [
        ['allow_origins', [APP, ADMIN]],
        ['allow_credentials', { $env: 'CORS_CREDENTIALS', default: '*' }],
      ],
      [APP, ADMIN],
    ),
    spec(
      'two-creds-tuple',
      [
        ['allow_origins', [APP, ADMIN]],
        ['allow_credentials', { $tuple: [ADMIN] }],
      ],
      [APP, ADMIN],
    ),
    spec(
      'star-expose',
      [
        ['allow_origins', '*'],
        ['expose_headers', ['X-Total-Count']],
      ],
      [APP],
    ),
    spec(
      'exact-expose-creds',
      [
        ['allow_origins', [APP]],
        ['expose_headers', 'X-Total-Count'],
        ['allow_credentials', '*'],
      ],
      [APP],
    ),
  ];
}

/** The same middleware on `falcon.asgi.App` (its `process_response_async`). */
function asgi(wsgi: CaseSpec[]): CaseSpec[] {
  const names = ['app-cors-enable', 'star-creds-list', 'list-null-creds', 'list-star-creds'];
  return [...names, 'env-star-no-creds'].map((name) => {
    const c = wsgi.find((w) => w.id === `falcon-${name}`);
    if (!c) throw new Error(`no falcon-${name} to run on falcon.asgi.App`);
    return { ...c, id: `falcon-asgi-${name}`, form: 'asgi' };
  });
}

/** Every Falcon configuration: `CORSMiddleware(...)` and `falcon.App(cors_enable=True)`. */
export function falconCases(): CaseSpec[] {
  const wsgi: CaseSpec[] = [
    { id: 'falcon-app-cors-enable', framework: f, options: [['cors_enable', true]], intended: [APP] },
    { id: 'falcon-default', framework: f, options: [], intended: [APP] },
    ...shapes(),
    ...credentialLists(),
  ];
  return [...wsgi, ...asgi(wsgi)];
}
