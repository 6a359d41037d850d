import assert from "node:assert/strict";
import { checkF, pathsOf, summaryEntries, type AltMeta } from "../server/src/core/extract/origins";
import type { OriginEntry } from "../server/src/core/model";
import type { OriginCheck, Value } from "../server/src/core/values";

/** The entries of an origin echoed under one check, read by the mapper both languages share. */
function echoEntries(
  checks: OriginCheck[],
  echo: { start: number; end: number },
  m: AltMeta,
): OriginEntry[] {
  return summaryEntries(pathsOf({ kind: "origin" }, checkF(checks[0])), echo, m, {
    listMatch: "exact",
    reflectReason: "echo-header",
  });
}

const span = (start: number) => ({ start, end: start + 1 });

describe("echoed origins: env-variable metadata (one mapper for Python and JS)", () => {
  it("an allowlist item names the variable whose default it is, not the header's", () => {
    const item: Value = { kind: "string", value: "https://a.example.com", span: span(10) };
    const list: Value = {
      kind: "env",
      variable: "ALLOWED_ORIGINS",
      fallback: { kind: "list", items: [item], span: span(5) },
      span: span(0),
    } as Value;
    const entries = echoEntries([{ kind: "list", list }], span(40), {
      envVar: "HEADER_VALUE",
      inList: false,
    });
    assert.deepEqual(
      entries.map((e) => [e.kind, e.kind === "exact" ? e.value : "", e.envVar]),
      [["exact", "https://a.example.com", "ALLOWED_ORIGINS"]],
    );
    const plain = echoEntries(
      [{ kind: "list", list: { kind: "list", items: [item], span: span(5) } }],
      span(40),
      {
        envVar: "HEADER_VALUE",
        inList: false,
      },
    );
    assert.equal(plain[0].envVar, "HEADER_VALUE");
  });
});
