import assert from "node:assert/strict";
import { DEBOUNCE_MS, debounceFor } from "../../server/src/lsp/linter";

describe("adaptive debounce", () => {
  it("analyses at once while analyses are quick, then waits about one analysis, capped", () => {
    assert.equal(debounceFor(undefined), 0);
    assert.equal(debounceFor(12), 0);
    assert.equal(debounceFor(99.9), 0);
    assert.equal(debounceFor(100), 100);
    assert.equal(debounceFor(131.4), 131);
    assert.equal(debounceFor(900), DEBOUNCE_MS);
  });
});
