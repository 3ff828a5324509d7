import { describe, expect, it } from '@jest/globals';

import { scopeOfIp } from '../../../shared/classify/ip-scope.js';

describe('scopeOfIp', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.200.4', 'private'],
    ['192.168.0.10', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['169.254.169.253', 'private'],
    ['127.0.0.1', 'private'],
    ['fd00:ec2::23', 'private'],
    ['fe80::1', 'private'],
    ['::1', 'private'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['52.94.1.9', 'public'],
    ['2600:1f18:4a3:6901::5', 'public'],
  ])('reads %s as %s', (address, scope) => {
    // Act
    const result = scopeOfIp(address);

    // Assess
    expect(result).toBe(scope);
  });

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', 'x.x.X.x', '', '01234.1.1.1', 'fe80::zz'])('gives null for %j', (address) => {
    // Act
    const result = scopeOfIp(address);

    // Assess
    expect(result).toBeNull();
  });
});
