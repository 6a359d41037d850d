import assert from "node:assert/strict";
import { run } from "./helpers/analyze";

describe("engine smoke", () => {
  it("finds a FastAPI wildcard", () => {
    const code = `from fastapi.middleware.cors import CORSMiddleware
app.add_middleware(CORSMiddleware, allow_origins=["*"])
`;
    const r = run(code, "app.py");
    assert.equal(r.policies.length, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, code.slice(f.span.start, f.span.end)]),
      [["wildcard-origin", '"*"']],
    );
  });
});
