import type { Policy } from "../model";
import { ts } from "../parse/typescript";
import { entry } from "../values";
import { requireTarget, skipOuter } from "../extract/js/bindings";
import { expressLikePolicy } from "./express-cors";
import type { JsExtractor, JsFile } from "../extract/js";
import { decideExpress, EXPRESS_OPTIONS } from "./express-cors";
import type { FrameworkDescriptor } from "./types";

const NOTE =
  "socket.io: the cors option covers HTTP long-polling only; WebSocket upgrades need allowRequest";

/** socket.io >= 3: `new Server(http, { cors })` / `require('socket.io')(http, { cors })`, Express `cors` semantics. */
const SOCKET_IO = /["'`]socket\.io["'`]/;

const extractor: JsExtractor = {
  name: "socket.io",
  // `require('socket.io')(http, opts)`, the documented CommonJS form, binds no name to the module.
  // Both forms below name the module in a quoted string.
  gate: (text) => text.includes("socket.io") && SOCKET_IO.test(text),
  applies: (f) =>
    f.resolver.importsModule("socket.io") ||
    // A require names the module in a string: without one, the file need not be parsed to say no.
    (SOCKET_IO.test(f.text) && f.calls.some((c) => requireTarget(c) === "socket.io")),
  extract(f) {
    const out: Policy[] = [];
    const targets = ["socket.io", "socket.io.Server"];
    for (const c of [...f.calls, ...f.news]) {
      if (!targets.includes(f.resolver.qualified(c.expression) ?? "")) continue;
      const p = serverPolicy(f, c);
      if (p) out.push(p);
    }
    return out;
  },
};

function serverPolicy(f: JsFile, c: ts.CallExpression | ts.NewExpression): Policy | undefined {
  for (const a of c.arguments ?? []) {
    const cors = entry(f.resolver.resolve(a), "cors");
    if (!cors) continue;
    if (cors.value.kind === "bool" && !cors.value.value) return undefined;
    // `cors: true` reaches `cors(true)`, which reads as no options: every origin.
    const bool = cors.value.kind === "bool";
    return expressLikePolicy(f, {
      framework: "socket.io",
      node: c,
      anchor: cors.keySpan,
      options: bool ? undefined : propertyValue(a, "cors"),
      resolved: bool ? undefined : cors.value,
      note: NOTE,
    });
  }
  return undefined;
}

function propertyValue(e: ts.Expression, key: string): ts.Expression | undefined {
  e = skipOuter(e);
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === key) return p.initializer;
  }
  return undefined;
}

/** socket.io `new Server(http, { cors })`: the `cors` option goes to Express `cors`. */
export const socketIoFramework: FrameworkDescriptor = {
  id: "socket.io",
  label: "socket.io cors",
  language: "typescript",
  extractor,
  decide: decideExpress,
  options: {
    source: `socket.io 4.8.4 passes it to ${EXPRESS_OPTIONS.source}`,
    names: EXPRESS_OPTIONS.names,
  },
  unknownOption: { effect: "ignored" },
  fixtures: "socket.io",
};
