import type { Language, Notice, Policy } from "../model";
import { extractPython } from "./python";
import { extractJs } from "./js";

/** Finds every CORS configuration in a file. Never throws: an extractor's failure becomes a notice. */
export function extractPolicies(
  text: string,
  fileName: string,
  language: Language,
): { policies: Policy[]; notices: Notice[] } {
  const notices: Notice[] = [];
  try {
    const policies =
      language === "python" ? extractPython(text, notices) : extractJs(text, fileName, notices);
    return { policies, notices };
  } catch (e) {
    notices.push({
      kind: "internal",
      message: `internal error while reading ${fileName}: ${(e as Error).message}`,
    });
    return { policies: [], notices };
  }
}
