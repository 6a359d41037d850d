import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULE_NAMES } from "../../server/src/core/rules";
import { DEFAULT_SETTINGS } from "../../server/src/lsp/settings";
import { syncedFiles } from "../../scripts/sync-rules";

const ROOT = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const contributes = manifest.contributes;
const clientSource = readdirSync(join(ROOT, "client/src"))
  .map((f) => readFileSync(join(ROOT, "client/src", f), "utf8"))
  .join("\n");

describe("extension manifest", () => {
  it('contributes exactly the commands the client registers, all in the "CORS Lint" category', () => {
    const registered = [...clientSource.matchAll(/command\(["'](corsLint\.[\w.]+)["']/g)]
      .map((m) => m[1])
      .sort();
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, registered);
    assert.ok(contributes.commands.every((c: { category: string }) => c.category === "CORS Lint"));
  });

  it("contributes a setting for every setting the server reads", () => {
    const read = [...Object.keys(DEFAULT_SETTINGS), "trace.server"]
      .map((k) => `corsLint.${k}`)
      .sort();
    assert.deepEqual(Object.keys(contributes.configuration.properties).sort(), read);
    for (const [k, v] of Object.entries(DEFAULT_SETTINGS)) {
      assert.deepEqual(contributes.configuration.properties[`corsLint.${k}`].default, v, k);
    }
  });

  it("declares the activity-bar views, their welcome content and the trust stance", () => {
    const views = contributes.views["cors-lint"].map((v: { id: string }) => v.id);
    assert.deepEqual(views, ["corsLint.problems", "corsLint.policies"]);
    assert.ok(
      contributes.viewsWelcome.some((w: { view: string }) => w.view === "corsLint.problems"),
    );
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(typeof manifest.capabilities.virtualWorkspaces.description, "string");
    assert.ok(existsSync(join(ROOT, contributes.viewsContainers.activitybar[0].icon)));
  });

  it("validates .cors-lint.json with the shipped schema", () => {
    const [v] = contributes.jsonValidation;
    assert.equal(v.fileMatch, ".cors-lint.json");
    assert.ok(existsSync(join(ROOT, v.url)));
  });

  it("ships injection grammars whose patterns compile", () => {
    for (const g of contributes.grammars) {
      const grammar = JSON.parse(readFileSync(join(ROOT, g.path), "utf8"));
      assert.equal(grammar.scopeName, g.scopeName);
      const patterns: string[] = [];
      const walk = (o: unknown): void => {
        if (!o || typeof o !== "object") return;
        for (const [k, v] of Object.entries(o)) {
          if ((k === "match" || k === "begin" || k === "end") && typeof v === "string")
            patterns.push(v);
          else walk(v);
        }
      };
      walk(grammar.repository);
      assert.ok(patterns.length > 5);
      for (const p of patterns) assert.doesNotThrow(() => new RegExp(p), p);
      for (const scope of g.injectTo)
        assert.match(grammar.injectionSelector, new RegExp(`L:${scope.replace(/\./g, "\\.")} `));
    }
  });

  it("packages from an allowlist: bundles, .wasm, schemas, syntaxes and media only", () => {
    const lines = readFileSync(join(ROOT, ".vscodeignore"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    assert.equal(lines[0], "**");
    assert.ok(lines.slice(1).every((l) => l.startsWith("!")));
    for (const needed of [
      "!client/out/extension.js",
      "!server/out/server.js",
      "!server/out/typescript.js",
      "!server/out/*.wasm",
      "!package.json",
      "!docs/rules/*.md",
    ]) {
      assert.ok(lines.includes(needed), needed);
    }
    assert.equal(manifest.main, "./client/out/extension.js");
  });

  it("lists every rule id with its description in corsLint.rules and the .cors-lint.json schema", async () => {
    for (const [path, expected] of await syncedFiles()) {
      assert.equal(
        readFileSync(path, "utf8"),
        expected,
        `${path} is out of date with the rule registry: run \`npm run sync:rules\``,
      );
    }
    const rules = contributes.configuration.properties["corsLint.rules"].properties;
    assert.deepEqual(Object.keys(rules), [...RULE_NAMES].sort());
  });

  it("titles the settings by their own names (the configuration id trims the corsLint prefix)", () => {
    // VS Code derives a setting's category from its key ("corsLint.enable" -> "Cors Lint") and drops
    // the part its group's id repeats: the id "corsLint" makes the rows read "Enable", "Trace: Server".
    assert.equal(contributes.configuration.id, "corsLint");
    assert.equal(contributes.configuration.title, "CORS Lint");
  });
});
