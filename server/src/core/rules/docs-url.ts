/** Where the rule docs are published; the only place the URL is spelled. */
export const DOCS_BASE = "https://github.com/cors-lint/cors-lint/blob/main/docs/rules/";

/** The documentation URL of a rule, derived from its name so it cannot drift. */
export function docsUrl(rule: string): string {
  return `${DOCS_BASE}${rule}.md`;
}
