import { battery } from "../../server/src/core/battery";
import { INTENDED_POOL, TARGETS } from "./corpus/forms";

/**
 * The attacker's battery as CORS-RULES.md lists it for a target host T, sent next to the engine's
 * battery() so a probe dropped from battery.ts is still compared.
 */
export function localBattery(target: string): string[] {
  const dotted = target.replace(/\.(?=[^.]*\.)/, "X");
  const upper = target.replace(/^[a-z]/, (c) => c.toUpperCase());
  return [
    "null",
    "https://evil.example",
    `https://${target}`,
    `https://${target}.evil.example`,
    `https://evil${target}`,
    `https://evil.${target}`,
    `http://${target}`,
    `https://${dotted}`,
    `https://${target}_.evil.example`,
    `https://${target}%60.evil.example`,
    "http://localhost.evil.example",
    `https://${upper}`,
    `https://${target.toUpperCase()}`,
    "https://evil.github.io",
    "https://codepen.io",
  ];
}

/** Witnesses for specific mistakes (a truncated host for substring tests). */
const EXTRA = ["https://app.example.co", "https://aexample.com", "http://localhost:8080"];

/** The origins sent to every configuration, and where the battery came from. */
export function originSet(): { origins: string[]; source: string } {
  const all = TARGETS.flatMap((host) => [...battery({ host }), ...localBattery(host)]);
  const origins = [...new Set([...all, ...INTENDED_POOL, ...EXTRA])];
  return {
    origins,
    source: `battery() of ${TARGETS.join(", ")} + CORS-RULES.md list + intended origins`,
  };
}
