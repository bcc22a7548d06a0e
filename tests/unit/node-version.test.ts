import { describe, expect, it } from 'vitest';
import { isSupportedNode, SUPPORTED_NODE } from '@/scripts/lib/node-version';

describe('supported Node.js versions (package.json engines)', () => {
  it('are the ones every runtime dependency accepts: 20.19+, 22.12+, 24 and later', () => {
    expect(SUPPORTED_NODE).toBe('^20.19 || ^22.12 || >=24');
    for (const version of ['v20.19.0', 'v20.20.2', 'v22.12.0', 'v22.23.5', 'v24.0.0', 'v25.1.0'])
      expect(isSupportedNode(version), version).toBe(true);
    for (const version of ['v18.20.4', 'v20.9.0', 'v20.18.3', 'v21.7.3', 'v22.11.0', 'v23.9.0'])
      expect(isSupportedNode(version), version).toBe(false);
  });

  it('refuses a range form the launchers cannot check', () => {
    expect(() => isSupportedNode('v22.0.0', '~22.1')).toThrow('Unsupported form');
  });
});
