import { falconCases } from './falcon-cases';
import { jsCases } from './js-cases';
import { pythonCases } from './python-cases';
import { render } from './render';
import type { CorpusItem } from './types';

/** The whole corpus, rendered; ids are unique (checked by corpus.test.ts). */
export function corpus(): CorpusItem[] {
  return [...pythonCases(), ...falconCases(), ...jsCases()].map(render);
}
