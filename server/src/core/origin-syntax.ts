/**
 * Reads a configured origin string the way a browser writes the Origin header (`null` or
 * `scheme://host[:port]`, lowercase, no path, no default port) and says why it can never equal one.
 * Pure string work: shared by the origin-syntax rules and the hover.
 */

/** The parts of a configured origin, as written (no case folding). */
export interface OriginParts {
  /** Undefined when the string has no `scheme://`. */
  scheme?: string;
  /** The host as written; IPv6 literals keep their brackets. */
  host: string;
  port?: string;
  /** Everything after host and port: path, query and fragment. */
  path: string;
}

/**
 * Why a configured origin can never equal an Origin header.
 * - `empty`: the empty string
 * - `several`: more than one origin in one string (`"a, b"` or `"a b"`)
 * - `star`: a lone `*` where the framework compares exactly
 * - `glob`: a `*` inside an origin (`https://*.example.com`) compared literally
 * - `no-scheme`: no `scheme://` (`example.com`, `localhost:3000`)
 * - `whitespace`: leading or trailing spaces
 * - `trailing-slash`: a path of just `/`
 * - `path`: a path, query or fragment
 * - `default-port`: `:443` on https or `:80` on http, which browsers never send
 * - `uppercase`: uppercase letters in the scheme or host
 */
export type OriginProblem =
  | "empty"
  | "several"
  | "star"
  | "glob"
  | "no-scheme"
  | "whitespace"
  | "trailing-slash"
  | "path"
  | "default-port"
  | "uppercase";

/** Problems a normalised form repairs without guessing. */
export const NORMALISABLE: readonly OriginProblem[] = [
  "whitespace",
  "trailing-slash",
  "path",
  "default-port",
  "uppercase",
];

/** Everything the rules and the hover need to know about one configured origin. */
export interface OriginInfo {
  raw: string;
  /** Undefined for `null`, `*`, the empty string and several origins in one string. */
  parts?: OriginParts;
  /** In the order a message should mention them (most fundamental first). */
  problems: OriginProblem[];
  /** `scheme://host[:port]` as a browser sends it; undefined without a scheme or with several. */
  normalised?: string;
  /** The literal `null` origin. */
  isNull: boolean;
  /** localhost (and `*.localhost`), 127.0.0.0/8, [::1]. */
  loopback: boolean;
  /** 10/8, 172.16/12, 192.168/16, 169.254/16, IPv6 unique and link-local, `*.local` (mDNS). */
  privateNetwork: boolean;
  /** Scheme `http` (any case). */
  plainHttp: boolean;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s;
const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443", ws: "80", wss: "443" };

/** Parses and classifies one configured origin string. */
export function parseOrigin(raw: string): OriginInfo {
  const info: OriginInfo = {
    raw,
    problems: [],
    isNull: raw === "null",
    loopback: false,
    privateNetwork: false,
    plainHttp: false,
  };
  const trimmed = raw.trim();
  if (trimmed === "") return { ...info, problems: ["empty"] };
  if (trimmed === "*") return { ...info, problems: ["star"] };
  if (info.isNull) return info;
  if (splitOrigins(trimmed).length > 1) return { ...info, problems: ["several"] };
  const parts = splitParts(trimmed);
  const host = parts.host.toLowerCase();
  info.parts = parts;
  info.loopback = isLoopbackHost(host);
  info.privateNetwork = isPrivateHost(host);
  info.plainHttp = parts.scheme?.toLowerCase() === "http";
  const p = info.problems;
  if (trimmed.includes("*")) p.push("glob");
  if (parts.scheme === undefined) p.push("no-scheme");
  if (trimmed !== raw) p.push("whitespace");
  if (parts.path === "/") p.push("trailing-slash");
  else if (parts.path !== "") p.push("path");
  const scheme = parts.scheme?.toLowerCase();
  const defaultPort = scheme ? DEFAULT_PORTS[scheme] : undefined;
  if (parts.port !== undefined && defaultPort === parts.port) p.push("default-port");
  if (/[A-Z]/.test(`${parts.scheme ?? ""}${parts.host}`)) p.push("uppercase");
  if (scheme && !p.includes("glob")) {
    const port = parts.port && DEFAULT_PORTS[scheme] !== parts.port ? `:${parts.port}` : "";
    info.normalised = `${scheme}://${host}${port}`;
  }
  return info;
}

/** The origins in a string that holds several, split on commas and whitespace. */
export function splitOrigins(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

function splitParts(s: string): OriginParts {
  const m = SCHEME.exec(s);
  const scheme = m ? m[1] : undefined;
  const rest = m ? m[2] : s;
  const cut = rest.search(/[/?#]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  const path = cut < 0 ? "" : rest.slice(cut);
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const v6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(hostPort);
  if (v6) return { scheme, host: v6[1], port: v6[2], path };
  const colon = hostPort.lastIndexOf(":");
  if (colon < 0) return { scheme, host: hostPort, path };
  return { scheme, host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1), path };
}

/**
 * Top-level names reserved so that they never resolve (RFC 2606 section 2, RFC 6761 section 6.5):
 * no page can have an origin there, so an origin on one is a placeholder left in place. `.test` and
 * `.localhost` are reserved too but name real development hosts (dev-origin-in-production's concern).
 */
const PLACEHOLDER_TLDS = ["example", "invalid"];

/** Whether a host is under a reserved never-resolving name (`app.example`, `x.invalid`). */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return PLACEHOLDER_TLDS.some((t) => h === t || h.endsWith("." + t));
}

/** Whether a lowercase host is a loopback name or address. */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost") || host === "[::1]") return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether a lowercase host is a private-network address or an mDNS `.local` name. */
export function isPrivateHost(host: string): boolean {
  if (host.endsWith(".local")) return true;
  if (/^\[(fc|fd|fe[89ab])[0-9a-f]{0,2}:/.test(host)) return true;
  const ip = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (!ip) return false;
  const [a, b] = [Number(ip[1]), Number(ip[2])];
  return (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

/**
 * The scheme and netloc Python's `urllib.parse.urlsplit` (3.9+) finds in a string;
 * django-cors-headers compares exactly these, so an entry where both are empty matches the
 * `null` origin.
 */
export function pythonSchemeNetloc(url: string): { scheme: string; netloc: string } {
  let rest = url.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
  let scheme = "";
  const i = rest.indexOf(":");
  if (i > 0 && /^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(rest.slice(0, i))) {
    scheme = rest.slice(0, i).toLowerCase();
    rest = rest.slice(i + 1);
  }
  if (!rest.startsWith("//")) return { scheme, netloc: "" };
  const end = rest.slice(2).search(/[/?#]/);
  return { scheme, netloc: end < 0 ? rest.slice(2) : rest.slice(2, 2 + end) };
}

/**
 * A Python-style regex (no delimiters, no anchors) for a `*` glob origin: a `*` after `:` stands
 * for a port, any other `*` for one DNS label.
 */
export function globToPattern(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") out += glob[i - 1] === ":" ? "[0-9]+" : "[a-z0-9-]+";
    else out += /[.+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return out;
}
