import assert from "node:assert/strict";
import { DEFAULT_CONFIG, type ResolvedConfig } from "../server/src/core/config";
import { classifyContext, conditionKind } from "../server/src/core/context";
import type { Guard } from "../server/src/core/model";

const SPAN = { start: 0, end: 1 };
const guard = (condition: string, whenTrue = true): Guard => ({ condition, whenTrue, span: SPAN });
const at = (path: string, config: Partial<ResolvedConfig> = {}) => ({
  path,
  config: { ...DEFAULT_CONFIG, ...config },
});

describe("context: conditions", () => {
  const cases: [string, "development" | "production" | undefined][] = [
    ["DEBUG", "development"],
    ["settings.DEBUG", "development"],
    ["app.debug", "development"],
    ["import.meta.env.DEV", "development"],
    ["isProduction", "production"],
    ["not DEBUG", "production"],
    ["!isDev", "production"],
    ["!  isDev", "production"],
    ["(  (DEBUG) )", "development"],
    ["(DEBUG) and (x)", undefined],
    ["process.env.NODE_ENV === 'development'", "development"],
    ['os.getenv("ENVIRONMENT") == "production"', "production"],
    ["process.env.NODE_ENV !== 'production'", "development"],
    ["process.env.NODE_ENV != 'test'", "production"],
    ["'production' === process.env.NODE_ENV", "production"],
    ['settings.ENV is "local"', "development"],
    ['ENV is not "live"', "development"],
    ["process.env.NODE_ENV === `dev`", "development"],
    ["  process.env.NODE_ENV\n  ===   'dev'  ", "development"],
    ["process.env.NODE_ENV === 'staging'", undefined],
    ["user.role === 'dev'", undefined],
    ["DEBUG == True", "development"],
    ["DEBUG != true", "production"],
    ["count == True", undefined],
    ["process.env.NODE_ENV.startsWith('dev')", "development"],
    ['ENVIRONMENT.startswith("prod")', "production"],
    ["stage.includes(`live`)", "production"],
    ["name.startsWith('dev')", undefined],
    ["ENVIRONMENT.startswith('qa')", undefined],
    ["x != y", undefined],
    ["!== 'x'", undefined],
  ];
  for (const [condition, kind] of cases) {
    it(`${JSON.stringify(condition)} is ${kind ?? "nothing"}`, () => {
      assert.equal(conditionKind(condition), kind);
    });
  }
});

describe("context: classification", () => {
  it("a production file without guards is production", () => {
    assert.deepEqual(classifyContext([], at("app/main.py")), {
      kind: "production",
      reason: "no development or test guard around it",
    });
  });

  it("test paths and development settings modules", () => {
    assert.deepEqual(classifyContext([], at("tests/test_api.py")), {
      kind: "test",
      reason: "tests/test_api.py is a test file",
    });
    assert.equal(classifyContext([], at("src/app.spec.ts")).kind, "test");
    assert.equal(classifyContext([], at("src/conftest.py")).kind, "test");
    assert.deepEqual(classifyContext([], at("shop/settings/dev.py")), {
      kind: "development",
      reason: "shop/settings/dev.py is a development settings module",
    });
    assert.equal(classifyContext([], at("shop/local_settings.py")).kind, "development");
  });

  it("the innermost guard that says anything decides, quoted as plain text", () => {
    const guards = [guard("process.env.NODE_ENV === 'production'"), guard("x > 1")];
    assert.deepEqual(classifyContext(guards, at("server.ts")), {
      kind: "production",
      reason: `inside "process.env.NODE_ENV === 'production'", a production check`,
    });
    assert.deepEqual(classifyContext([guard('os.getenv("ENV")  ==  "dev"', false)], at("a.py")), {
      kind: "production",
      reason: `in the else branch of 'os.getenv("ENV") == "dev"', a production check`,
    });
    assert.deepEqual(classifyContext([guard("isProd"), guard("DEBUG")], at("a.py")), {
      kind: "development",
      reason: 'inside "DEBUG", a development check',
    });
  });

  it("a guard wins over a development settings path; a test path wins over a guard", () => {
    assert.equal(classifyContext([guard("isProd")], at("settings/dev.py")).kind, "production");
    assert.equal(classifyContext([guard("isProd")], at("tests/app.py")).kind, "test");
  });

  it("configured globs win, production first, then test, then development", () => {
    const contexts = {
      production: ["deploy/**"],
      test: ["qa/**", "deploy/x/**"],
      development: ["sandbox/**", "qa/**"],
    };
    const reason = (p: string, k: string) => `${p} matches the "${k}" globs in .cors-lint.json`;
    assert.deepEqual(classifyContext([guard("DEBUG")], at("deploy/x/app.py", { contexts })), {
      kind: "production",
      reason: reason("deploy/x/app.py", "production"),
    });
    assert.deepEqual(classifyContext([], at("qa/app.py", { contexts })), {
      kind: "test",
      reason: reason("qa/app.py", "test"),
    });
    assert.deepEqual(
      classifyContext([guard("isProd")], at("sandbox/.hidden/app.py", { contexts })),
      {
        kind: "development",
        reason: reason("sandbox/.hidden/app.py", "development"),
      },
    );
    assert.equal(classifyContext([], at("tests/app.py", { contexts })).kind, "test");
    assert.equal(classifyContext([], at("src/app.py", { contexts })).kind, "production");
  });
});
