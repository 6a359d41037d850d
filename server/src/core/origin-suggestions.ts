/**
 * Which origins a user may type into "Restrict Origins" (and `--restrict-origins`), and which origins
 * to suggest: the configured production origins and the valid, non-tunnel origins a project already uses.
 */
import type { Policy } from "./model";
import { parseOrigin } from "./origin-syntax";

/**
 * Why an origin typed by the user is not one a browser sends (`scheme://host[:port]`, lowercase, no
 * path), or undefined when it is. `https://*.example.com` is not an origin.
 */
export function originError(origin: string): string | undefined {
  const info = parseOrigin(origin);
  if (info.isNull) return `"null" is not an origin to allow (sandboxed pages and files send it)`;
  if (!info.parts || info.problems.length || !info.parts.scheme) {
    const what = info.problems.length ? ` (${info.problems.join(", ")})` : "";
    return `"${origin}" is not an origin${what}: expected scheme://host[:port] in lowercase, no path`;
  }
  return undefined;
}

/** Hosts of tunnels and cloud dev environments: a developer's machine, never a production origin. */
const TUNNEL_SUFFIXES = [
  "ngrok.io",
  "ngrok-free.app",
  "ngrok.app",
  "ngrok.dev",
  "devtunnels.ms",
  "loca.lt",
  "localtunnel.me",
  "trycloudflare.com",
  "localhost.run",
  "lhr.life",
  "serveo.net",
  "pagekite.me",
  "tunnelmole.net",
  "app.github.dev",
  "preview.app.github.dev",
  "gitpod.io",
  "ws-eu.gitpod.io",
];

/** Whether a lowercase host is a tunnel or a cloud development environment. */
export function isTunnelHost(host: string): boolean {
  return TUNNEL_SUFFIXES.some((s) => host === s || host.endsWith("." + s));
}

/** Origins to offer: what to pre-fill (all valid) and the other valid origins the project uses. */
export interface OriginSuggestion {
  prefill: string[];
  used: string[];
}

/**
 * Suggestions from the configured production origins and the exact origins of the project's own
 * configurations: only valid origins, never tunnels; pre-filled are the production origins and the
 * deployed-looking ones (https, public host) of production configurations.
 */
export function suggestOrigins(
  productionOrigins: readonly string[],
  policies: readonly (Policy & { context?: { kind: string } })[],
): OriginSuggestion {
  const prefill = new Set(productionOrigins.filter((o) => !originError(o)));
  const used = new Set<string>();
  for (const p of policies) {
    for (const o of p.origins) {
      if (o.kind !== "exact" || originError(o.value)) continue;
      const info = parseOrigin(o.value);
      const host = info.parts!.host.toLowerCase();
      if (isTunnelHost(host)) continue;
      const deployed =
        !info.plainHttp &&
        !info.loopback &&
        !info.privateNetwork &&
        p.context?.kind !== "development" &&
        p.context?.kind !== "test";
      if (deployed) prefill.add(o.value);
      else used.add(o.value);
    }
  }
  for (const o of prefill) used.delete(o);
  return { prefill: [...prefill], used: [...used].sort() };
}

/** Parses `--restrict-origins a,b`: the origins, or the first one that is not an origin. */
export function parseOriginList(list: string): { origins: string[] } | { error: string } {
  const origins = list
    .split(/[,\s]+/)
    .map((o) => o.trim())
    .filter(Boolean);
  if (!origins.length) return { error: "no origins given" };
  const bad = origins.map(originError).find(Boolean);
  return bad ? { error: bad } : { origins: [...new Set(origins)] };
}
