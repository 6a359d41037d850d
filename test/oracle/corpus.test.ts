import assert from "node:assert/strict";
import { callbackFor, callbackText } from "./corpus/callbacks";
import { corpus } from "./corpus";
import { LIST_FORMS, REGEX_FORMS } from "./corpus/forms";
import { isTag, type ConfigValue, type FnBehaviour, type OracleFramework } from "./corpus/types";
import { ENGINE_FRAMEWORK, evaluateCall, extractPolicies, observed } from "./compare";
import { liveValue } from "./drivers/js";
import type { RuntimeRecord } from "./drivers/record";
import { originSet } from "./origins";

const ITEMS = corpus();

describe("oracle corpus", () => {
  it("has at least 500 configurations with unique ids, covering every framework", () => {
    assert.ok(ITEMS.length >= 500, `${ITEMS.length} configurations`);
    assert.equal(new Set(ITEMS.map((i) => i.id)).size, ITEMS.length);
    const frameworks = new Set(ITEMS.map((i) => i.framework));
    assert.deepEqual([...frameworks].sort(), Object.keys(ENGINE_FRAMEWORK).sort());
    const flaskForms = new Set(
      ITEMS.filter((i) => i.framework === "flask-cors").map((i) => i.form ?? "app"),
    );
    assert.deepEqual([...flaskForms].sort(), ["app", "decorator", "resources"]);
  });

  it("uses every origin list shape and every regex shape", () => {
    for (const f of LIST_FORMS)
      assert.ok(
        ITEMS.some((i) => i.id.includes(`-list-${f.name}-`)),
        f.name,
      );
    for (const r of REGEX_FORMS)
      assert.ok(
        ITEMS.some((i) => i.id.includes(`-${r.name}`)),
        r.name,
      );
  });

  it("covers every Falcon origin shape with allow_credentials omitted and '*'", () => {
    const shapes = [
      ...LIST_FORMS.map((f) => `list-${f.name}`),
      ...["star", "str-origin", "str-comma-list", "tuple", "env-star", "env-split"],
      "regex-str-anchored",
    ];
    for (const shape of shapes)
      for (const c of ["no-creds", "creds"])
        assert.ok(
          ITEMS.some((i) => i.id === `falcon-${shape}-${c}`),
          `falcon-${shape}-${c}`,
        );
    for (const id of ["falcon-app-cors-enable", "falcon-default", "falcon-star-creds-list"])
      assert.ok(
        ITEMS.some((i) => i.id === id),
        id,
      );
  });

  it("runs every Express shape through socket.io, with new Server(), require() and attach()", () => {
    const express = ITEMS.filter((i) => i.framework === "express-cors");
    for (const e of express) {
      const twin = ITEMS.find((i) => i.id === e.id.replace(/^express-/, "socketio-"));
      assert.ok(twin?.framework === "socket.io", e.id);
      assert.deepEqual(twin.options, [["cors", { $dict: e.options }]], e.id);
    }
    const forms = new Set(
      ITEMS.filter((i) => i.framework === "socket.io").map((i) => i.form ?? "new"),
    );
    assert.deepEqual([...forms].sort(), ["attach", "new", "require"]);
    assert.ok(ITEMS.some((i) => i.id === "socketio-cors-true"));
  });

  it("writes every option of the structured config into the snippet, nested ones too", () => {
    const names = (options: [string, ConfigValue][]): string[] =>
      options.flatMap(([name, v]) => [
        name,
        ...(isTag(v, "$dict") ? names(v.$dict) : isTag(v, "$options") ? names(v.$options) : []),
      ]);
    for (const item of ITEMS) {
      for (const name of names(item.options))
        assert.ok(item.snippet.includes(name), `${item.id}: ${name}`);
    }
  });

  it("gives the engine a policy of the right framework for every snippet", () => {
    const missing = ITEMS.filter((i) => typeof extractPolicies(i) === "string").map((i) => i.id);
    assert.deepEqual(missing, []);
  });

  it("sends intended origins and both attacker targets to every configuration", () => {
    const { origins } = originSet();
    for (const o of [
      "https://app.example.com",
      "http://localhost:3000",
      "null",
      "https://evilexample.com",
    ]) {
      assert.ok(origins.includes(o), o);
    }
    for (const item of ITEMS)
      for (const o of item.intended) assert.ok(origins.includes(o), `${item.id}: ${o}`);
  });
});

