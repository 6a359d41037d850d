import assert from "node:assert/strict";
import { fix } from "../server/src/core/fixes";
import { RULES } from "../server/src/core/rules";
import { defineRule, renderMessage, type RuleMeta } from "../server/src/core/rules/types";

const META: RuleMeta<"one", "do-it"> = {
  name: "some-rule",
  description: "A rule for tests.",
  defaultSeverity: "warning",
  fixes: { "do-it": ["safe"] },
  messages: { one: "Origin {origin} is odd{when}." },
  cwe: [942],
  securitySeverity: 1,
  references: ["https://example.com"],
};
const SPAN = { start: 0, end: 1 };

describe("typed rule metadata", () => {
  it("writes every message and description as plain text (no markdown backticks)", () => {
    const texts = RULES.flatMap((r) => [
      r.meta.description,
      ...Object.values<string>(r.meta.messages),
    ]);
    assert.deepEqual(
      texts.filter((t) => t.includes("`")),
      [],
    );
  });

  it("fills every placeholder of the report's message", () => {
    const text = renderMessage(META, {
      messageId: "one",
      data: { origin: "https://a.example.com", when: "" },
      span: SPAN,
    });
    assert.equal(text, "Origin https://a.example.com is odd.");
  });

  it("refuses an id the rule does not declare instead of showing it", () => {
    assert.throws(
      () => renderMessage(META as RuleMeta, { messageId: "two", span: SPAN }),
      /rule some-rule has no message "two"/,
    );
  });

  it("refuses a placeholder without a value instead of showing {name}", () => {
    assert.throws(
      () => renderMessage(META, { messageId: "one", data: { origin: "x" }, span: SPAN }),
      /no value for \{when\}/,
    );
  });

  it("does not compile a report with an undeclared message id or fix kind", () => {
    const rule = defineRule({
      meta: META,
      check: () => [
        // @ts-expect-error "two" is not one of the rule's message ids
        { messageId: "two", span: SPAN },
        // @ts-expect-error "undo-it" is not one of the rule's fix kinds
        { messageId: "one", span: SPAN, fixes: [fix("undo-it", "Undo", "safe", [])] },
      ],
    });
    assert.equal(rule.meta.name, "some-rule");
  });
});
