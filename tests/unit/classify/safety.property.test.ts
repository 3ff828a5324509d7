import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';

import { isNetworkCategory } from '../../../shared/classify/classification.js';
import { classifyStopReason, classifyTaskFailure } from '../../../shared/classify/classify.js';
import { loadCorpus } from './corpus.js';

// Safety properties: whatever text surrounds them, non-network failures never turn into a
// verdict that creates endpoints, and a private address never yields an endpoint fix.

const corpus = loadCorpus();
const nonNetworkTexts = corpus
  .filter((entry) => !isNetworkCategory(entry.category))
  .map((entry) => entry.text)
  .filter((text) => classifyStopReason(text).evidence.patterns.length > 0);
const fixableTexts = corpus.filter((entry) => entry.endpointFixable).map((entry) => entry.text);

const networkNoise = fc.constantFrom(
  'dial tcp 3.5.140.2:443: i/o timeout',
  'RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/"',
  'Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/x": context deadline exceeded',
  'There is a connection issue between the task and Amazon ECR. Check your task network configuration.',
  'unable to retrieve secret from asm: service call has been retried 5 time(s)',
  'net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)'
);

const privateIpv4 = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([b, c, d]) => `10.${b}.${c}.${d}`),
  fc.tuple(fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)).map(([b, c, d]) => `172.${b}.${c}.${d}`),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([c, d]) => `192.168.${c}.${d}`),
  fc.tuple(fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)).map(([b, c, d]) => `100.${b}.${c}.${d}`)
);

describe('classifier safety properties', () => {
  it('keeps every non-network corpus verdict non-network and unfixable when network noise is added', () => {
    fc.assert(
      fc.property(fc.constantFrom(...nonNetworkTexts), networkNoise, fc.boolean(), (text, noise, noiseFirst) => {
        // Act
        const result = classifyStopReason(noiseFirst ? `${noise} ${text}` : `${text} ${noise}`);

        // Assess
        expect(result.endpointFixable).toBe(false);
        expect(isNetworkCategory(result.category)).toBe(false);
      })
    );
  });

  it('never offers an endpoint fix for any truncation of a non-network corpus reason', () => {
    for (const text of nonNetworkTexts) {
      for (let length = 1; length <= text.length; length += 1) {
        // Act
        const result = classifyStopReason(text.slice(0, length));

        // Assess
        expect({ text: text.slice(0, length), endpointFixable: result.endpointFixable }).toEqual({
          text: text.slice(0, length),
          endpointFixable: false,
        });
      }
    }
  });

  it('never offers an endpoint fix when the address that timed out is private', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixableTexts), privateIpv4, (text, ip) => {
        // Prepare
        const withPrivateIp = /dial tcp \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/.test(text)
          ? text.replace(/dial tcp \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g, `dial tcp ${ip}`)
          : `${text} dial tcp ${ip}:443: i/o timeout`;

        // Act
        const result = classifyStopReason(withPrivateIp);

        // Assess
        expect(result.endpointFixable).toBe(false);
      })
    );
  });

  it('only ever marks endpoint categories with a non-private address as fixable, for any text', () => {
    const endpointCategories = new Set([
      'ecr_api_unreachable',
      'ecr_dkr_unreachable',
      's3_layer_unreachable',
      'secretsmanager_unreachable',
      'ssm_unreachable',
      'logs_unreachable',
    ]);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), networkNoise, (text, noise) => {
        // Act
        const result = classifyStopReason(`${text} ${noise}`);

        // Assess
        if (result.endpointFixable) {
          expect(endpointCategories.has(result.category)).toBe(true);
          expect(result.evidence.ipScope).not.toBe('private');
        }
      })
    );
  });

  it('lets a non-network container reason win over any network reason in the same task', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...nonNetworkTexts),
        fc.constantFrom(...fixableTexts),
        fc.boolean(),
        (nonNetwork, network, nonNetworkFirst) => {
          // Act
          const reasons = nonNetworkFirst ? [nonNetwork, network] : [network, nonNetwork];
          const result = classifyTaskFailure('Task failed to start', reasons);

          // Assess
          expect(result.endpointFixable).toBe(false);
          expect(isNetworkCategory(result.category)).toBe(false);
        }
      )
    );
  });
});
