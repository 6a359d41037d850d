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
import type { CaseSpec, ConfigValue } from './types';

const ANY_CREDS_FORMS = ['exact', 'two', 'star', 'null', 'http', 'trailing-slash', 'glob'];

function starlette(): CaseSpec[] {
  const out: CaseSpec[] = [];
  const cred = (o: [string, ConfigValue][], c: boolean) =>
    withCredentials(o, c, 'allow_credentials');
  for (const framework of ['fastapi', 'starlette'] as const) {
    const forms =
      framework === 'fastapi'
        ? LIST_FORMS
        : LIST_FORMS.filter((f) => ANY_CREDS_FORMS.includes(f.name));
    for (const f of forms) {
      for (const c of CREDENTIALS) {
        out.push({
          id: `${framework}-list-${f.name}-${credId(c)}`,
          framework,
          options: cred([['allow_origins', f.values]], c),
          intended: f.intended,
        });
      }
    }
  }
  for (const r of REGEX_FORMS) {
    for (const c of CREDENTIALS) {
      out.push({
        id: `fastapi-regex-${r.name}-${credId(c)}`,
        framework: 'fastapi',
        // allow_origin_regex is a string: flags can only be written inline.
        options: cred([['allow_origin_regex', r.flags ? `(?${r.flags})${r.py}` : r.py]], c),
        intended: r.intended,
      });
    }
  }
  for (const c of CREDENTIALS) {
    const f = 'fastapi' as const;
    out.push(
      {
        id: `fastapi-str-origin-${credId(c)}`,
        framework: f,
        options: cred([['allow_origins', APP]], c),
        intended: [APP],
      },
      {
        id: `fastapi-str-comma-list-${credId(c)}`,
        framework: f,
        options: cred([['allow_origins', `${APP},${ADMIN}`]], c),
        intended: [APP, ADMIN],
      },
      {
        id: `fastapi-str-star-${credId(c)}`,
        framework: f,
        options: cred([['allow_origins', '*']], c),
        intended: [APP],
      },
      {
        id: `fastapi-env-star-${credId(c)}`,
        framework: f,
        options: cred([['allow_origins', [{ $env: 'FRONTEND_URL', default: '*' }]]], c),
        intended: [APP],
      },
      {
        id: `fastapi-env-split-${credId(c)}`,
        framework: f,
        options: cred(
          [['allow_origins', { $split: { $env: 'CORS_ORIGINS', default: `${APP},${LOCAL}` } }]],
          c,
        ),
        intended: [APP, LOCAL],
      },
      {
        id: `fastapi-list-and-regex-${credId(c)}`,
        framework: f,
        options: cred(
          [
            ['allow_origins', [APP]],
            ['allow_origin_regex', String.raw`https://.*\.example\.com`],
          ],
          c,
        ),
        intended: [APP, ADMIN],
      },
    );
  }
  out.push({ id: 'fastapi-default', framework: 'fastapi', options: [], intended: [] });
  out.push({ id: 'starlette-default', framework: 'starlette', options: [], intended: [] });
  return out;
}

