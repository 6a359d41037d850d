import { readFileSync } from 'node:fs';
import { analyze, initEngine } from '../core/analyze';
import { wasmSources } from '../wasm-files';

/** Minimal entry until the full CLI lands: analyses the files named on the command line. */
async function main(argv: string[]): Promise<number> {
  await initEngine(wasmSources());
  let count = 0;
  for (const file of argv) {
    const r = analyze(readFileSync(file, 'utf8'), file);
    for (const f of r.findings) {
      console.log(`${file}:${f.span.start} ${f.severity} ${f.rule} ${f.message}`);
      count++;
    }
  }
  return count ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`cors-lint: internal error: ${(e as Error).stack ?? e}`);
    process.exitCode = 2;
  },
);
