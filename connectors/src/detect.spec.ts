import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFixture, loadManifest } from '../test/conformance/corpus.js';
import { detectConnector } from './detect.js';
import { connectors } from './registry.js';

describe('detectConnector on written lines', () => {
  it('picks the specific connector, then the generic formats', () => {
    expect(
      detectConnector(
        'Mar  3 10:00:01 web1 sshd[811]: Accepted publickey for deploy from 198.51.100.7 port 50122 ssh2',
      ).id,
    ).toBe('linux-auth');
    expect(detectConnector('type=USER_LOGIN msg=audit(1700000000.123:42): pid=1 uid=0 res=success').id).toBe(
      'auditd',
    );
    expect(detectConnector('Mar  3 10:00:01 web1 myapp[12]: cache warmed').id).toBe('linux-syslog');
    expect(detectConnector('CEF:0|Acme|Gizmo|1.0|100|Thing happened|5|src=192.0.2.1 dst=192.0.2.2').id).toBe(
      'cef',
    );
    expect(detectConnector('LEEF:1.0|Acme|Gizmo|1.0|100|src=192.0.2.1\tdst=192.0.2.2').id).toBe('leef');
    expect(detectConnector('alpha=1 beta="two words" gamma=3').id).toBe('kv');
    expect(detectConnector('{"foo":"bar","when":"2024-01-01T00:00:00Z"}').id).toBe('json');
    expect(detectConnector(['', '   ']).id).toBe('unknown');
  });

  it('averages over the sample and lists alternatives', () => {
    const d = detectConnector([
      'Mar  3 10:00:01 web1 sudo[9]: bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/ls',
      'Mar  3 10:00:02 web1 systemd-logind[5]: New session 4 of user bob.',
    ]);
    expect(d.id).toBe('linux-auth');
    expect(d.alternatives.map((a) => a.id)).toContain('linux-syslog');
    expect(d.confidence).toBeGreaterThan(d.alternatives[0].confidence);
  });
});

const corpus = fileURLToPath(new URL('../../../shared/corpora/elastic-integrations', import.meta.url));
const present = existsSync(corpus);
if (!present) console.warn(`detect.spec: Elastic corpus not found at ${corpus}; skipping fixture detection`);

describe.skipIf(!present)('detectConnector on each Elastic fixture', () => {
  const manifest = present ? loadManifest(corpus) : [];
  const cases = connectors.flatMap((c) => c.elasticFixtures.map((f) => [f, c.id] as const));
  it.each(cases)('%s → %s', (fixture, id) => {
    const entries = loadFixture(fixture, corpus, manifest).flatMap((fx) => fx.entries.map((e) => e.record));
    if (entries.length === 0) return; // nothing replayable in this corpus copy (reported by the conformance run)
    const d = detectConnector(entries.slice(0, 5));
    // Formats that are byte-identical across products (the combined access log of Apache and nginx) tie:
    // the fixture's connector must then be among the winners.
    const winners = [d, ...d.alternatives].filter((a) => a.confidence === d.confidence).map((a) => a.id);
    expect(winners, JSON.stringify(d)).toContain(id);
  });
});