function flaskApp(): CaseSpec[] {
  const out: CaseSpec[] = [];
  const cred = (o: [string, ConfigValue][], c: boolean) =>
    withCredentials(o, c, 'supports_credentials');
  for (const c of CREDENTIALS) {
    out.push({
      id: `flask-default-${credId(c)}`,
      framework: 'flask-cors',
      options: cred([], c),
      intended: [APP],
    });
    for (const f of LIST_FORMS) {
      out.push({
        id: `flask-list-${f.name}-${credId(c)}`,
        framework: 'flask-cors',
        options: cred([['origins', f.values]], c),
        intended: f.intended,
      });
    }
    for (const s of [APP, '*', 'https://*.example.com', 'http://localhost:*']) {
      out.push({
        id: `flask-str-${slug(s)}-${credId(c)}`,
        framework: 'flask-cors',
        options: cred([['origins', s]], c),
        intended: [APP],
      });
    }
    for (const r of REGEX_FORMS) {
      out.push({
        id: `flask-regex-str-${r.name}-${credId(c)}`,
        framework: 'flask-cors',
        options: cred([['origins', [r.py]]], c),
        intended: r.intended,
      });
    }
  }
  for (const r of REGEX_FORMS.filter((x) =>
    ['anchored', 'no-end-anchor', 'ignore-case'].includes(x.name),
  )) {
    out.push({
      id: `flask-compiled-${r.name}`,
      framework: 'flask-cors',
      options: [['origins', [{ $regex: r.py, flags: r.flags }]]],
      intended: r.intended,
    });
  }
  out.push(
    {
      id: 'flask-send-wildcard',
      framework: 'flask-cors',
      options: [
        ['origins', '*'],
        ['send_wildcard', true],
      ],
      intended: [APP],
    },
    {
      // flask-cors refuses this combination: CORS() raises ValueError while the app is set up.
      id: 'flask-send-wildcard-creds',
      framework: 'flask-cors',
      options: [
        ['origins', '*'],
        ['send_wildcard', true],
        ['supports_credentials', true],
      ],
      intended: [APP],
    },
    {
      // ... and @cross_origin raises it on every request.
      id: 'flask-decorator-send-wildcard-creds',
      framework: 'flask-cors',
      form: 'decorator',
      options: [
        ['origins', '*'],
        ['send_wildcard', true],
        ['supports_credentials', true],
      ],
      intended: [APP],
    },
    {
      id: 'flask-env-star-creds',
      framework: 'flask-cors',
      options: [
        ['origins', { $env: 'CORS_ORIGINS', default: '*' }],
        ['supports_credentials', true],
      ],
      intended: [APP],
    },
    {
      id: 'flask-env-split',
      framework: 'flask-cors',
      options: [['origins', { $split: { $env: 'CORS_ORIGINS', default: `${APP},${LOCAL}` } }]],
      intended: [APP, LOCAL],
    },
  );
  return out;
}

function flaskOther(): CaseSpec[] {
  const res = (origins: ConfigValue, creds: boolean): ConfigValue => ({
    $dict: [
      [
        '/api/*',
        {
          $dict: creds
            ? [
                ['origins', origins],
                ['supports_credentials', true],
              ]
            : [['origins', origins]],
        },
      ],
    ],
  });
  const out: CaseSpec[] = [];
  for (const c of CREDENTIALS) {
    for (const [name, origins] of [
      ['exact', [APP]],
      ['star', '*'],
      ['glob', 'https://*.example.com'],
    ] as const) {
      out.push({
        id: `flask-resources-${name}-${credId(c)}`,
        framework: 'flask-cors',
        form: 'resources',
        options: [['resources', res(origins as ConfigValue, c)]],
        intended: [APP],
      });
    }
    out.push(
      {
        id: `flask-decorator-default-${credId(c)}`,
        framework: 'flask-cors',
        form: 'decorator',
        options: withCredentials([], c, 'supports_credentials'),
        intended: [APP],
      },
      {
        id: `flask-decorator-exact-${credId(c)}`,
        framework: 'flask-cors',
        form: 'decorator',
        options: withCredentials([['origins', [APP]]], c, 'supports_credentials'),
        intended: [APP],
      },
      {
        id: `flask-decorator-glob-${credId(c)}`,
        framework: 'flask-cors',
        form: 'decorator',
        options: withCredentials([['origins', 'https://*.example.com']], c, 'supports_credentials'),
        intended: [APP, ADMIN],
      },
    );
  }
  out.push({
    id: 'flask-resources-app-creds',
    framework: 'flask-cors',
    form: 'resources',
    options: [
      ['resources', res([APP], false)],
      ['supports_credentials', true],
    ],
    intended: [APP],
  });
  return out;
}

