import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { FRAMEWORK_LABELS } from "../core/frameworks";
import { suggestOrigins } from "../core/origin-suggestions";
import { restrictOrigins, restrictTarget, restrictableEntries } from "../core/restrict";
import type { OriginSuggestions, RestrictOriginsParams, RestrictOriginsResult } from "../protocol";
import { isInside } from "./config-files";
import type { Linter } from "./linter";
import type { FileResult } from "./results";
import { canonicalUri } from "./uri";

/** Files that mark the root of one project inside a workspace folder (a monorepo holds several). */
const PROJECT_MARKERS = [
  "package.json",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "requirements.txt",
  "Pipfile",
  "manage.py",
  ".cors-lint.json",
  ".git",
];

const SINGLE = new Set(["python-headers", "js-headers", "nextjs-headers", "koa-cors"]);

/**
 * The nearest folder above `path` (up to the workspace folder `stop`) holding a project marker;
 * `stop` when none does.
 */
export function projectRoot(path: string, stop: string | undefined): string {
  let dir = dirname(path);
  for (;;) {
    if (PROJECT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir || (stop && (dir === stop || !isInside(stop, up)))) return stop ?? dir;
    dir = up;
  }
}

/** The current result of a document: the open buffer's (analysed now if stale) or the scan's. */
async function currentResult(linter: Linter, uri: string): Promise<FileResult | undefined> {
  const open = linter.documents.get(uri);
  if (open) {
    const r = linter.store.get(canonicalUri(uri));
    return r && r.version === open.version ? r : await linter.validateOpen(uri);
  }
  return linter.store.get(canonicalUri(uri));
}

/** `corsLint/originSuggestions`: the target at the position and the origins of the same project. */
export async function originSuggestions(
  linter: Linter,
  uri: string,
  position?: { line: number; character: number },
): Promise<OriginSuggestions> {
  const info = await linter.configFor(uri);
  const production = info?.config.config.productionOrigins ?? [];
  const result = await currentResult(linter, uri);
  const out: OriginSuggestions = { productionOrigins: [], usedOrigins: [] };
  let own = new Set<string>();
  if (!result) out.reason = "this file is not analysed (excluded, disabled or not Python/JS/TS)";
  else {
    const target = restrictTarget(
      result.analysis.policies,
      position ? result.map.offset(position) : 0,
    );
    if ("reason" in target) out.reason = target.reason;
    else if (!restrictableEntries(target.policy).length)
      out.reason = `this ${FRAMEWORK_LABELS[target.policy.framework]} configuration neither allows every origin nor echoes the request's origin`;
    else {
      const line = result.map.range(target.policy.anchor).start.line + 1;
      out.target = `${FRAMEWORK_LABELS[target.policy.framework]}, line ${line}`;
      if (SINGLE.has(target.policy.framework)) out.maxOrigins = 1;
      own = new Set(target.policy.origins.flatMap((o) => (o.kind === "exact" ? [o.value] : [])));
    }
  }
  const path = info?.path;
  const root = path ? projectRoot(path, linter.folderOf(path)?.path) : undefined;
  const same = linter.store
    .all()
    .filter((r) => root !== undefined && isInside(root, r.path))
    .flatMap((r) => r.analysis.policies);
  const s = suggestOrigins(production, same);
  out.productionOrigins = s.prefill.filter((o) => !own.has(o));
  out.usedOrigins = s.used.filter((o) => !own.has(o));
  return out;
}

/** `corsLint/restrictOrigins`: the engine's edit for the configuration at the position. */
export async function restrictOriginsRequest(
  linter: Linter,
  params: RestrictOriginsParams,
): Promise<RestrictOriginsResult> {
  const origins = params.origins.map((o) => o.trim()).filter(Boolean);
  const result = await currentResult(linter, params.uri);
  if (!result)
    return {
      edit: null,
      reason: "this file is not analysed (excluded, disabled or not Python/JS/TS)",
    };
  const target = restrictTarget(result.analysis.policies, result.map.offset(params.position));
  if ("reason" in target) return { edit: null, reason: target.reason };
  const r = restrictOrigins(result.map.text, target.policy, origins);
  if (!r.ok) return { edit: null, reason: r.reason };
  return {
    edit: {
      documentChanges: [
        {
          textDocument: { uri: result.uri, version: result.version ?? null },
          edits: r.edits.map((e) => result.map.edit(e)),
        },
      ],
    },
  };
}
