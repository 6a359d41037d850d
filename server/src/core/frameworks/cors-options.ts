import type { JsFile, JsFinisher } from "../extract/js";
import { mayHaveKey, mentions } from "../extract/js/gates";
import { skipOuter } from "../extract/js/bindings";
import { spanOf } from "../extract/js/guards";
import type { Policy } from "../model";
import { ts } from "../parse/typescript";
import { expressLikePolicy } from "./express-cors";

/** The frameworks that accept a `{ origin, credentials, ... }` object and read it alike. */
export const SHARED_OPTION_READERS = "Express cors, @fastify/cors, NestJS and socket.io";

/** Keys that, next to `origin`, make an object a CORS options object. */
const COMPANIONS =
  /^(credentials|methods|allowedHeaders|exposedHeaders|maxAge|optionsSuccessStatus|preflightContinue)$/;

/**
 * Options objects defined apart from their middleware (a `corsOptions` module of a template or a library,
 * a file opened alone): an exported or CORS-named object with an `origin` key that no configuration of
 * this file reads. Its consumer is unknown, so it is judged with the semantics every framework accepting
 * the shape shares (Express `cors`; @fastify/cors, NestJS and socket.io read these keys alike), and the
 * policy says the framework was inferred.
 */
export const unconsumedOptions: JsFinisher = {
  // Its candidates are exported objects (`export`, `module.exports`, `exports.x`) with an `origin` key.
  gate: (text) => mentions(text, "export") && mayHaveKey(text, "origin"),
  finish: unconsumed,
};

function unconsumed(f: JsFile, found: Policy[]): Policy[] {
  const out: Policy[] = [];
  for (const { obj, name } of candidates(f.sf)) {
    const span = spanOf(obj);
    const keys = obj.properties.map((p) =>
      p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : "",
    );
    if (!keys.includes("origin")) continue;
    if (!keys.some((k) => COMPANIONS.test(k)) && !/cors/i.test(name)) continue;
    const consumed = found.some(
      (p) =>
        (p.span.start <= span.start && span.end <= p.span.end) ||
        [...p.origins, ...p.options].some(
          (o) => !o.span.file && span.start <= o.span.start && o.span.end <= span.end,
        ),
    );
    if (consumed) continue;
    const policy = expressLikePolicy(f, {
      framework: "express-cors",
      node: obj,
      anchor: spanOf(obj.properties.find((p) => p.name?.getText() === "origin") ?? obj),
      options: obj,
    });
    out.push({ ...policy, inferred: SHARED_OPTION_READERS });
  }
  return out;
}

/**
 * Exported top-level objects: `export const x = {}`, `export default {}`, `module.exports = {}`,
 * `exports.x = {}`, and consts exported by name (`export { x }`, `module.exports = x` or `{ x }`).
 * A library's internal defaults (`const defaultOptions = {...}` never exported) are not options modules.
 */
function candidates(sf: ts.SourceFile): { obj: ts.ObjectLiteralExpression; name: string }[] {
  const out: { obj: ts.ObjectLiteralExpression; name: string }[] = [];
  const consts = new Map<string, ts.Expression>();
  const exported = new Set<string>();
  const add = (e: ts.Expression | undefined, name: string): void => {
    const x = e && skipOuter(e);
    if (x && ts.isObjectLiteralExpression(x)) out.push({ obj: x, name });
    else if (x && ts.isIdentifier(x)) exported.add(x.text);
    else if (x && ts.isShorthandPropertyAssignment(x)) exported.add(x.name.text);
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const isExported = !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        if (isExported) add(d.initializer, d.name.text);
        else consts.set(d.name.text, d.initializer);
      }
    } else if (ts.isExportAssignment(st)) add(st.expression, sf.fileName);
    else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause) {
      if (ts.isNamedExports(st.exportClause))
        for (const el of st.exportClause.elements) exported.add((el.propertyName ?? el.name).text);
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression)) {
      const left = st.expression.left.getText();
      if (!/^(module\.)?exports(\.\w+)?$/.test(left)) continue;
      const right = skipOuter(st.expression.right);
      if (left === "module.exports" && ts.isObjectLiteralExpression(right) && !hasOrigin(right)) {
        for (const p of right.properties) add(p as unknown as ts.Expression, "");
      } else add(right, `${left} ${sf.fileName}`);
    }
  }
  for (const name of exported) add(consts.get(name), name);
  return out;
}

function hasOrigin(o: ts.ObjectLiteralExpression): boolean {
  return o.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "origin");
}
