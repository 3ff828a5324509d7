import { describe, expect, it } from '@jest/globals';

import { CATEGORIES, isNetworkCategory } from '../../../shared/classify/classification.js';
import { classifyStopReason } from '../../../shared/classify/classify.js';
import { loadCorpus } from './corpus.js';

const corpus = loadCorpus();

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
    // Act
    const count = corpus.filter((entry) => entry.category === category).length;

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
