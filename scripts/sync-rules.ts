/**
 * Writes the rule registry into the two JSON schemas users edit rule levels in: package.json's
 * `corsLint.rules` setting and schemas/cors-lint.schema.json's `rules`, one property per rule id with
 * its description (so the settings editor and JSON completion list the rule names). `npm run
 * sync:rules` writes them; the manifest test fails when they drift from the registry.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { RULES } from "../server/src/core/rules";

const ROOT = join(__dirname, "..");
const MANIFEST = join(ROOT, "package.json");
const SCHEMA = join(ROOT, "schemas", "cors-lint.schema.json");

/** The `properties` of a rules map: one entry per rule id, alphabetical, each a level. */
function ruleProperties(level: object): Record<string, object> {
  return Object.fromEntries(
    [...RULES]
      .sort((a, b) => a.meta.name.localeCompare(b.meta.name))
      .map((r) => [r.meta.name, { ...level, description: r.meta.description }]),
  );
}

async function format(value: unknown, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(value, null, 2), { ...options, filepath: file });
}

/** package.json and the schema as they must be: [path, expected text] pairs. */
export async function syncedFiles(): Promise<[string, string][]> {
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  const setting = manifest.contributes.configuration.properties["corsLint.rules"];
  setting.properties = ruleProperties(setting.additionalProperties);
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
  schema.properties.rules.properties = ruleProperties({ $ref: "#/definitions/level" });
  return [
    [MANIFEST, await format(manifest, MANIFEST)],
    [SCHEMA, await format(schema, SCHEMA)],
  ];
}

if (require.main === module) {
  void syncedFiles().then((files) => {
    for (const [path, text] of files) writeFileSync(path, text);
  });
}
