import assert from "node:assert/strict";
import { languageOf } from "../../server/src/core/analyze";
import { lineAt, lineStartsOf } from "../../server/src/core/line-index";
import { parseSuppressions } from "../../server/src/core/suppress";
import { disableLineEdit } from "../../server/src/lsp/comment-syntax";
import { applyEdits } from "../helpers/analyze";

/** `at` is the text whose first occurrence marks the flagged spot. */
const cases: { name: string; file: string; code: string; at: string; fixed: string }[] = [
  {
    name: "python: a new comment, indented like the line",
    file: "app.py",
    code: "if DEBUG:\n    app.add(CORS)\n",
    at: "app.add",
    fixed: "if DEBUG:\n    # cors-lint-disable-next-line r\n    app.add(CORS)\n",
  },
  {
    name: "python: joins an existing next-line comment, before its reason",
    file: "app.py",
    code: "# cors-lint-disable-next-line a -- public API\napp.add(CORS)\n",
    at: "app.add",
    fixed: "# cors-lint-disable-next-line a, r -- public API\napp.add(CORS)\n",
  },
  {
    name: "python: keeps CRLF line ends",
    file: "app.py",
    code: "x = 1\r\napp.add(CORS)\r\n",
    at: "app.add",
    fixed: "x = 1\r\n# cors-lint-disable-next-line r\r\napp.add(CORS)\r\n",
  },
  {
    name: "typescript: a // comment",
    file: "app.ts",
    code: "  app.use(cors());\n",
    at: "cors(",
    fixed: "  // cors-lint-disable-next-line r\n  app.use(cors());\n",
  },
  {
    name: "typescript: joins an existing // comment",
    file: "app.ts",
    code: "// cors-lint-disable-next-line a\napp.use(cors());\n",
    at: "cors(",
    fixed: "// cors-lint-disable-next-line a, r\napp.use(cors());\n",
  },
  {
    name: "tsx: {/* */} among JSX children",
    file: "page.tsx",
    code: "const x = (\n<div>\n{cors()}\n</div>\n);\n",
    at: "{cors",
    fixed: "const x = (\n<div>\n{/* cors-lint-disable-next-line r */}\n{cors()}\n</div>\n);\n",
  },
  {
    name: "tsx: joins an existing {/* */} comment",
    file: "page.tsx",
    code: "<div>\n{/* cors-lint-disable-next-line a */}\n{cors()}\n</div>;\n",
    at: "{cors",
    fixed: "<div>\n{/* cors-lint-disable-next-line a, r */}\n{cors()}\n</div>;\n",
  },
  {
    name: "jsx: // outside JSX children",
    file: "page.jsx",
    code: "const x = <div />;\napp.use(cors());\n",
    at: "app.use",
    fixed: "const x = <div />;\n// cors-lint-disable-next-line r\napp.use(cors());\n",
  },
];

describe("lsp: disable-for-this-line comments", () => {
  for (const c of cases) {
    it(c.name, () => {
      const language = languageOf(c.file)!;
      const offset = c.code.indexOf(c.at);
      const edit = disableLineEdit(c.code, c.file, language, offset, "r");
      const fixed = applyEdits(c.code, [edit]);
      assert.equal(fixed, c.fixed);
      const line = lineAt(lineStartsOf(fixed), fixed.indexOf(c.at));
      const honoured = parseSuppressions(fixed, language).filter((s) => s.line === line);
      assert.ok(
        honoured.some((s) => s.rules.includes("r")),
        "core/suppress.ts reads the comment as applying to the flagged line",
      );
    });
  }
});
