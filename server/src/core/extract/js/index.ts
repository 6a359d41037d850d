import type { Notice, Policy } from '../../model';

/** Parses a TS/JS file and runs every extractor that applies. */
export function extractJs(_text: string, _fileName: string, _notices: Notice[]): Policy[] {
  return [];
}
