import { enableCompileCache } from "../compile-cache";
import { isReaderThread, serveReader } from "./reader";
import { run } from "./run";

enableCompileCache();
if (isReaderThread()) {
  serveReader();
} else {
  run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`cors-lint: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
