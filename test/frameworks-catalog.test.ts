import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FRAMEWORKS } from "../server/src/core/frameworks";
import { ENGINE_FRAMEWORK } from "./oracle/compare";

/**
 * The framework catalog: every framework of the model has one descriptor in the sorted `FRAMEWORKS`
 * table, its annotated fixtures, runtime-oracle coverage or a written reason, and a README row.
 */
const ROOT = join(__dirname, "..");
const EXTENSIONS = { python: /\.pyi?$/, typescript: /\.[cm]?[jt]sx?$/ };

/** The ids of the `Framework` union in model.ts, as written. */
function modelFrameworks(): string[] {
  const text = readFileSync(join(ROOT, "server/src/core/model.ts"), "utf8");
  const union = /export type Framework =([^;]+);/.exec(text);
  assert.ok(union, "model.ts declares the Framework union");
  return [...union[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/** The first cells of the README's "Frameworks" table. */
function readmeRows(): string[] {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = text.split(/^## /m).find((s) => s.startsWith("Frameworks\n"));
  assert.ok(section, "README.md has a Frameworks section");
  return section
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| Framework |"))
    .map((l) => l.split("|")[1]);
}

describe("framework catalog", () => {
  const ids = FRAMEWORKS.map((d) => d.id);

  it("has one descriptor per framework of the model, sorted by id", () => {
    assert.deepEqual([...ids].sort(), [...modelFrameworks()].sort());
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const d of FRAMEWORKS) {
    it(`${d.id}: fixtures, oracle coverage or its reason, README row, option facts`, () => {
      const dir = join(ROOT, "test/fixtures", d.fixtures);
      assert.ok(existsSync(dir), `test/fixtures/${d.fixtures} exists`);
      const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((n) =>
        EXTENSIONS[d.language].test(n),
      );
      assert.ok(files.length > 0, `test/fixtures/${d.fixtures} holds ${d.language} files`);
      const covered = Object.values(ENGINE_FRAMEWORK).includes(d.id);
      assert.ok(covered !== !!d.noOracle?.trim(), "oracle coverage xor a reason (noOracle)");
      assert.ok(
        readmeRows().some((cell) => cell.includes(`(\`${d.id}\`)`)),
        `README.md Frameworks table has a row for ${d.id}`,
      );
      assert.equal(
        !!d.options,
        !!d.unknownOption,
        "known options come with an unknown-option effect",
      );
      if (d.options) assert.match(d.options.source, /\d+\.(\d+|x)/, "the version read is cited");
    });
  }
});
