import { describe, expect, it } from '@jest/globals';

import { CATEGORIES } from '../../../shared/classify/classification.js';
import { classifyStopReason, classifyTaskFailure, isStartupFailureText } from '../../../shared/classify/classify.js';
import { MAX_REASON_CHARS } from '../../../shared/classify/normalise-reason.js';
import {
  DNS_FAILURE_PATTERNS,
  EFS_FAILURE_PATTERNS,
  NETWORK_FAILURE_PATTERNS,
  NOT_NETWORK_PATTERNS,
  SERVICE_PATTERNS,
  STARTUP_FAILURE_PATTERN,
} from '../../../shared/classify/patterns.js';

const ONE_MEGABYTE = 1024 * 1024;

/**
 * No wall-clock threshold (a busy CI machine makes one flaky): linear time is guaranteed by the
 * structural test below, and catastrophic backtracking on a megabyte would take seconds to hours,
 * far past the test's time limit, so the test still fails on it.
 */
function classifyBoth(text: string): { category: string; startupFailure: boolean; evidenceLength: number } {
  const result = classifyStopReason(text);
  return { category: result.category, startupFailure: isStartupFailureText(text), evidenceLength: result.evidence.text.length };
}

describe('classifyStopReason on odd and hostile input', () => {
  it('classifies an empty string as other_not_network with empty evidence', () => {
    // Act
    const result = classifyStopReason('');

    // Assess
    expect(result).toEqual({
      category: 'other_not_network',
      service: null,
      endpointFixable: false,
      evidence: { patterns: [], family: null, hosts: [], ip: null, ipScope: null, region: null, text: '' },
    });
  });

  it('classifies whitespace-only and control-character text without throwing', () => {
    // Act
    const result = classifyStopReason(' \n\t\u0000\u0007\u00A0\u200B ');

    // Assess
    expect(result.category).toBe('other_not_network');
    expect(result.evidence.text).toBe('');
  });

  it.each([
    { name: 'one repeated letter', text: 'a'.repeat(ONE_MEGABYTE) },
    { name: 'repeated dial tcp', text: 'dial tcp '.repeat(ONE_MEGABYTE / 9) },
    { name: 'endless dotted labels', text: 'a.'.repeat(ONE_MEGABYTE / 2) },
    { name: 'repeated lookups', text: 'lookup x on '.repeat(ONE_MEGABYTE / 12) },
    { name: 'repeated URL prefixes', text: 'https://'.repeat(ONE_MEGABYTE / 8) },
    { name: 'repeated layer bucket names', text: 'starport-layer-bucket'.repeat(ONE_MEGABYTE / 21) },
    { name: 'digits and dots', text: '1.'.repeat(ONE_MEGABYTE / 2) },
    { name: 'a real reason padded with spaces', text: `${' '.repeat(ONE_MEGABYTE)}CannotPullContainerError: i/o timeout` },
  ])('classifies 1 MB of $name without catastrophic backtracking', ({ text }) => {
    // Act
    const outcome = classifyBoth(text);

    // Assess: an answer (within the test's time limit), with bounded evidence.
    expect(typeof outcome.category).toBe('string');
    expect(outcome.evidenceLength).toBeLessThanOrEqual(MAX_REASON_CHARS);
  });

  it.each(
    [
      ...NOT_NETWORK_PATTERNS,
      ...EFS_FAILURE_PATTERNS,
      ...DNS_FAILURE_PATTERNS,
      ...NETWORK_FAILURE_PATTERNS,
      ...SERVICE_PATTERNS,
      STARTUP_FAILURE_PATTERN,
    ].flatMap((pattern) =>
      [pattern.matcher, pattern.requires]
        .filter((regex) => regex !== undefined)
        .map((regex) => ({ id: pattern.id, source: regex.source }))
    )
  )('keeps $id linear: no nested or unbounded repetition', ({ source }) => {
    // Assess: a quantified group must not contain a quantifier, and * or + never appear unbounded.
    expect(source).not.toMatch(/\([^()]*[*+}][^()]*\)[*+{]/);
    expect(source.replace(/\\./g, '')).not.toMatch(/[*+]/);
  });

  it('finds a reason after a megabyte of leading whitespace', () => {
    // Act
    const result = classifyStopReason(
      `${' \n'.repeat(ONE_MEGABYTE)}CannotPullContainerError: Get https://registry-1.docker.io/v2/: i/o timeout`
    );

    // Assess
    expect(result).toMatchObject({ category: 'public_registry_unreachable', service: 'docker.io' });
  });

  it('keeps at most MAX_REASON_CHARS characters of evidence text', () => {
    // Act
    const result = classifyStopReason(`CannotPullContainerError: ${'x'.repeat(ONE_MEGABYTE)}`);

    // Assess
    expect(result.evidence.text.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(result.evidence.family).toBe('CannotPullContainerError');
  });

  it('reads curly quotes, odd capitalisation and line breaks like their plain forms', () => {
    // Prepare
    const plain =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.94.1.1:443: i/o timeout';
    const odd = plain
      .replace('ResourceInitializationError', 'RESOURCEINITIALIZATIONERROR')
      .replace('"https', '\u201Chttps')
      .replace('.com/"', '.com/\u201D')
      .replace('caused by: ', 'caused by:\r\n   ');

    // Act
    const fromPlain = classifyStopReason(plain);
    const fromOdd = classifyStopReason(odd);

    // Assess
    expect(fromOdd.category).toBe(fromPlain.category);
    expect(fromOdd.endpointFixable).toBe(true);
    expect(fromOdd.evidence.family).toBe('ResourceInitializationError');
    expect(fromOdd.evidence.text).toContain('caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/"');
  });

  it('reads text copied out of JSON with escaped quotes', () => {
    // Act
    const result = classifyStopReason(
      'CannotPullContainerError: failed to do request: Head \\"https://quay.io/v2/org/app/manifests/1\\": dial tcp 3.1.2.3:443: i/o timeout'
    );

    // Assess
    expect(result).toMatchObject({ category: 'public_registry_unreachable', service: 'quay.io' });
    expect(result.evidence.hosts).toEqual(['quay.io']);
  });

  it('survives unicode noise around a real reason', () => {
    // Act
    const result = classifyStopReason(
      '\uFEFF🚨 Tâche arrêtée — CannotPullContainerError: Get https://123456789012.dkr.ecr.eu-west-3.amazonaws.com/v2/: net/http: request canceled while waiting for connection 😱'
    );

    // Assess
    expect(result).toMatchObject({ category: 'ecr_dkr_unreachable', endpointFixable: true });
  });

  it('finds the service in a reason truncated in the middle of a word', () => {
    // Act
    const result = classifyStopReason(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadli'
    );

    // Assess
    expect(result).toMatchObject({ category: 'ssm_unreachable', service: 'ssm', endpointFixable: true });
  });

  it('always returns one of the known categories for arbitrary binary-ish text', () => {
    // Prepare
    const texts = Array.from({ length: 200 }, (_, seed) =>
      Array.from({ length: 64 }, (_, index) => String.fromCharCode(((seed + 1) * 7919 * (index + 3)) % 0xffff)).join('')
    );

    // Act
    const categories = texts.map((text) => classifyStopReason(text).category);

    // Assess
    for (const category of categories) {
      expect(CATEGORIES).toContain(category);
    }
  });
});

describe('classifyTaskFailure on odd input', () => {
  it('returns other_not_network when there is no reason at all', () => {
    // Act
    const result = classifyTaskFailure(null, ['', '   ']);

    // Assess
    expect(result).toMatchObject({ category: 'other_not_network', endpointFixable: false });
  });
});
