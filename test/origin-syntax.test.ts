import assert from "node:assert/strict";
import {
  globToPattern,
  parseOrigin,
  pythonSchemeNetloc,
  splitOrigins,
  type OriginProblem,
} from "../server/src/core/origin-syntax";

describe("origin syntax", () => {
  it("finds why a configured origin never equals an Origin header", () => {
    const cases: [string, OriginProblem[], string | undefined][] = [
      ["https://app.example.com", [], "https://app.example.com"],
      ["http://localhost:3000", [], "http://localhost:3000"],
      ["https://[::1]:8443", [], "https://[::1]:8443"],
      ["https://app.example.com/", ["trailing-slash"], "https://app.example.com"],
      ["https://app.example.com/app", ["path"], "https://app.example.com"],
      ["https://app.example.com?x=1", ["path"], "https://app.example.com"],
      ["https://app.example.com:443", ["default-port"], "https://app.example.com"],
      ["http://app.example.com:80", ["default-port"], "http://app.example.com"],
      ["https://app.example.com:80", [], "https://app.example.com:80"],
      ["https://App.example.com", ["uppercase"], "https://app.example.com"],
      ["HTTPS://app.example.com", ["uppercase"], "https://app.example.com"],
      [" https://app.example.com ", ["whitespace"], "https://app.example.com"],
      [
        "HTTPS://App.example.com:443/",
        ["trailing-slash", "default-port", "uppercase"],
        "https://app.example.com",
      ],
      ["app.example.com", ["no-scheme"], undefined],
      ["localhost:3000", ["no-scheme"], undefined],
      ["https://*.vercel.app", ["glob"], undefined],
      ["*.example.com", ["glob", "no-scheme"], undefined],
      ["https://a.example.com, https://b.example.com", ["several"], undefined],
      ["https://a.example.com https://b.example.com", ["several"], undefined],
      ["*", ["star"], undefined],
      ["", ["empty"], undefined],
      ["null", [], undefined],
    ];
    assert.deepEqual(
      cases.map(([s]) => {
        const o = parseOrigin(s);
        return [s, o.problems, o.normalised];
      }),
      cases,
    );
  });

  it("splits scheme, host, port and path as written", () => {
    assert.deepEqual(parseOrigin("HTTP://User@Host.example.com:8080/a?b#c").parts, {
      scheme: "HTTP",
      host: "Host.example.com",
      port: "8080",
      path: "/a?b#c",
    });
    assert.deepEqual(parseOrigin("[::1]:3000").parts, {
      scheme: undefined,
      host: "[::1]",
      port: "3000",
      path: "",
    });
  });

  it("classifies loopback, private-network and plain-http origins", () => {
    const flags = (s: string) => {
      const o = parseOrigin(s);
      return [o.loopback, o.privateNetwork, o.plainHttp];
    };
    const cases: [string, boolean[]][] = [
      ["http://localhost:3000", [true, false, true]],
      ["http://LOCALHOST", [true, false, true]],
      ["http://app.localhost", [true, false, true]],
      ["http://127.0.0.1:8000", [true, false, true]],
      ["http://127.1.2.3", [true, false, true]],
      ["http://[::1]:5173", [true, false, true]],
      ["localhost:3000", [true, false, false]],
      ["http://10.1.2.3", [false, true, true]],
      ["http://172.16.0.1", [false, true, true]],
      ["http://172.31.255.255", [false, true, true]],
      ["http://172.32.0.1", [false, false, true]],
      ["http://192.168.0.10:3000", [false, true, true]],
      ["http://169.254.1.1", [false, true, true]],
      ["http://[fd00::1]", [false, true, true]],
      ["https://printer.local", [false, true, false]],
      ["https://localhost.example.com", [false, false, false]],
      ["https://10.example.com", [false, false, false]],
      ["http://app.example.com", [false, false, true]],
    ];
    assert.deepEqual(
      cases.map(([s]) => [s, flags(s)]),
      cases,
    );
  });

  it("reads scheme and netloc as Python's urlsplit does (django-cors-headers)", () => {
    const cases: [string, { scheme: string; netloc: string }][] = [
      ["https://a.example.com/x", { scheme: "https", netloc: "a.example.com" }],
      ["HTTPS://A.example.com", { scheme: "https", netloc: "A.example.com" }],
      ["null", { scheme: "", netloc: "" }],
      ["a.example.com", { scheme: "", netloc: "" }],
      ["127.0.0.1:8000", { scheme: "", netloc: "" }],
      ["localhost:3000", { scheme: "localhost", netloc: "" }],
      ["*", { scheme: "", netloc: "" }],
      ["//a.example.com", { scheme: "", netloc: "a.example.com" }],
      [" https://a.example.com", { scheme: "https", netloc: "a.example.com" }],
    ];
    assert.deepEqual(
      cases.map(([s]) => [s, pythonSchemeNetloc(s)]),
      cases,
    );
  });

  it("turns a glob into a pattern: a label, or a port after a colon", () => {
    assert.equal(globToPattern("https://*.vercel.app"), "https://[a-z0-9-]+\\.vercel\\.app");
    assert.equal(globToPattern("http://localhost:*"), "http://localhost:[0-9]+");
    assert.deepEqual(splitOrigins(" a, b  c,"), ["a", "b", "c"]);
  });
});
