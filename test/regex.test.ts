import assert from "node:assert/strict";
import { compileOriginRegex, intendedHostOf, isSupported } from "../server/src/core/regex";
import type { RegexEngine } from "../server/src/core/model";

function accepts(pattern: string, engine: RegexEngine, input: string, flags = ""): boolean {
  const r = compileOriginRegex(pattern, flags, engine);
  assert.ok(isSupported(r), `unsupported: ${pattern}`);
  return r.test(input);
}

/** [pattern, flags, engine, input, expected] */
const TABLE: [string, string, RegexEngine, string, boolean][] = [
  ["^https://app\\.example\\.com$", "", "search", "https://app.example.com", true],
  ["^https://app\\.example\\.com$", "", "search", "https://appxexample.com", false],
  ["example\\.com$", "", "search", "https://evilexample.com", true],
  ["^https://example\\.com", "", "search", "https://example.com.evil.example", true],
  ["https://example\\.com$", "", "search", "https://example.com\n", false],
  ["https://example\\.com$", "", "match", "https://example.com\n", true],
  ["https://example\\.com\\Z", "", "match", "https://example.com\n", false],
  ["\\Ahttps://a\\.b", "", "match", "https://a.b", true],
  ["https://.*\\.example\\.com", "", "fullmatch", "https://a.example.com", true],
  ["https://.*\\.example\\.com", "", "fullmatch", "https://a.example.com.evil", false],
  ["https://.*\\.example\\.com", "", "match", "https://a.example.com.evil", true],
  ["https://example\\.com", "", "search", "xhttps://example.com", true],
  ["https://example\\.com", "", "match", "xhttps://example.com", false],
  ["(?i)^HTTPS://EXAMPLE\\.com$", "", "match", "https://example.com", true],
  ["^HTTPS://example\\.com$", "i", "search", "https://EXAMPLE.com", true],
  ["(?i:A)b", "", "fullmatch", "aB", false],
  ["(?i:A)b", "", "fullmatch", "ab", true],
  ["[^a-z]x", "i", "fullmatch", "Ax", false],
  ["[a-c\\d_-]+", "", "fullmatch", "a1_-c", true],
  ["[\\w.]+", "", "fullmatch", "a.b", true],
  ["[]a]", "", "fullmatch", "]", true],
  ["\\d{2,3}", "", "fullmatch", "1234", false],
  ["\\d{2,}", "", "fullmatch", "1234", true],
  ["a{,2}", "", "fullmatch", "aa", true],
  ["a{,2}", "", "search", "a{,2}", true],
  ["x{2}", "", "fullmatch", "xx", true],
  ["(?:ab|cd)+?e", "", "fullmatch", "abcde", true],
  ["(?P<host>[a-z]+)\\.com", "", "fullmatch", "abc.com", true],
  ["(?<host>[a-z]+)\\.com", "", "search", "abc.com", true],
  ["\\bfoo\\b", "", "search", "a foo b", true],
  ["\\bfoo\\b", "", "search", "afoob", false],
  ["a.c", "", "fullmatch", "a\nc", false],
  ["a.c", "s", "fullmatch", "a\nc", true],
  ["^b$", "m", "search", "a\nb\nc", true],
  ["\\x41\\u0042", "", "fullmatch", "AB", true],
  ["(a|)+b", "", "fullmatch", "aab", true],
  ["(a*)*$", "", "search", "aaaa", true],
  ["https://*.example.com", "", "match", "https://aexample.com", true],
  ["http://localhost:*", "i", "match", "http://localhost.evil.example", true],
  ["https://*.x.com", "", "glob", "https://a.x.com", true],
  ["https://*.x.com", "", "glob", "https://aax.com", false],
];

describe("regex engine", () => {
  for (const [pattern, flags, engine, input, expected] of TABLE) {
    it(`${engine} /${pattern}/${flags} ${expected ? "accepts" : "rejects"} ${JSON.stringify(input)}`, () => {
      assert.equal(accepts(pattern, engine, input, flags), expected);
    });
  }

  it("agrees with the JavaScript engine on search", () => {
    const patterns = [
      "example\\.com$",
      "^https?://(www\\.)?example\\.com$",
      "[a-z]+\\.(com|org)",
      "a.c|x{2,3}",
    ];
    const inputs = [
      "https://example.com",
      "http://www.example.com",
      "abc.org",
      "axxc",
      "https://evilexample.com",
    ];
    for (const p of patterns) {
      for (const s of inputs)
        assert.equal(accepts(p, "search", s), new RegExp(p).test(s), `${p} on ${s}`);
    }
  });

  it("runs catastrophic patterns in linear time", () => {
    const start = Date.now();
    assert.equal(accepts("^(a+)+$", "search", "a".repeat(20000) + "!"), false);
    assert.equal(accepts("(x+x+)+y", "match", "x".repeat(20000)), false);
    assert.ok(Date.now() - start < 5000, "took too long");
  });

  for (const p of [
    "(?=a)b",
    "(?!a)b",
    "(?<=a)b",
    "(?<!a)b",
    "(a)\\1",
    "(?P<n>a)(?P=n)",
    "(?(1)a|b)",
    "a++",
    "a**",
    "(",
    "[a",
  ]) {
    it(`reports ${JSON.stringify(p)} as unsupported`, () => {
      const r = compileOriginRegex(p, "", p.includes("P") ? "match" : "search");
      assert.ok(!isSupported(r));
    });
  }

  const HOSTS: [string, RegexEngine, string | undefined][] = [
    ["^https://app\\.example\\.com$", "search", "app.example.com"],
    ["https://.*\\.example\\.com", "fullmatch", "example.com"],
    ["^https?://([a-z0-9-]+\\.)*example\\.com(:\\d+)?$", "search", "example.com"],
    ["example\\.com$", "search", "example.com"],
    ["https://*.example.com", "match", "example.com"],
    ["http://localhost:*", "match", "localhost"],
    ["(?:app|www)\\.example\\.org", "fullmatch", "app.example.org"],
    [".*", "fullmatch", undefined],
  ];
  for (const [p, engine, host] of HOSTS) {
    it(`derives the intended host of ${p}`, () =>
      assert.equal(intendedHostOf(p, "", engine), host));
  }
});
