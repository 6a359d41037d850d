import assert from "node:assert/strict";
import { summariseFunction, type FnLike } from "../server/src/core/extract/js/behaviour";
import { JsResolver } from "../server/src/core/extract/js/resolver";
import { functionNamed, summarisePyFunction } from "../server/src/core/extract/python/behaviour";
import { PyResolver } from "../server/src/core/extract/python/resolver";
import { summaryEntries } from "../server/src/core/extract/origins";
import type { OriginEntry } from "../server/src/core/model";
import { parsePython } from "../server/src/core/parse/python";
import { parseTypeScript, ts } from "../server/src/core/parse/typescript";
import type { OriginSummary } from "../server/src/core/values";
import { describeSummary } from "./helpers/summary";
import { ORIGIN_CHECKS as TABLE } from "./helpers/origin-check-table";

/** The summary of `function check(origin)` in JS/TS. */
function jsSummary(code: string): OriginSummary {
  const { sf } = parseTypeScript(code, "x.ts");
  const r = new JsResolver(sf);
  const fn = sf.statements.find(
    (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === "check",
  );
  assert.ok(fn, "no function check");
  return summariseFunction(fn as FnLike, r, 0, -1);
}

/** The summary of `def check(origin):` in Python. */
function pySummary(code: string): OriginSummary {
  const parsed = parsePython(code);
  const r = new PyResolver(parsed.root, code);
  const fn = functionNamed(parsed.root, "check");
  assert.ok(fn, "no def check");
  return summarisePyFunction(r, fn, 0);
}

/** Entries without positions: what evaluate() and the rules see. */
function entries(s: OriginSummary): unknown[] {
  const strip = (e: OriginEntry): unknown => {
    const { span: _s, guards: _g, ...rest } = e as OriginEntry & { guards?: unknown };
    return rest;
  };
  return summaryEntries(s, { start: 0, end: 0 }, { inList: false }, { listMatch: "exact" }).map(
    strip,
  );
}

describe("one origin-check vocabulary for Python and JS", () => {
  for (const t of TABLE) {
    it(`${t.name}: ${t.expected}`, () => {
      const py = pySummary(t.py);
      const js = jsSummary(t.js);
      assert.equal(describeSummary(py), t.expected, "Python");
      assert.equal(describeSummary(js), t.expected, "JS");
      assert.deepEqual(entries(py), entries(js));
    });
  }
});
