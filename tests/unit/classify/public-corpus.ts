import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { Category } from '../../../shared/classify/classification.js';

/**
 * The labelled public corpus (tests/fixtures/reasons/public-reasons.json): verbatim stop reasons
 * from public sources, labelled by the rules in LABELLING.md, split once into `dev` (tuning) and
 * `heldout` (measuring only). The split is a pure function of the text, so it cannot drift.
 */
interface PublicReason {
  id: string;
  text: string;
  source: string;
  label: Category;
  alt?: Category;
  why: string;
  level: 'task' | 'container' | 'runtime' | 'service-event';
  split: 'dev' | 'heldout';
}

/** Recorded in LABELLING.md: first byte of SHA-256(seed + text) below 128 means `dev`. */
const SPLIT_SEED = 'ecs-netfix/issue-14/split-v1:';

function splitOf(text: string): 'dev' | 'heldout' {
  const firstByte =
    createHash('sha256')
      .update(SPLIT_SEED + text)
      .digest()[0] ?? 0;
  return firstByte < 128 ? 'dev' : 'heldout';
}

function loadPublicCorpus(): PublicReason[] {
  const url = new URL('../../fixtures/reasons/public-reasons.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as PublicReason[];
}

export { loadPublicCorpus, splitOf };
