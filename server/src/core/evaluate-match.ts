import type { Framework, OriginEntry, Policy } from "./model";
import { pythonSchemeNetloc } from "./origin-syntax";
import { applyTransforms } from "./origin-transform";
import { compileOriginRegex, isSupported } from "./regex";

/** Whether one configured entry accepts `origin`, by the framework's own comparison. */
export function entryAccepts(policy: Policy, entry: OriginEntry, requestOrigin: string): boolean {
  const origin = entry.transform ? applyTransforms(requestOrigin, entry.transform) : requestOrigin;
  if (origin === undefined) return false;
  switch (entry.kind) {
    case "any":
    case "reflect":
      return true;
    case "dynamic":
      return false;
    case "exact":
      return exactAccepts(policy.framework, entry.value, entry.match, origin);
    case "regex": {
      const flags = entry.implicit && !entry.flags.includes("i") ? entry.flags + "i" : entry.flags;
      const r = compileOriginRegex(entry.pattern, flags, entry.engine);
      return isSupported(r) && r.test(origin);
    }
    case "partial-check":
      return partialAccepts(entry.method, entry.value, origin);
  }
}

function exactAccepts(framework: Framework, value: string, match: string, origin: string): boolean {
  switch (match) {
    case "exact-ci":
      return value.toLowerCase() === origin.toLowerCase();
    case "scheme-host": {
      const [s1, n1] = schemeNetloc(value);
      const [s2, n2] = schemeNetloc(origin);
      return s1 === s2 && n1 === n2;
    }
    case "substring":
      return value.includes(origin);
    default:
      // @elysiajs/cors compares a scheme-less entry with the origin minus its scheme.
      if (framework === "elysia" && value !== origin && origin.includes("://")) {
        return value === origin.slice(origin.indexOf("://") + 3);
      }
      return value === origin;
  }
}

/** Python's `urlsplit(x)` scheme (lowercased) and netloc, as django-cors-headers compares them (3.9+: leading spaces and control characters stripped, tabs and newlines removed). */
export function schemeNetloc(url: string): [string, string] {
  const { scheme, netloc } = pythonSchemeNetloc(url);
  return [scheme, netloc];
}

function partialAccepts(method: string, value: string, origin: string): boolean {
  switch (method) {
    case "endswith":
      return origin.endsWith(value);
    case "startswith":
      return origin.startsWith(value);
    case "substring":
      // `"https://a.com https://b.com".includes(origin)`: the origin is looked up inside the text.
      return value.includes(origin);
    default:
      return origin.includes(value);
  }
}

/** The first entry (in order) that accepts `origin`, optionally skipping some kinds. */
export function firstAccepting(
  policy: Policy,
  origin: string,
  skip: ReadonlyArray<OriginEntry["kind"]> = [],
): OriginEntry | undefined {
  return policy.origins.find((e) => !skip.includes(e.kind) && entryAccepts(policy, e, origin));
}
