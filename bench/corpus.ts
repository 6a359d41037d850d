import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** A deterministic pseudo-random generator, so every run scans the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function tsModule(i: number, r: () => number): string {
  const fns = 6 + Math.floor(r() * 10);
  let out = `import { readFile } from 'node:fs/promises';\nimport type { Request, Response } from 'express';\n\n`;
  for (let k = 0; k < fns; k++) {
    out += `/** Handler ${k} of module ${i}. */
export async function handle${k}(req: Request, res: Response): Promise<void> {
  const id = Number(req.params.id ?? ${k});
  const data = JSON.parse(await readFile(\`data/\${id}.json\`, 'utf8')) as { items: number[] };
  const total = data.items.reduce((a, b) => a + b, 0);
  res.status(total > ${k * 10} ? 200 : 204).json({ id, total, headers: req.headers['accept'] });
}

`;
  }
  return out;
}

function pyModule(i: number, r: () => number): string {
  const fns = 6 + Math.floor(r() * 10);
  let out = `import json\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Order${i}:\n    id: int\n    total: float\n\n\n`;
  for (let k = 0; k < fns; k++) {
    out += `def handle_${k}(request, order_id: int = ${k}) -> dict:
    """Handler ${k} of module ${i}."""
    with open(f"data/{order_id}.json") as fh:
        data = json.load(fh)
    total = sum(item["price"] for item in data["items"])
    return {"id": order_id, "total": total, "accept": request.headers.get("accept")}


`;
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * Writes `n` files under `dir`: ordinary TS and Python modules in a monorepo layout, and about 2% files with
 * CORS configurations copied from the samples workspace.
 */
export function generateCorpus(
  dir: string,
  n: number,
  samples: string,
): { files: number; lines: number; corsFiles: number; jsTsFiles: number } {
  const r = rng(42);
  const cors = walk(samples).filter((f) => /\.(py|ts|mjs|js)$/.test(f));
  let lines = 0;
  let corsFiles = 0;
  let jsTsFiles = 0;
  for (let i = 0; i < n; i++) {
    const pkg = `packages/svc-${i % 40}`;
    let path: string;
    let text: string;
    if (i % 50 === 0) {
      const src = cors[(i / 50) % cors.length];
      path = join(dir, pkg, "cors", `${i}-${relative(samples, src).replace(/\//g, "-")}`);
      text = readFileSync(src, "utf8");
      corsFiles++;
    } else if (r() < 0.5) {
      path = join(dir, pkg, "src", `module-${i}.ts`);
      text = tsModule(i, r);
    } else {
      path = join(dir, pkg, "app", `module_${i}.py`);
      text = pyModule(i, r);
    }
    if (/\.(ts|js|mjs)$/.test(path)) jsTsFiles++;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    lines += text.split("\n").length;
  }
  return { files: n, lines, corsFiles, jsTsFiles };
}
