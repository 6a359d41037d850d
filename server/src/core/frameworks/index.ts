import { extractJs, jsExtractorsFor, type JsExtractor } from "../extract/js";
import { extractPython, pyExtractorsFor, type PyExtractor } from "../extract/python";
import type { Framework, Language, Notice, Policy } from "../model";
import { aiohttpCorsFramework } from "./aiohttp-cors";
import { unconsumedOptions } from "./cors-options";
import { apolloServerFramework } from "./apollo-server";
import { djangoCorsHeadersFramework } from "./django-cors-headers";
import { elysiaFramework } from "./elysia";
import { expressCorsFramework } from "./express-cors";
import { falconFramework } from "./falcon";
import { fastifyCorsFramework } from "./fastify-cors";
import { flaskCorsFramework } from "./flask-cors";
import { honoFramework } from "./hono";
import { jsHeadersFramework } from "./js-headers";
import { koaCorsFramework } from "./koa-cors";
import { litestarFramework } from "./litestar";
import { nestjsFramework } from "./nestjs";
import { nextjsHeadersFramework } from "./nextjs-headers";
import { pythonHeadersFramework } from "./python-headers";
import { quartCorsFramework } from "./quart-cors";
import { socketIoFramework } from "./socket-io";
import { starletteFramework } from "./starlette";
import type { FrameworkDescriptor } from "./types";
import type { ParseCache } from "../parse/cache";
import type { JsLink } from "../extract/js/link";
import type { PyLink } from "../extract/python/link";

/** How the analysed file reaches the other modules of its project (see core/project). */
export interface ModuleLinks {
  py: PyLink;
  js: JsLink;
}

export type * from "./types";

/**
 * Every framework cors-lint reads, sorted by id. Everything else that lists frameworks (labels,
 * deciders, known options, each language's extractors) is a projection of this table.
 */
export const FRAMEWORKS: readonly FrameworkDescriptor[] = [
  aiohttpCorsFramework,
  apolloServerFramework,
  djangoCorsHeadersFramework,
  elysiaFramework,
  expressCorsFramework,
  falconFramework,
  fastifyCorsFramework,
  flaskCorsFramework,
  honoFramework,
  jsHeadersFramework,
  koaCorsFramework,
  litestarFramework,
  nestjsFramework,
  nextjsHeadersFramework,
  pythonHeadersFramework,
  quartCorsFramework,
  socketIoFramework,
  starletteFramework,
];

const BY_ID = new Map(FRAMEWORKS.map((d) => [d.id, d]));

/** The descriptor of a framework. Every `Framework` id has one (checked by the catalog test). */
export function frameworkOf(id: Framework): FrameworkDescriptor {
  const d = BY_ID.get(id);
  if (!d) throw new Error(`no descriptor for framework ${id}`);
  return d;
}

/** Human-readable framework names, used in messages and hovers. */
export const FRAMEWORK_LABELS = Object.fromEntries(
  FRAMEWORKS.map((d) => [d.id, d.label]),
) as Readonly<Record<Framework, string>>;

const PY_EXTRACTORS: readonly PyExtractor[] = FRAMEWORKS.flatMap((d) =>
  d.language === "python" ? [d.extractor] : [],
);
const JS_EXTRACTORS: readonly JsExtractor[] = FRAMEWORKS.flatMap((d) =>
  d.language === "typescript" ? [d.extractor] : [],
);

/** Every extractor of one language, in `FRAMEWORKS` order. */
export function extractorsOf(language: "python"): readonly PyExtractor[];
export function extractorsOf(language: "typescript"): readonly JsExtractor[];
export function extractorsOf(language: Language): readonly (PyExtractor | JsExtractor)[] {
  return language === "python" ? PY_EXTRACTORS : JS_EXTRACTORS;
}

/**
 * Finds every CORS configuration in a file. Never throws: an extractor's failure becomes a notice.
 * Each extractor's text gate is checked first: a file no extractor can apply to is not parsed, and
 * `links` (a function, so its cost is paid only then) is not asked for. `gates: false` runs every
 * extractor's own checks instead (tests prove both give the same result).
 */
export function extractPolicies(
  text: string,
  fileName: string,
  language: Language,
  cache?: ParseCache,
  links?: ModuleLinks | (() => ModuleLinks),
  gates = true,
): { policies: Policy[]; notices: Notice[] } {
  const notices: Notice[] = [];
  const linksNow = (): ModuleLinks | undefined => (typeof links === "function" ? links() : links);
  try {
    let policies: Policy[] = [];
    if (language === "python") {
      const live = pyExtractorsFor(text, PY_EXTRACTORS, gates);
      if (live.length) policies = extractPython(text, notices, live, cache?.python, linksNow()?.py);
    } else {
      const live = jsExtractorsFor(text, fileName, JS_EXTRACTORS, unconsumedOptions, gates);
      if (live)
        policies = extractJs(
          text,
          fileName,
          notices,
          live.extractors,
          cache?.typescript,
          linksNow()?.js,
          live.finisher,
        );
    }
    return { policies, notices };
  } catch (e) {
    notices.push({
      kind: "internal",
      message: `internal error while reading ${fileName}: ${(e as Error).message}`,
    });
    return { policies: [], notices };
  }
}
