import { setPriority } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { initEngine } from "../core/analyze";
import { wasmSources } from "../wasm-files";
import { runScan, type ScanMessage, type ScanPlan } from "./scan-job";

interface WorkerInit {
  corsLintScanWorker: true;
  plan: ScanPlan;
  /** Shared with the main thread: non-zero while it analyses an edited document. */
  editing: Int32Array;
}

/**
 * Set by the main thread while it analyses an edited document: the scan waits between files (at most
 * this long per file), so typing gets the processor first even on a single busy core.
 */
export class EditingFlag {
  readonly cells = new Int32Array(new SharedArrayBuffer(4));

  set(on: boolean): void {
    if ((Atomics.load(this.cells, 0) === 1) === on) return;
    Atomics.store(this.cells, 0, on ? 1 : 0);
    if (!on) Atomics.notify(this.cells, 0);
  }

  get on(): boolean {
    return Atomics.load(this.cells, 0) === 1;
  }
}

/** The longest the scan thread waits for one edit's analysis before it reads its next file. */
const EDIT_WAIT_MS = 250;

/** The scan thread's priority on Linux (nice; per thread there): below the editor's requests. */
const SCAN_NICE = 10;

/** A scan under way: `done` resolves true when it ended, false when it was cancelled or failed. */
export interface ScanJob {
  done: Promise<boolean>;
  /** Where it runs (for the trace). */
  thread: "a worker thread" | "the main thread";
  cancel(): void;
}

/** How long the in-thread fallback runs before it lets the event loop serve edits and requests. */
const SLICE_MS = 10;

/** Whether this thread is a scan worker started by {@link startScan}. */
export function isScanWorker(): boolean {
  return !isMainThread && !!(workerData as WorkerInit | undefined)?.corsLintScanWorker;
}

/** Workers run the server bundle again; from TypeScript sources there is no bundle to run. */
function canStartWorkers(): boolean {
  return __filename.endsWith(".js") && !process.env.CORS_LINT_SCAN_IN_THREAD;
}

/**
 * Starts a workspace scan on a worker thread (the server bundle run again), so the main thread only
 * serves requests and typing; `onMessage` gets its batches in order. The worker ends with the scan and
 * its heap (parse trees, texts, projects, the TypeScript compiler if it loaded it) goes with it. Without
 * a bundle the same scan runs on this thread in slices of about 10 ms.
 */
export function startScan(
  plan: ScanPlan,
  onMessage: (m: ScanMessage) => void,
  editing = new EditingFlag(),
): ScanJob {
  if (!canStartWorkers()) return scanInThread(plan, onMessage, editing);
  let worker: Worker;
  try {
    const data: WorkerInit = { corsLintScanWorker: true, plan, editing: editing.cells };
    worker = new Worker(__filename, { workerData: data });
  } catch {
    return scanInThread(plan, onMessage, editing);
  }
  let ended = false;
  let finished = false;
  const done = new Promise<boolean>((resolve) => {
    worker.on("message", (m: ScanMessage) => {
      if (ended) return;
      onMessage(m);
      if (m.kind === "end" || m.kind === "error") {
        ended = true;
        finished = m.kind === "end";
        // The scan is over once the thread is gone (its memory with it): resolved on "exit".
        void worker.terminate();
      }
    });
    worker.on("error", (e) => {
      if (!ended) onMessage({ kind: "error", message: e?.stack ?? String(e) });
      ended = true;
      resolve(false);
    });
    worker.on("exit", () => {
      ended = true;
      resolve(finished);
    });
  });
  return {
    done,
    thread: "a worker thread",
    cancel: () => {
      ended = true;
      void worker.terminate();
    },
  };
}

function scanInThread(
  plan: ScanPlan,
  onMessage: (m: ScanMessage) => void,
  editing: EditingFlag,
): ScanJob {
  let cancelled = false;
  let slice = performance.now();
  const pause = async (): Promise<boolean> => {
    if (editing.on || performance.now() - slice > SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      slice = performance.now();
    }
    return !cancelled;
  };
  const done = (async () => {
    // Starts after the caller has stored the job, like a worker's first message.
    await new Promise((r) => setImmediate(r));
    try {
      await runScan(plan, (m) => !cancelled && onMessage(m), pause);
    } catch (e) {
      if (!cancelled) onMessage({ kind: "error", message: (e as Error)?.stack ?? String(e) });
      return false;
    }
    return !cancelled;
  })();
  return { done, thread: "the main thread", cancel: () => (cancelled = true) };
}

/** The worker side: loads the parsers, scans the plan it was started with, posts each message. */
export async function serveScanWorker(): Promise<void> {
  const { plan, editing } = workerData as WorkerInit;
  if (process.platform === "linux") {
    try {
      // Linux keeps a nice value per thread: this lowers the scan thread only, never the editor's.
      setPriority(SCAN_NICE);
    } catch {
      /* not permitted: the scan runs at the server's priority */
    }
  }
  const pause = (): boolean => {
    if (Atomics.load(editing, 0) === 1) Atomics.wait(editing, 0, 1, EDIT_WAIT_MS);
    return true;
  };
  try {
    await initEngine(wasmSources());
    await runScan(plan, (m) => parentPort!.postMessage(m), pause);
  } catch (e) {
    parentPort!.postMessage({ kind: "error", message: (e as Error)?.stack ?? String(e) });
  }
}
