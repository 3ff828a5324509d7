import { describe, expect, it } from '@jest/globals';

import { CATEGORIES, isNetworkCategory } from '../../../shared/classify/classification.js';
import { classifyStopReason } from '../../../shared/classify/classify.js';
import { evaluateClassifier } from '../../../shared/classify/evaluate.js';
import { loadCorpus } from './corpus.js';
import { loadPublicCorpus, splitOf } from './public-corpus.js';

const corpus = loadCorpus();
const publicCorpus = loadPublicCorpus();

describe('classifyStopReason over the public corpus', () => {
  it.each(corpus.map((entry, index) => ({ index, ...entry })))(
    'gives $category / $service / fixable=$endpointFixable for entry $index',
    ({ text, category, service, endpointFixable }) => {
      // Act
      const classification = classifyStopReason(text);

      // Assess
      expect({
        category: classification.category,
        service: classification.service,
        endpointFixable: classification.endpointFixable,
      }).toEqual({ category, service, endpointFixable });
    }
  );
});

describe('the corpus itself', () => {
  it('holds at least 60 messages, each with a source', () => {
    // Assess
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    for (const entry of corpus) {
      expect({ text: entry.text, hasSource: entry.source.trim().length > 0 }).toEqual({ text: entry.text, hasSource: true });
    }
  });

  it.each(CATEGORIES.map((category) => ({ category })))('covers $category with several messages', ({ category }) => {
    // Act: this regression set and the labelled public corpus together
    const count =
      corpus.filter((entry) => entry.category === category).length + publicCorpus.filter((row) => row.label === category).length;

    // Assess
    expect(count).toBeGreaterThanOrEqual(3);
  });

  it('never marks a non-network verdict as endpoint-fixable', () => {
    // Act
    const wrong = corpus.filter((entry) => entry.endpointFixable && !isNetworkCategory(entry.category));

    // Assess
    expect(wrong).toEqual([]);
  });

  it('covers the Fargate 1.3, Fargate 1.4 and 2024+ wordings', () => {
    // Prepare
    const texts = corpus.map((entry) => entry.text);

    // Assess
    expect(texts.some((text) => text.includes('API error (500)'))).toBe(true);
    expect(texts.some((text) => text.includes('execution resource retrieval failed'))).toBe(true);
    expect(texts.some((text) => text.includes('There is a connection issue between the task and'))).toBe(true);
  });
});

describe('the labelled public corpus (public-reasons.json)', () => {
  it('holds at least 250 verbatim reasons, each with a public source, a label and a reason for it', () => {
    // Assess
    expect(publicCorpus.length).toBeGreaterThanOrEqual(250);
    for (const row of publicCorpus) {
      // The row id travels with each value, so a failure names the row.
      expect({ id: row.id, source: row.source }).toEqual({
        id: row.id,
        source: expect.stringMatching(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}\//),
      });
      expect({ id: row.id, labelKnown: CATEGORIES.includes(row.label) }).toEqual({ id: row.id, labelKnown: true });
      if (row.alt !== undefined) {
        expect({ id: row.id, altKnown: CATEGORIES.includes(row.alt), altDiffers: row.alt !== row.label }).toEqual({
          id: row.id,
          altKnown: true,
          altDiffers: true,
        });
      }
      expect({ id: row.id, hasWhy: row.why.trim().length > 0 }).toEqual({ id: row.id, hasWhy: true });
      expect({ id: row.id, level: row.level }).toEqual({
        id: row.id,
        level: expect.stringMatching(/^(task|container|runtime|service-event)$/),
      });
    }
  });

  it('has unique ids and no text twice (ignoring case and punctuation)', () => {
    // Prepare
    const key = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

    // Assess
    expect(new Set(publicCorpus.map((row) => row.id)).size).toBe(publicCorpus.length);
    expect(new Set(publicCorpus.map((row) => key(row.text))).size).toBe(publicCorpus.length);
  });

  it('keeps every row in the half the recorded hash rule puts it in (no row moved after tuning)', () => {
    // Act
    const moved = publicCorpus.filter((row) => row.split !== splitOf(row.text)).map((row) => row.id);

    // Assess
    expect(moved).toEqual([]);
    expect(publicCorpus.filter((row) => row.split === 'heldout').length).toBeGreaterThanOrEqual(100);
  });

  it('reaches at least 95 % on the held-back half', () => {
    // Act
    const heldOut = evaluateClassifier(
      publicCorpus.filter((row) => row.split === 'heldout'),
      classifyStopReason
    );

    // Assess
    expect({
      accuracyAtLeast95: heldOut.accuracy >= 0.95,
      misses: heldOut.misses.map((miss) => `${miss.label} -> ${miss.predicted}: ${miss.text}`),
    }).toMatchObject({ accuracyAtLeast95: true });
  });

  it('never calls a reason labelled non-network endpoint-fixable (unsafe = 0 over every row)', () => {
    // Act
    const all = evaluateClassifier(publicCorpus, classifyStopReason);

    // Assess
    expect(all.unsafe.map((miss) => miss.text)).toEqual([]);
  });

  it('never proposes a fix where the label says the text cannot decide (ambiguous_network)', () => {
    // Act
    const speculative = publicCorpus.filter(
      (row) => row.label === 'ambiguous_network' && row.alt === undefined && classifyStopReason(row.text).endpointFixable
    );

    // Assess
    expect(speculative.map((row) => row.id)).toEqual([]);
  });
});
