import { describe, expect, it } from 'vitest';
import { compileRuleSet, loadRuleSet, toRuleMatch } from './index.js';

const RULE = `
title: whoami
id: 5a4e7e0c-1f43-4d57-9d57-5b1f2a3c4d5e
logsource: { product: windows, category: process_creation }
detection:
  sel: { Image|endswith: '\\\\whoami.exe' }
  condition: sel
`;

describe('toRuleMatch', () => {
  it('keeps the match able to resolve fields once handed to the correlation engine', () => {
    const engine = compileRuleSet(loadRuleSet([{ path: 'r.yml', text: RULE }], { pipeline: 'ecs' }), {
      pipeline: 'ecs',
    });
    const event = {
      vigie: { logsource: { product: 'windows', category: 'process_creation' } },
      process: { executable: 'C:\\\\Windows\\\\System32\\\\whoami.exe' },
      user: { name: 'alice' },
    };
    const [m] = engine.match(event);
    expect(m).toBeDefined();
    const rm = toRuleMatch(m, { eventId: 'e1', timestamp: 1 });
    const fields = rm.fields; // detached, as the correlation engine holds it
    expect(fields('User')).toBe('alice');
    expect(fields('Image')).toBe('C:\\\\Windows\\\\System32\\\\whoami.exe');
  });
});