function django(): CaseSpec[] {
  const out: CaseSpec[] = [];
  const cred = (o: [string, ConfigValue][], c: boolean) =>
    withCredentials(o, c, 'CORS_ALLOW_CREDENTIALS');
  const d = 'django-cors-headers' as const;
  for (const c of CREDENTIALS) {
    for (const f of LIST_FORMS) {
      out.push({
        id: `django-list-${f.name}-${credId(c)}`,
        framework: d,
        options: cred([['CORS_ALLOWED_ORIGINS', f.values]], c),
        intended: f.intended,
      });
    }
    for (const r of REGEX_FORMS) {
      out.push({
        id: `django-regex-${r.name}-${credId(c)}`,
        framework: d,
        options: cred(
          [['CORS_ALLOWED_ORIGIN_REGEXES', [r.flags ? { $regex: r.py, flags: r.flags } : r.py]]],
          c,
        ),
        intended: r.intended,
      });
    }
    out.push(
      {
        id: `django-allow-all-${credId(c)}`,
        framework: d,
        options: cred([['CORS_ALLOW_ALL_ORIGINS', true]], c),
        intended: [APP],
      },
      {
        id: `django-old-allow-all-${credId(c)}`,
        framework: d,
        options: cred([['CORS_ORIGIN_ALLOW_ALL', true]], c),
        intended: [APP],
      },
      {
        id: `django-old-whitelist-${credId(c)}`,
        framework: d,
        options: cred([['CORS_ORIGIN_WHITELIST', { $tuple: [APP] }]], c),
        intended: [APP],
      },
      {
        id: `django-old-regex-whitelist-${credId(c)}`,
        framework: d,
        options: cred(
          [['CORS_ORIGIN_REGEX_WHITELIST', [String.raw`^https://\w+\.example\.com$`]]],
          c,
        ),
        intended: [APP, ADMIN],
      },
      {
        id: `django-env-split-${credId(c)}`,
        framework: d,
        options: cred(
          [['CORS_ALLOWED_ORIGINS', { $split: { $env: 'CORS_ALLOWED_ORIGINS', default: LOCAL } }]],
          c,
        ),
        intended: [LOCAL],
      },
    );
  }
  out.push({
    id: 'django-path-in-origin',
    framework: d,
    options: [['CORS_ALLOWED_ORIGINS', ['https://app.example.com/app']]],
    intended: [APP],
  });
  return out;
}

function aiohttp(): CaseSpec[] {
  const opts = (c: boolean, extra: [string, ConfigValue][] = []): ConfigValue => ({
    $options: [['allow_credentials', c], ['expose_headers', '*'], ['allow_headers', '*'], ...extra],
  });
  const defaults = (entries: [string, ConfigValue][]): [string, ConfigValue][] => [
    ['defaults', { $dict: entries }],
  ];
  const out: CaseSpec[] = [];
  const a = 'aiohttp-cors' as const;
  for (const c of CREDENTIALS) {
    out.push(
      {
        id: `aiohttp-star-${credId(c)}`,
        framework: a,
        options: defaults([['*', opts(c)]]),
        intended: [APP],
      },
      {
        id: `aiohttp-exact-${credId(c)}`,
        framework: a,
        options: defaults([[APP, opts(c)]]),
        intended: [APP],
      },
      {
        id: `aiohttp-two-${credId(c)}`,
        framework: a,
        options: defaults([
          [APP, opts(c)],
          [ADMIN, opts(c)],
        ]),
        intended: [APP, ADMIN],
      },
      {
        id: `aiohttp-null-${credId(c)}`,
        framework: a,
        options: defaults([['null', opts(c)]]),
        intended: [],
      },
      {
        id: `aiohttp-trailing-slash-${credId(c)}`,
        framework: a,
        options: defaults([[`${APP}/`, opts(c)]]),
        intended: [APP],
      },
      {
        id: `aiohttp-star-methods-${credId(c)}`,
        framework: a,
        options: defaults([['*', opts(c, [['allow_methods', '*']])]]),
        intended: [APP],
      },
      {
        id: `aiohttp-exact-methods-${credId(c)}`,
        framework: a,
        options: defaults([[APP, opts(c, [['allow_methods', ['GET', 'POST']]])]]),
        intended: [APP],
      },
    );
  }
  out.push({
    id: 'aiohttp-bare-options',
    framework: a,
    options: defaults([[APP, { $options: [] }]]),
    intended: [APP],
  });
  return out;
}

function slug(s: string): string {
  return (
    s
      .replace(/^https?:\/\//, '')
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '') || 'star'
  );
}

/** Every Python configuration of the corpus. */
export function pythonCases(): CaseSpec[] {
  return [...starlette(), ...flaskApp(), ...flaskOther(), ...django(), ...aiohttp()];
}
