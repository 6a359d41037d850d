import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { CorpusItem } from "../corpus/types";
import { byOrigin, type RuntimeRecord, type RuntimeResult } from "./record";

/** Debian's interpreter: the pyenv `python3` on PATH lacks the Debian middleware packages. */
export const PYTHON = process.env.ORACLE_PYTHON ?? "/usr/bin/python3";
const SCRIPT = join(__dirname, "python-driver.py");
const PATH = "/api/data";

/** Python middleware versions (null when not importable); throws without the interpreter. */
export async function pythonVersions(): Promise<Record<string, string | null>> {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found`);
  const driver = new PythonDriver([]);
  try {
    const reply = await driver.send({ framework: "versions" });
    return reply.versions as Record<string, string | null>;
  } finally {
    driver.close();
  }
}

/** One long-lived driver process; requests are answered in order, one JSON line each. */
export class PythonDriver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((reply: Record<string, unknown>) => void)[] = [];
  private nextId = 1;
  private stderr = "";

  constructor(unsetEnv: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };
    for (const name of unsetEnv) delete env[name];
    this.child = spawn(PYTHON, [SCRIPT], { env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      this.waiting.shift()?.(JSON.parse(line) as Record<string, unknown>);
    });
    this.child.on("exit", (code) => {
      for (const w of this.waiting.splice(0)) {
        w({ error: `python driver exited with ${code}: ${this.stderr.slice(-2000)}` });
      }
    });
  }

  /** Sends one request and resolves with its reply. */
  send(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(JSON.stringify({ id: this.nextId++, ...request }) + "\n");
    });
  }

  /** Runs one corpus item against the live middleware. */
  async run(item: CorpusItem, origins: string[]): Promise<RuntimeResult> {
    const reply = await this.send({
      framework: item.framework,
      form: item.form ?? "app",
      options: item.options,
      origins,
      path: PATH,
      unsetEnv: item.envVars,
    });
    if (typeof reply.error === "string") return { error: reply.error };
    if (typeof reply.raised === "string") return { raised: reply.raised };
    const flat = (reply.records as [number, string | null, string | null, boolean][]).map(
      ([status, acao, acac, vary]): RuntimeRecord => ({ status, acao, acac, vary }),
    );
    return { records: byOrigin(flat, origins.length) };
  }

  close(): void {
    this.child.stdin.end();
  }
}
