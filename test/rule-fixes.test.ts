import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { analyze, languageOf } from "../server/src/core/analyze";
import { DEFAULT_CONFIG, type ResolvedConfig } from "../server/src/core/config";
import { undeclaredFixes } from "./helpers/declared-fixes";

/** Every source file of the fixtures and the samples. */
function sources(): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir).flatMap((n) => {
          const p = join(dir, n);
          return statSync(p).isDirectory() ? walk(p) : [p];
        })
      : [];
  const root = join(__dirname, "..");
  return [...walk(join(__dirname, "fixtures")), ...walk(join(root, "samples"))].filter(
    (f) => languageOf(f) !== undefined,
  );
}

/** Without and with production origins: restricting fixes change applicability with them. */
const CONFIGS: ResolvedConfig[] = [
  DEFAULT_CONFIG,
  { ...DEFAULT_CONFIG, productionOrigins: ["https://app.example.com", "https://b.example.com"] },
];

describe("declared fixes (RuleMeta.fixes)", () => {
  const files = sources();

  it("every fix offered on the fixtures and samples is declared by its rule, with that applicability; all texts are plain", () => {
    assert.ok(files.length > 20, `only ${files.length} source files found`);
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const config of CONFIGS) {
        const rel = relative(join(__dirname, ".."), file).replace(/\\/g, "/");
        const r = analyze(text, file, { config, relativePath: rel });
        for (const f of [...r.findings, ...r.suppressed]) {
          for (const p of undeclaredFixes(f)) problems.push(`${rel}: ${p}`);
          // VS Code shows diagnostics, related information and code action titles as plain text.
          const texts = [f.message, f.context.reason, ...f.related.map((x) => x.message)];
          for (const t of [...texts, ...f.fixes.map((x) => x.title)]) {
            if (t.includes("`")) problems.push(`${rel}: markdown quoting in "${t}"`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