describe("oracle callbacks", () => {
  const behaviours: FnBehaviour[] = [
    { kind: "reflect" },
    { kind: "deny" },
    { kind: "endsWith", value: ".example.com" },
    { kind: "includes", value: "example.com" },
    { kind: "allowlist", values: ["https://app.example.com"] },
  ];
  const probes = [
    "https://app.example.com",
    "https://evilexample.com",
    "https://example.com.evil.example",
  ];

  /** Runs our own rendered callback text (corpus data, not workspace code) to prove it matches. */
  function fromText(text: string): (...args: unknown[]) => unknown {
    return new Function(`return ${text}`)() as (...args: unknown[]) => unknown;
  }

  for (const fw of ["express-cors", "socket.io", "hono", "koa-cors"] as OracleFramework[]) {
    it(`renders the same callback it runs (${fw})`, () => {
      for (const b of behaviours) {
        const live = callbackFor(fw, b) as (...args: unknown[]) => unknown;
        const text = fromText(callbackText(fw, b));
        for (const origin of probes) {
          const call = (f: (...args: unknown[]) => unknown): unknown => {
            if (fw === "koa-cors") return f({ get: () => origin });
            if (fw === "hono") return f(origin);
            let out: unknown;
            f(origin, (_e: unknown, allow: unknown) => (out = allow));
            return out;
          };
          assert.equal(call(live), call(text), `${fw} ${b.kind} ${origin}`);
        }
      }
    });
  }

  it("builds live values from tags with the environment unset", () => {
    delete process.env.ORACLE_TEST_UNSET;
    const v = liveValue({ $split: { $env: "ORACLE_TEST_UNSET", default: "a,b" } }, "express-cors");
    assert.deepEqual(v, ["a", "b"]);
    const r = liveValue(
      { $regex: String.raw`^https:\/\/a\.com$`, flags: "i" },
      "express-cors",
    ) as RegExp;
    assert.ok(r.test("https://A.com") && !r.test("https://a.com.evil"));
  });
});

describe("oracle evaluateCall()", () => {
  it("answers a Falcon call split by allow_credentials with the policy that singles the origin out", () => {
    const item = ITEMS.find((i) => i.id === "falcon-star-creds-list");
    assert.ok(item);
    const policies = extractPolicies(item);
    assert.ok(typeof policies !== "string" && policies.length === 2);
    const app = evaluateCall(policies, "https://app.example.com", { request: "simple-cookie" });
    assert.deepEqual([app.allowOriginHeader, app.credentials], ["https://app.example.com", true]);
    const evil = evaluateCall(policies, "https://evil.example", { request: "simple-cookie" });
    assert.deepEqual([evil.allowOriginHeader, evil.credentials], ["*", false]);
  });
});

describe("oracle observed()", () => {
  const rec = (status: number, acao: string | null, acac: string | null = null): RuntimeRecord => ({
    status,
    acao,
    acac,
    vary: false,
  });
  const o = "https://evil.example";

  it("reads the browser verdict from the headers", () => {
    assert.equal(observed(rec(200, "*"), o, "simple").allowed, true);
    assert.equal(observed(rec(200, "https://other.example"), o, "simple").allowed, false);
    assert.equal(observed(rec(400, o), o, "preflight").allowed, false);
    assert.equal(observed(rec(204, o), o, "preflight").allowed, true);
  });

  it("reads credentials only from an exact origin with ACAC true", () => {
    assert.equal(
      observed(rec(200, "*", "true"), o, "simple-cookie").readableWithCredentials,
      false,
    );
    assert.equal(observed(rec(200, o, "true"), o, "simple-cookie").readableWithCredentials, true);
    assert.equal(observed(rec(200, o, "TRUE"), o, "simple-cookie").credentials, false);
    assert.equal(observed(rec(200, o, "true"), o, "simple").readableWithCredentials, undefined);
  });
});
