import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConnector } from '@vigie/connectors';
import { afterAll, describe, expect, it } from 'vitest';
import { scanEvidence } from './sigma.command.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rule = `title: Root login over SSH from outside
id: 6f1f4d8e-0d2c-4a8e-9e57-3b7c9f0a1b21
status: test
logsource: { product: linux, service: sshd }
detection:
  selection:
    user.name: root
    event.outcome: success
  condition: selection
level: high
`;

describe('sigma scan on raw evidence (--source / --auto)', () => {
  writeFileSync(join(dir, 'root.yml'), rule);
  writeFileSync(
    join(dir, 'auth.log'),
    [
      'Mar  9 23:59:01 web01 sshd[1234]: Accepted password for root from 203.0.113.9 port 50000 ssh2',
      'Mar  9 23:59:05 web01 sshd[1234]: Accepted password for bob from 10.0.0.6 port 50001 ssh2',
      'Mar  9 23:59:09 web01 sshd[1234]: Failed password for root from 10.0.0.7 port 50002 ssh2',
    ].join('\n'),
  );

  it('parses the log with the named connector, then matches through the ecs pipeline', async () => {
    const r = await scanEvidence(
      [join(dir, 'root.yml')],
      [join(dir, 'auth.log')],
      getConnector('linux-auth'),
      {},
    );
    expect(r.events).toBe(3);
    expect(r.matches.map((m) => m.event_index)).toEqual([0]);
    expect(r.per_rule).toEqual({ '6f1f4d8e-0d2c-4a8e-9e57-3b7c9f0a1b21': 1 });
  });

  it('auto-detects the connector of raw evidence', async () => {
    const r = await scanEvidence([join(dir, 'root.yml')], [dir], undefined, {});
    expect(r.connectors).toEqual({ 'linux-auth': 3 });
    expect(r.matches).toHaveLength(1);
  });
});
