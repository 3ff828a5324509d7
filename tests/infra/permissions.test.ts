/** The read grants match what the function's code calls: nothing missing, nothing unused. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { EC2_READ_ACTIONS } from '../../infra/permissions.js';

const SHARED_DIR = join(import.meta.dirname, '..', '..', 'shared');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `ec2:DescribeSubnets` for every `DescribeSubnetsCommand` imported from @aws-sdk/client-ec2. */
function ec2DescribeActionsInCode(): string[] {
  const importFromEc2 = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ec2'/g;
  const actions = sourceFiles(SHARED_DIR).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(importFromEc2)].flatMap((match) =>
      [...(match[1] ?? '').matchAll(/\b(Describe[A-Za-z]+)Command\b/g)].map((name) => `ec2:${name[1]}`)
    )
  );
  return [...new Set(actions)].sort();
}

describe('EC2 read permissions', () => {
  it('grant exactly the EC2 Describe calls the code in shared/ sends', () => {
    expect([...EC2_READ_ACTIONS].sort()).toEqual(ec2DescribeActionsInCode());
  });

  it('do not grant DescribeSecurityGroupRules, which no code calls', () => {
    expect(EC2_READ_ACTIONS).not.toContain('ec2:DescribeSecurityGroupRules');
  });
});
