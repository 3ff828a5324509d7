import { readFileSync } from 'node:fs';

import type { Category } from '../../../shared/classify/classification.js';

/** One real (or marked variant) stop reason with the verdict a careful engineer would give. */
interface CorpusEntry {
  text: string;
  category: Category;
  service: string | null;
  endpointFixable: boolean;
  source: string;
}

function loadCorpus(): CorpusEntry[] {
  const url = new URL('../../fixtures/reasons/corpus.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as CorpusEntry[];
}

export { loadCorpus };
