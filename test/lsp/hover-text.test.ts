import assert from "node:assert/strict";
import { markdownText } from "../../server/src/lsp/hover";

describe("hover: plain text inside markdown", () => {
  it("escapes what markdown would read as emphasis, code or links", () => {
    assert.equal(
      markdownText('development: inside "__DEV__ && a*b", a development check'),
      'development: inside "\\_\\_DEV\\_\\_ && a\\*b", a development check',
    );
    assert.equal(markdownText("[x](y) `z`"), "\\[x\\]\\(y\\) \\`z\\`");
  });
});
