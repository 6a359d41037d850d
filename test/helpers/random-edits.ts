import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir`, depth first (none inside a `node_modules`). */
export function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n === "node_modules" ? [] : files(p)) : [p];
  });
}

/** A seeded pseudo-random generator in [0, 1): the same edits on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/** Texts as typing makes them: `pieces` inserted, characters deleted, anywhere. */
export function randomEdits(
  text: string,
  seed: number,
  n: number,
  pieces: readonly string[],
): string[] {
  const next = rng(seed);
  const out: string[] = [];
  let t = text;
  for (let i = 0; i < n; i++) {
    const at = Math.floor(next() * (t.length + 1));
    if (next() < 0.3 && t.length > 0) {
      t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + Math.floor(next() * 4)));
    } else {
      t = t.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + t.slice(at);
    }
    out.push(t);
  }
  return out;
}
