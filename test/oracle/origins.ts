import { INTENDED_POOL, TARGETS } from './corpus/forms';

/**
 * The attacker's battery of CORS-RULES.md for a target host T, used until server/src/core/battery.ts
 * exists (and as a cross-check of it afterwards: see `originSet`).
 */
export function localBattery(target: string): string[] {
  const dotted = target.replace(/\.(?=[^.]*\.)/, 'X');
  const upper = target.replace(/^[a-z]/, (c) => c.toUpperCase());
  return [
    'null',
    'https://evil.example',
    `https://${target}`,
    `https://${target}.evil.example`,
    `https://evil${target}`,
    `https://evil.${target}`,
    `http://${target}`,
    `https://${dotted}`,
    `https://${target}_.evil.example`,
    `https://${target}%60.evil.example`,
    'http://localhost.evil.example',
    `https://${upper}`,
    `https://${target.toUpperCase()}`,
    'https://evil.github.io',
    'https://codepen.io',
  ];
}

/** Probes the corpus adds: witnesses for specific mistakes (a truncated host for substring tests). */
const EXTRA = ['https://app.example.co', 'https://aexample.com', 'http://localhost:8080'];

type BatteryFn = (target: string) => unknown;

/** The engine's battery, when battery.ts exports a function of the target host returning origins. */
function engineBattery(): { name: string; fn: BatteryFn } | undefined {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../server/src/core/battery') as Record<string, unknown>;
  } catch {
    return undefined;
  }
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value !== 'function') continue;
    try {
      if (toOrigins((value as BatteryFn)('example.com')).length) return { name, fn: value as BatteryFn };
    } catch {
      // not a battery function
    }
  }
  return undefined;
}

function toOrigins(result: unknown): string[] {
  if (!Array.isArray(result)) return [];
  return result
    .map((x: unknown) =>
      typeof x === 'string' ? x : x && typeof x === 'object' && 'origin' in x ? String(x.origin) : '',
    )
    .filter(Boolean);
}

/** The origins sent to every configuration, and where the battery came from. */
export function originSet(): { origins: string[]; source: string } {
  const engine = engineBattery();
  const battery = TARGETS.flatMap((t) => [
    ...localBattery(t),
    ...(engine ? toOrigins(engine.fn(t)) : []),
  ]);
  const origins = [...new Set([...battery, ...INTENDED_POOL, ...EXTRA])];
  const source = engine
    ? `server/src/core/battery.ts ${engine.name}() + local battery`
    : 'local battery (server/src/core/battery.ts not found)';
  return { origins, source };
}
