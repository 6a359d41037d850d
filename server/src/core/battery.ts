import { evaluate, type EvaluateOptions } from "./evaluate";
import type { OriginEntry, Policy } from "./model";
import { compileOriginRegex, hostOfSkeleton, intendedHost, isSupported } from "./regex";

/** The domain an entry was meant for: a host and, when the author was explicit, the schemes. */
export interface Target {
  host: string;
  /** Schemes the author allowed; undefined when the configuration names none (both are intended). */
  schemes?: string[];
}

/**
 * Suffixes where anyone can create a subdomain: a wildcard over one of them lets strangers in.
 * Matched on whole labels.
 */
export const SHARED_HOSTING = [
  "github.io",
  "gitlab.io",
  "vercel.app",
  "now.sh",
  "netlify.app",
  "netlify.com",
  "herokuapp.com",
  "pages.dev",
  "workers.dev",
  "web.app",
  "firebaseapp.com",
  "azurewebsites.net",
  "azurestaticapps.net",
  "cloudfront.net",
  "appspot.com",
  "onrender.com",
  "fly.dev",
  "railway.app",
  "deno.dev",
  "ngrok.io",
  "ngrok-free.app",
  "ngrok.app",
  "glitch.me",
  "repl.co",
  "replit.app",
  "replit.dev",
  "surge.sh",
  "codesandbox.io",
  "csb.app",
  "stackblitz.io",
  "webcontainer.io",
  "s3.amazonaws.com",
];

/** Third-party sandboxes whose pages an attacker controls. */
const SANDBOXES = [
  "https://evil.github.io",
  "https://evil.vercel.app",
  "https://evil.netlify.app",
  "https://evil.herokuapp.com",
  "https://evil.pages.dev",
  "https://codepen.io",
  "https://cdpn.io",
  "https://jsfiddle.net",
];

/** Whether a host is (or sits directly on) a shared-hosting suffix. */
export function isSharedHosting(host: string): boolean {
  const h = host.toLowerCase();
  return SHARED_HOSTING.some((s) => h === s);
}

/**
 * The candidate origins a dynamic scanner tries against a target (CORScanner, Corsy, nuclei, PortSwigger):
 * `null`, an unrelated site, the target as prefix and suffix, a subdomain, an http downgrade, each dot
 * replaced by a letter, special characters after the host, localhost tricks, case variants, sandboxes.
 */
export function battery(target?: Target): string[] {
  const out = ["null", "https://evil.example"];
  if (target) {
    const t = target.host;
    const scheme = target.schemes?.[0] ?? "https";
    out.push(
      `${scheme}://${t}.evil.example`,
      `${scheme}://evil${t}`,
      `${scheme}://evil-${t}`,
      `${scheme}://evil.${t}`,
      `${scheme}://evil.${t}.evil.example`,
      `http://${t}`,
      `http://evil.${t}`,
    );
    for (let i = t.indexOf("."); i >= 0; i = t.indexOf(".", i + 1)) {
      out.push(`${scheme}://${t.slice(0, i)}x${t.slice(i + 1)}`);
    }
    out.push(
      `${scheme}://${t}_.evil.example`,
      `${scheme}://${t}%60.evil.example`,
      `${scheme}://${t.toUpperCase()}`,
    );
  }
  out.push("http://localhost.evil.example", "https://localhost.evil.example", ...SANDBOXES);
  return [...new Set(out)];
}

/**
 * Whether an origin is one the author meant: the target host or one of its subdomains (unless the
 * target is shared hosting or a single label), with an intended scheme. `null` is never intended.
 */
export function isIntended(origin: string, target: Target | undefined): boolean {
  if (!target) return false;
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?$/i.exec(origin);
  if (!m) return false;
  const scheme = m[1].toLowerCase();
  const host = m[2].toLowerCase();
  const t = target.host.toLowerCase();
  const hostOk = host === t || (t.includes(".") && !isSharedHosting(t) && host.endsWith("." + t));
  return hostOk && (!target.schemes || target.schemes.includes(scheme));
}

/** The domain an origin entry was meant for, or undefined when the entry names none. */
export function targetOf(entry: OriginEntry): Target | undefined {
  switch (entry.kind) {
    case "exact":
    case "partial-check": {
      const host = hostOfSkeleton(entry.value);
      if (!host) return undefined;
      const m = /^(https?):\/\//i.exec(entry.value);
      return { host, ...(m ? { schemes: [m[1].toLowerCase()] } : {}) };
    }
    case "regex": {
      const r = compileOriginRegex(entry.pattern, entry.flags, entry.engine);
      if (!isSupported(r)) return undefined;
      const host = intendedHost(r.ast);
      if (!host) return undefined;
      const schemes = ["https", "http"].filter(
        (s) => r.test(`${s}://${host}`) || r.test(`${s}://www.${host}`),
      );
      return { host, ...(schemes.length ? { schemes } : {}) };
    }
    default:
      return undefined;
  }
}

/** Candidates only one kind of entry lets through: truncations for Starlette's substring test. */
function extraCandidates(entry: OriginEntry): string[] {
  const substring =
    (entry.kind === "exact" && entry.match === "substring") ||
    (entry.kind === "partial-check" && entry.method === "substring" && !entry.transform);
  if (substring) {
    const v = entry.value.replace(/\/+$/, "");
    return [v.slice(0, -1), v.slice(0, v.lastIndexOf(".") > 8 ? v.lastIndexOf(".") : -1)].filter(
      (s) => /^[a-z]+:\/\/./i.test(s),
    );
  }
  return [];
}

/**
 * The first candidate origin the policy lets through via `entry` that its author did not mean to allow:
 * the witness a diagnostic quotes ("also accepts https://evilexample.com"). Checked with evaluate().
 */
export function witness(
  policy: Policy,
  entry: OriginEntry,
  options: EvaluateOptions = {},
  skip: readonly string[] = [],
): string | undefined {
  const target = targetOf(entry);
  for (const origin of [...battery(target), ...extraCandidates(entry)]) {
    if (skip.includes(origin) || isIntended(origin, target)) continue;
    const v = evaluate(policy, origin, options);
    if (v.allowed && v.via === entry) return origin;
  }
  return undefined;
}
