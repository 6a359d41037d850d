/** The same check written in Python and in JS, and the summary both must give. */
export const ORIGIN_CHECKS: { name: string; py: string; js: string; expected: string }[] = [
  {
    name: "membership in a list",
    py: `ALLOWED = ["https://a.com", "https://b.com"]\ndef check(origin):\n    return origin in ALLOWED`,
    js: `const ALLOWED = ["https://a.com", "https://b.com"];\nfunction check(origin) { return ALLOWED.includes(origin); }`,
    expected: "true when in [https://a.com, https://b.com]",
  },
  {
    name: "membership in a string is a substring test",
    py: `ALLOWED = "https://a.com https://b.com"\ndef check(origin):\n    return origin in ALLOWED`,
    js: `const ALLOWED = "https://a.com https://b.com";\nfunction check(origin) { return ALLOWED.includes(origin); }`,
    expected: "true when substring https://a.com https://b.com",
  },
  {
    name: "equality",
    py: `def check(origin):\n    return origin == "https://a.com"`,
    js: `function check(origin) { return origin === "https://a.com"; }`,
    expected: "true when in [https://a.com]",
  },
  {
    name: "a suffix test",
    py: `def check(origin):\n    return origin.endswith(".example.com")`,
    js: `function check(origin) { return origin.endsWith(".example.com"); }`,
    expected: "true when endswith .example.com",
  },
  {
    name: "a prefix test",
    py: `def check(origin):\n    return origin.startswith("https://app")`,
    js: `function check(origin) { return origin.startsWith("https://app"); }`,
    expected: "true when startswith https://app",
  },
  {
    name: "a loop with an early return",
    py: `BASES = ["a.com", "b.com"]\ndef check(origin):\n    for base in BASES:\n        if origin.endswith(base):\n            return True\n    return False`,
    js: `const BASES = ["a.com", "b.com"];\nfunction check(origin) {\n  for (const base of BASES) {\n    if (origin.endsWith(base)) return true;\n  }\n  return false;\n}`,
    expected: "true when endswith a.com | true when endswith b.com",
  },
  {
    name: "any() over a generator / some()",
    py: `BASES = ["a.com", "b.com"]\ndef check(origin):\n    return any(origin.endswith(b) for b in BASES)`,
    js: `const BASES = ["a.com", "b.com"];\nfunction check(origin) { return BASES.some((b) => origin.endsWith(b)); }`,
    expected: "true when endswith a.com | true when endswith b.com",
  },
  {
    name: "a missing Origin header allowed first, then a list",
    py: `ALLOWED = ["https://a.com"]\ndef check(origin):\n    if not origin:\n        return True\n    return origin in ALLOWED`,
    js: `const ALLOWED = ["https://a.com"];\nfunction check(origin) {\n  if (!origin) return true;\n  return ALLOWED.includes(origin);\n}`,
    expected: "true when in [https://a.com]",
  },
  {
    name: "the host name compared after parsing",
    py: `from urllib.parse import urlparse\ndef check(origin):\n    return urlparse(origin).hostname == "example.com"`,
    js: `function check(origin) { return new URL(origin).hostname === "example.com"; }`,
    expected: "true when hostname:in [example.com]",
  },
  {
    name: "lower-cased before a suffix test",
    py: `def check(origin):\n    return origin.lower().endswith("example.com")`,
    js: `function check(origin) { return origin.toLowerCase().endsWith("example.com"); }`,
    expected: "true when lower:endswith example.com",
  },
  {
    name: "a regex search",
    py: `import re\ndef check(origin):\n    return re.search(r"example\\.com$", origin)`,
    js: `function check(origin) { return origin.search(/example\\.com$/) !== -1; }`,
    expected: "true when search example\\.com$",
  },
  {
    name: "if/else returning the origin or nothing",
    py: `ALLOWED = {"https://a.com": 1}\ndef check(origin):\n    if origin in ALLOWED:\n        return origin\n    else:\n        return None`,
    js: `const ALLOWED = { "https://a.com": 1 };\nfunction check(origin) {\n  if (origin in ALLOWED) return origin;\n  else return null;\n}`,
    expected: "origin when in [https://a.com]",
  },
  {
    name: "a helper calling a helper",
    py: `ALLOWED = ["https://a.com"]\ndef listed(o):\n    return o in ALLOWED\ndef check(origin):\n    return listed(origin)`,
    js: `const ALLOWED = ["https://a.com"];\nfunction listed(o) { return ALLOWED.includes(o); }\nfunction check(origin) { return listed(origin); }`,
    expected: "true when in [https://a.com]",
  },
  {
    name: "either of two tests",
    py: `def check(origin):\n    return origin == "https://a.com" or origin.endswith(".b.com")`,
    js: `function check(origin) { return origin === "https://a.com" || origin.endsWith(".b.com"); }`,
    expected: "true when in [https://a.com] | true when endswith .b.com",
  },
  {
    name: "always allowing",
    py: `def check(origin):\n    return True`,
    js: `function check(origin) { return true; }`,
    expected: "true",
  },
  {
    name: "a dead branch",
    py: `def check(origin):\n    if False:\n        return True\n    return origin == "https://a.com"`,
    js: `function check(origin) {\n  if (false) return true;\n  return origin === "https://a.com";\n}`,
    expected: "true when in [https://a.com]",
  },
];
