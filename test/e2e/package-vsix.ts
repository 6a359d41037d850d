import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./toolchain";

/**
 * Packages an extension folder with the project's vsce (`vsce package --no-dependencies`) into a
 * .vsix in a temp folder that is removed when the process exits. vsce only reads the folder; for
 * the product, pass the repository root after `npm run build`.
 */
export function packageVsix(extensionDir: string): string {
  const work = mkdtempSync(join(tmpdir(), "cors-lint-vsix-"));
  process.once("exit", () => rmSync(work, { recursive: true, force: true }));
  const out = join(work, "extension.vsix");
  const vsce = join(ROOT, "node_modules/@vscode/vsce/vsce");
  const r = spawnSync(
    process.execPath,
    [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", out],
    { cwd: extensionDir, encoding: "utf8", timeout: 120_000 },
  );
  if (r.status !== 0 || !existsSync(out)) {
    throw new Error(`vsce package failed in ${extensionDir}:\n${r.stdout}\n${r.stderr}`);
  }
  return out;
}
