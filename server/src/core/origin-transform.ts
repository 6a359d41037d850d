import type { OriginTransform } from "./model";

/**
 * The request's origin after the steps a hand-written check applies to it, or undefined when a step
 * throws (`new URL("null")`, `split(":")[3]`, `urlparse("null").hostname.endswith(..)`): the check then
 * refuses, since the request fails without CORS headers.
 */
export function applyTransforms(
  origin: string,
  steps: readonly OriginTransform[] | undefined,
): string | undefined {
  let s: string | undefined = origin;
  for (const t of steps ?? []) {
    if (s === undefined) return undefined;
    s = step(s, t);
  }
  return s;
}

function step(s: string, t: OriginTransform): string | undefined {
  switch (t.kind) {
    case "url":
      return whatwg(s, t.part);
    case "urlparse":
      return urlparse(s, t.part);
    case "lower":
      return s.toLowerCase();
    case "upper":
      return s.toUpperCase();
    case "trim":
      return s.trim();
    case "replace": {
      if (!t.regex) return t.all ? s.split(t.from).join(t.to) : s.replace(t.from, () => t.to);
      try {
        const flags = t.all && !t.flags.includes("g") ? t.flags + "g" : t.flags;
        return s.replace(new RegExp(t.from, flags), t.to);
      } catch {
        return undefined;
      }
    }
    case "split":
      return s.split(t.separator)[t.index];
  }
}

function whatwg(
  s: string,
  part: "hostname" | "host" | "origin" | "protocol" | "port",
): string | undefined {
  try {
    return new URL(s)[part];
  } catch {
    return undefined;
  }
}

/** Python's `urllib.parse.urlparse(s)` parts, for the origins a browser sends. */
function urlparse(s: string, part: "netloc" | "hostname" | "scheme" | "port"): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(s);
  const scheme = m ? m[1].toLowerCase() : "";
  const rest = m ? m[2] : s;
  const netloc = rest.startsWith("//") ? /^[^/?#]*/.exec(rest.slice(2))![0] : "";
  if (part === "scheme") return scheme;
  if (part === "netloc") return netloc;
  const hostPort = netloc.slice(netloc.lastIndexOf("@") + 1);
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
  const host = bracket ? bracket[1] : hostPort.split(":")[0];
  const port = bracket ? bracket[2] : hostPort.includes(":") ? hostPort.split(":")[1] : undefined;
  // `.hostname` is None without a netloc: a string method on it raises.
  if (part === "hostname") return host ? host.toLowerCase() : undefined;
  return port;
}
