import { PythonParseCache } from "./python";
import { TsParseCache } from "./typescript";

/**
 * One open document's parse trees between edits: the next analysis re-parses only what changed.
 * Keep one per document (never share it between documents) and `dispose()` it when the document closes.
 */
export class ParseCache {
  readonly python = new PythonParseCache();
  readonly typescript = new TsParseCache();

  dispose(): void {
    this.python.dispose();
    this.typescript.sf = undefined;
  }
}
