import type { OriginEntry, Policy, Setting } from "../model";
import { ts } from "../parse/typescript";
import { alternatives, entry, type Value } from "../values";
import { base, dynamic, listSetting, numberSetting, originsFrom } from "../extract/origins";
import { guardsOf, spanOf } from "../extract/js/guards";
import type { JsExtractor, JsFile } from "../extract/js";
import { fixedHeaders } from "./decide";
import type { FrameworkDescriptor } from "./types";

const CONFIG_FILE = /(^|[\\/])next\.config\.[cm]?[jt]s$/i;

/**
 * Next.js `headers()` in next.config.{js,mjs,ts}: `[{ source, headers: [{ key, value }] }]`. Whatever is
 * written is sent; one Policy per source block that sets Access-Control-Allow-Origin.
 */
const extractor: JsExtractor = {
  name: "nextjs-headers",
  gate: (text, fileName) => CONFIG_FILE.test(fileName) || isHeadersModule(text),
  applies: (f) => CONFIG_FILE.test(f.fileName) || isHeadersModule(f.text),
  extract(f) {
    const config = CONFIG_FILE.test(f.fileName);
    const out: Policy[] = [];
    for (const obj of f.objects) {
      const v = f.resolver.resolve(obj);
      const source = entry(v, "source");
      const headers = entry(v, "headers");
      if (!source || !headers || headers.value.kind !== "list") continue;
      // Outside next.config, only entries that are unmistakably headers() routes: `source: "/..."`.
      if (!config && !(source.value.kind === "string" && source.value.value.startsWith("/")))
        continue;
      const p = blockPolicy(f, obj, headers.value.items);
      if (p) out.push(p);
    }
    return out;
  },
};

/**
 * A module that builds whole `headers()` entries for next.config to import
 * (`export const apiRoutes = [{ source: "/api/:path*", headers: [...] }]`): read on its own.
 * TODO(project graph): a module exporting only the `[{ key, value }]` list, or next.config's
 * `headers: importedList`, needs `core/project/` to follow the import; until that lands the
 * imported value is unknown and no policy is made (never a false positive).
 */
function isHeadersModule(text: string): boolean {
  return (
    /access-control-allow-origin/i.test(text) && /\bsource\s*:/.test(text) && /\bkey\s*:/.test(text)
  );
}

/** `{ key, value }` items by lower-cased header name. */
function headerItems(items: Value[]): Map<string, { key: Value; value: Value; item: Value }> {
  const m = new Map<string, { key: Value; value: Value; item: Value }>();
  for (const item of items) {
    const key = entry(item, "key")?.value;
    const value = entry(item, "value")?.value;
    if (key?.kind === "string" && value) m.set(key.value.toLowerCase(), { key, value, item });
  }
  return m;
}

function blockPolicy(
  f: JsFile,
  obj: ts.ObjectLiteralExpression,
  items: Value[],
): Policy | undefined {
  const h = headerItems(items);
  const acao = h.get("access-control-allow-origin");
  if (!acao) return undefined;
  const origins: OriginEntry[] = originsFrom(acao.value, (v, m) => {
    if (v.kind === "string") {
      if (v.value === "*") return [{ kind: "any", source: "star", ...base(v.span, m) }];
      return [{ kind: "exact", value: v.value, match: "sent", ...base(v.span, m) }];
    }
    return v.kind === "null" ? [] : [dynamic(v, m)];
  });
  const acac = h.get("access-control-allow-credentials");
  const credentials: Setting<boolean> | undefined = acac && {
    value: alternatives(acac.value).some(
      (a) => a.value.kind === "string" && a.value.value.trim() === "true",
    ),
    span: acac.value.span,
  };
  const vary = h.get("vary");
  const varyOrigin =
    vary &&
    alternatives(vary.value).some(
      (a) => a.value.kind === "string" && /\borigin\b/i.test(a.value.value),
    );
  const maxAge = h.get("access-control-max-age")?.value;
  return {
    framework: "nextjs-headers",
    language: "typescript",
    span: spanOf(obj),
    anchor: acao.key.span,
    origins,
    credentials,
    methods: listSetting(h.get("access-control-allow-methods")?.value),
    allowHeaders: listSetting(h.get("access-control-allow-headers")?.value),
    exposeHeaders: listSetting(h.get("access-control-expose-headers")?.value),
    maxAge:
      maxAge?.kind === "string" && /^\d+$/.test(maxAge.value)
        ? { value: Number(maxAge.value), span: maxAge.span }
        : numberSetting(maxAge),
    vary: varyOrigin
      ? { value: true, span: vary.item.span }
      : { value: false, span: acao.key.span },
    options: [],
    guards: guardsOf(obj),
  };
}

/** Next.js `headers()` in next.config: the headers are sent as written. */
export const nextjsHeadersFramework: FrameworkDescriptor = {
  id: "nextjs-headers",
  label: "Next.js headers()",
  language: "typescript",
  extractor,
  decide: fixedHeaders,
  fixtures: "nextjs",
  noOracle: "next.config headers are sent as written; there is no origin logic to run",
};
