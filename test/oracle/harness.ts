import type { CorpusItem, OracleFramework } from "./corpus/types";
import { JS_PACKAGES, jsVersions, runJs } from "./drivers/js";
import { PYTHON, PythonDriver, pythonVersions } from "./drivers/python";
import type { RuntimeResult } from "./drivers/record";
import { RUNTIME_PACKAGE } from "./compare";

const PYTHON_FRAMEWORKS: OracleFramework[] = [
  "starlette",
  "fastapi",
  "flask-cors",
  "django-cors-headers",
  "aiohttp-cors",
  "falcon",
];

/** The Debian package that provides each Python framework's middleware. */
const DEBIAN_PACKAGE: Record<string, string> = {
  starlette: "python3-starlette python3-httpx",
  fastapi: "python3-fastapi",
  "flask-cors": "python3-flask python3-flask-cors",
  "django-cors-headers": "python3-django python3-django-cors-headers",
  "aiohttp-cors": "python3-aiohttp python3-aiohttp-cors",
  falcon: "python3-falcon",
};

/** Which frameworks can run here, and the installed middleware versions. */
export interface Availability {
  versions: Record<string, string | null>;
  /** Framework -> what is missing and how to install it. */
  missing: Map<OracleFramework, string>;
}

/** Finds the installed middlewares without running any corpus item. */
export async function availability(frameworks: OracleFramework[]): Promise<Availability> {
  const missing = new Map<OracleFramework, string>();
  let py: Record<string, string | null> = {};
  let pyError = "";
  try {
    py = await pythonVersions();
  } catch (e) {
    pyError = (e as Error).message;
  }
  const versions = { ...py, ...jsVersions() };
  for (const fw of frameworks) {
    if (PYTHON_FRAMEWORKS.includes(fw)) {
      const pkg = fw === "fastapi" ? "fastapi" : RUNTIME_PACKAGE[fw];
      if (pyError || !versions[pkg] || (fw === "fastapi" && !versions.starlette)) {
        missing.set(
          fw,
          `${pyError || `${pkg} is not importable by ${PYTHON}`}: run scripts/oracle-setup.sh ` +
            `(apt-get install -y ${DEBIAN_PACKAGE[fw]})`,
        );
      }
    } else {
      const absent = (JS_PACKAGES[fw] ?? []).filter((p) => !versions[p]);
      if (absent.length)
        missing.set(fw, `npm packages missing: ${absent.join(", ")} (devDependencies: run npm ci)`);
    }
  }
  return { versions, missing };
}

/** Runs every item against its live middleware: Python in parallel processes, JS in-process. */
export async function runRuntime(
  items: CorpusItem[],
  origins: string[],
): Promise<Map<string, RuntimeResult>> {
  const results = new Map<string, RuntimeResult>();
  const byFramework = new Map<OracleFramework, CorpusItem[]>();
  for (const item of items)
    byFramework.set(item.framework, [...(byFramework.get(item.framework) ?? []), item]);
  const allEnv = [...new Set(items.flatMap((i) => i.envVars))];
  await Promise.all(
    [...byFramework].map(async ([fw, group]) => {
      if (PYTHON_FRAMEWORKS.includes(fw)) {
        const driver = new PythonDriver(allEnv);
        try {
          for (const item of group) results.set(item.id, await driver.run(item, origins));
        } finally {
          driver.close();
        }
      } else {
        for (const item of group) results.set(item.id, await runJs(item, origins));
      }
    }),
  );
  return results;
}
