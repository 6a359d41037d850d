import type { Node } from "./ast";

const WILD = "\u0000";

/**
 * The literal text an author meant a pattern to stand for, with every part that matches more than one
 * string replaced by a NUL: `https://.*\.example\.com` gives `https://\0.example.com`. Unescaped dots read
 * as dots, optional parts are dropped, alternations take their first option.
 */
export function skeleton(node: Node): string {
  switch (node.type) {
    case "char": {
      if (node.dot) return ".";
      if (node.literal !== undefined) return node.literal;
      const r = node.set.ranges;
      if (!node.set.negated && r.length === 1 && r[0][0] === r[0][1])
        return String.fromCharCode(r[0][0]);
      return WILD;
    }
    case "assert":
      return "";
    case "group":
      return skeleton(node.body);
    case "seq":
      return node.items.map(skeleton).join("");
    case "alt":
      return skeleton(node.options[0]);
    case "repeat": {
      const body = skeleton(node.body);
      if (node.min === node.max) return body.repeat(node.min);
      if (node.max === 1 && node.min === 0 && !body.includes(WILD)) return "";
      return WILD;
    }
  }
}

/**
 * The host a pattern's author meant (`example.com` for `https://.*\.example\.com`), lowercased, or
 * undefined when the pattern names no host.
 */
export function intendedHost(node: Node): string | undefined {
  return hostOfSkeleton(skeleton(node));
}

/** The host part of an origin-like text where NULs mark wildcards. */
export function hostOfSkeleton(text: string): string | undefined {
  const scheme = /^\0*(?:https?|wss?|[a-z][a-z0-9+.-]*(?=:\/)):[/\0]*/i.exec(text);
  let host = scheme ? text.slice(scheme[0].length) : text;
  const cut = host.search(/[/:?#]/);
  if (cut >= 0) host = host.slice(0, cut);
  const parts = host.split(WILD);
  let pick = parts[parts.length - 1];
  if (!/[a-z0-9]\.[a-z0-9]|^[a-z0-9-]*[a-z][a-z0-9-]*$/i.test(trimHost(pick))) {
    pick = parts.reduce((a, b) => (trimHost(b).length > trimHost(a).length ? b : a), "");
  }
  const t = trimHost(pick).toLowerCase();
  return /[a-z0-9]/.test(t) ? t : undefined;
}

function trimHost(s: string): string {
  return s.replace(/^[.-]+|[.-]+$/g, "");
}
