import { describe, expect, it } from 'vitest';
import { attackOf, riskScore, riskTypeOf, severityOf } from './rule-meta.js';

describe('rule metadata', () => {
  it('reads ATT&CK tactics (both spellings) and techniques, ignoring groups and software', () => {
    expect(
      attackOf([
        'attack.credential-access',
        'attack.t1003.001',
        'attack.T1003',
        'attack.g0016',
        'attack.s0002',
        'attack.lateral_movement',
        'cve.2021-1',
      ]),
    ).toEqual({
      tactics: ['credential_access', 'lateral_movement'],
      techniques: ['T1003.001', 'T1003'],
    });
  });

  it('risk type: custom.vigie.risk_type, then a vigie.risk tag, then the first tactic, then other', () => {
    expect(riskTypeOf({ custom: { vigie: { risk_type: 'ransomware' } } }, ['attack.impact'])).toBe(
      'ransomware',
    );
    expect(riskTypeOf({}, ['vigie.risk.Exfiltration', 'attack.collection'])).toBe('exfiltration');
    expect(riskTypeOf(undefined, ['attack.discovery', 'attack.execution'])).toBe('discovery');
    expect(riskTypeOf(undefined, [])).toBe('other');
  });

  it('severity from level (medium when absent or unknown) and risk score raised by asset criticality', () => {
    expect(severityOf('critical')).toBe('critical');
    expect(severityOf('bogus')).toBe('medium');
    expect(riskScore('high', undefined, undefined)).toBe(75);
    expect(riskScore('high', undefined, 'critical')).toBe(95);
    expect(riskScore('critical', undefined, 'critical')).toBe(100);
    expect(riskScore('low', 60, 'medium')).toBe(65);
  });
});
