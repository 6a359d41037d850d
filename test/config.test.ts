import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_CONFIG,
  parseConfig,
  resolveConfig,
  withRuleLevels,
  type ConfigFile,
} from "../server/src/core/config";
import { RULE_NAMES } from "../server/src/core/rules";

/** Parses a config text against the registered rules, as the CLI and the server do. */
function parse(text: string, fileName: string): ReturnType<typeof parseConfig> {
  return parseConfig(text, fileName, RULE_NAMES);
}

/** The errors of a config text as `line:column message`. */
function errors(text: string): string[] {
  return parse(text, ".cors-lint.json").errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe("config: parseConfig", () => {
  it("reads every option", () => {
    const text = `{
  "$schema": "./node_modules/cors-lint/schemas/cors-lint.schema.json",
  "rules": { "wildcard-origin": "error", "null-origin": "off" },
  "productionOrigins": ["https://shop.example.com", "http://localhost:8080"],
  "contexts": { "test": ["qa/**"], "development": ["dev/**"], "production": ["deploy/**"] },
  "developmentSeverity": "hint",
  "testSeverity": "off",
  "ignore": ["vendor/**"],
  "unsafeFixes": true
}`;
    const { config, errors: errs } = parse(text, ".cors-lint.json");
    assert.deepEqual(errs, []);
    assert.deepEqual(config, {
      rules: { "wildcard-origin": "error", "null-origin": "off" },
      productionOrigins: ["https://shop.example.com", "http://localhost:8080"],
      contexts: { test: ["qa/**"], development: ["dev/**"], production: ["deploy/**"] },
      developmentSeverity: "hint",
      testSeverity: "off",
      ignore: ["vendor/**"],
      unsafeFixes: true,
    });
  });

  it("accepts comments and trailing commas", () => {
    const { config, errors: errs } = parse(
      '/* c */ {\n  // rules\n  "rules": { "wildcard-origin": "info", },\n}\n',
      "x",
    );
    assert.deepEqual(errs, []);
    assert.deepEqual(config.rules, { "wildcard-origin": "info" });
  });

  it("gives defaults for an empty object", () => {
    assert.deepEqual(parse("{}", "x"), { config: DEFAULT_CONFIG, file: {}, errors: [] });
  });

  const invalid: [string, string, string[]][] = [
    ["empty file", "  \n", ["1:1 .cors-lint.json is empty: expected a JSON object"]],
    ["not an object", "[1]", ["1:1 expected a JSON object, found an array"]],
    ["broken JSON", '{\n  "rules": {\n}', ["3:2 invalid JSON: close brace expected"]],
    [
      "unknown option",
      '{ "ignores": [] }',
      ['1:3 unknown option "ignores" (did you mean "ignore"?)'],
    ],
    [
      "unknown rule",
      '{ "rules": { "wildcard-orign": "off" } }',
      ['1:14 unknown rule "wildcard-orign" (did you mean "wildcard-origin"?)'],
    ],
    [
      "bad level",
      '{ "rules": { "wildcard-origin": "warn" } }',
      [
        '1:33 rules.wildcard-origin must be one of "error", "warning", "info", "hint", "off", found "warn" (did you mean "warning"?)',
      ],
    ],
    ["wrong type", '{ "unsafeFixes": "yes" }', ['1:18 unsafeFixes must be a boolean, found "yes"']],
    ["rules not an object", '{ "rules": [] }', ["1:12 rules must be an object, found an array"]],
    [
      "not a string list",
      '{ "ignore": "vendor" }',
      ['1:13 ignore must be an array of strings, found "vendor"'],
    ],
    [
      "a number in a list",
      '{ "ignore": ["a", 1] }',
      ["1:19 ignore must hold strings only, found 1"],
    ],
    [
      "unknown context",
      '{ "contexts": { "dev": [] } }',
      ['1:17 unknown context "dev": expected test, development or production'],
    ],
    [
      "bad context severity",
      '{ "testSeverity": 2 }',
      ['1:19 testSeverity must be one of "error", "warning", "info", "hint", "off", found 2'],
    ],
    ["duplicate key", '{ "ignore": [], "ignore": [] }', ['1:17 duplicate key "ignore"']],
    [
      "origins that never match",
      '{ "productionOrigins": ["https://a.com/", "HTTPS://B.COM", "https://c.com:443", "*", "c.com"] }',
      [
        '1:25 productionOrigins: "https://a.com/" is not an origin: an origin has no path and no trailing slash',
        '1:43 productionOrigins: "HTTPS://B.COM" is not an origin: browsers send origins in lowercase',
        '1:60 productionOrigins: "https://c.com:443" is not an origin: browsers omit the default port',
        '1:81 productionOrigins: "*" is not an origin: a production origin must be a real origin, not a wildcard or "null"',
        '1:86 productionOrigins: "c.com" is not an origin: expected scheme://host[:port]',
      ],
    ],
  ];
  for (const [name, text, expected] of invalid) {
    it(`reports ${name} with its position`, () => assert.deepEqual(errors(text), expected));
  }

  it("keeps the valid entries and gives defaults for the invalid ones", () => {
    const { config, errors: errs } = parse(
      '{ "rules": { "wildcard-origin": "error", "nope": "off" }, "testSeverity": "loud", "ignore": ["a/**"] }',
      "x",
    );
    assert.equal(errs.length, 2);
    assert.deepEqual(config.rules, { "wildcard-origin": "error" });
    assert.equal(config.testSeverity, DEFAULT_CONFIG.testSeverity);
    assert.deepEqual(config.ignore, ["a/**"]);
  });

  it("reports offsets and lengths of the offending text", () => {
    const text = '{ "unsafeFixes": "yes" }';
    const [e] = parse(text, "x").errors;
    assert.equal(text.slice(e.offset, e.offset + e.length), '"yes"');
  });
});

describe("config: merging", () => {
  it("layers a file over a base: rules merge, other fields replace", () => {
    const base = resolveConfig({ rules: { "wildcard-origin": "error" }, ignore: ["a/**"] });
    const file: ConfigFile = {
      rules: { "null-origin": "off" },
      ignore: ["b/**"],
      contexts: { test: ["t/**"] },
    };
    const merged = resolveConfig(file, base);
    assert.deepEqual(merged.rules, { "wildcard-origin": "error", "null-origin": "off" });
    assert.deepEqual(merged.ignore, ["b/**"]);
    assert.deepEqual(merged.contexts, { test: ["t/**"], development: [], production: [] });
    assert.equal(merged.developmentSeverity, "info");
  });

  it("rule levels from the command line win", () => {
    const c = withRuleLevels(resolveConfig({ rules: { "wildcard-origin": "off" } }), {
      "wildcard-origin": "error",
    });
    assert.deepEqual(c.rules, { "wildcard-origin": "error" });
    assert.equal(withRuleLevels(DEFAULT_CONFIG, {}), DEFAULT_CONFIG);
  });
});

describe("config: JSON schema", () => {
  const schema = JSON.parse(
    readFileSync(join(__dirname, "..", "schemas", "cors-lint.schema.json"), "utf8"),
  );

  it("lists exactly the options parseConfig accepts", () => {
    const keys = Object.keys(schema.properties);
    for (const key of keys) {
      assert.ok(!errors(`{ "${key}": null }`).some((e) => e.includes("unknown option")), key);
    }
    assert.deepEqual(keys.sort(), Object.keys({ ...DEFAULT_CONFIG, $schema: "" }).sort());
    assert.equal(schema.additionalProperties, false);
  });

  it("offers the same levels as the parser", () => {
    for (const level of schema.definitions.level.enum)
      assert.deepEqual(errors(`{ "testSeverity": "${level}" }`), []);
    assert.deepEqual(schema.properties.unsafeFixes.type, "boolean");
  });
});
