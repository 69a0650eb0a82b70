/**
 * OTRF recordings as an evaluation dataset: agents read from the metadata's adversary view, attack events labelled
 * by the agents' process tree, recordings without an agent table skipped with the reason, a time split.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../events/event.model.js';
import { agentsOf, labelRecording, openOtrfDataset } from './otrf.dataset.js';

const DIR = fileURLToPath(new URL('../../../../../shared/corpora/otrf-security-datasets', import.meta.url));

describe('otrf labelling rule', () => {
  it('reads Empire agent rows (machine, user without the * marker, pid) and nothing else', () => {
    const view = `Name     La Internal IP     Machine Name      Username                Process            PID    Delay    Last Seen            Listener
----     -- -----------     ------------      --------                -------            ---    -----    ---------            ----------------
62HY9XCK ps 172.18.39.5     WORKSTATION5      THESHIRE\\pgustavo       powershell         3172   5/0.0    2020-08-07 14:30:45  http
F82SZKVW ps 172.18.39.6     WORKSTATION6      *THESHIRE\\wardog        powershell         6008   5/0.0    2020-08-07 18:31:11  http
(Empire: agents) > interact F82SZKVW`;
    expect(agentsOf(view)).toEqual([
      { machine: 'workstation5', user: 'theshire\\pgustavo', pid: 3172 },
      { machine: 'workstation6', user: 'theshire\\wardog', pid: 6008 },
    ]);
  });

  it('labels the agent process and its descendants on the agent machine only', () => {
    const ev = (host: string, pid: number, ppid: number) => ({
      host: { name: host },
      process: { pid, parent: { pid: ppid } },
    });
    const events = [
      ev('WORKSTATION5.theshire.local', 3172, 1),
      ev('WORKSTATION5.theshire.local', 900, 3172),
      ev('WORKSTATION5.theshire.local', 901, 900),
      ev('WORKSTATION5.theshire.local', 902, 4),
      ev('WORKSTATION6.theshire.local', 3172, 1),
    ];
    expect([...labelRecording(events, [{ machine: 'workstation5', user: 'x', pid: 3172 }])]).toEqual([
      0, 1, 2,
    ]);
  });

  it('follows descendants by process GUID when the pid is missing (NXLog Sysmon records)', () => {
    const events = [
      // net.exe started by the agent: parent pid known, own pid missing, GUID present
      { host: { name: 'WORKSTATION5' }, process: { entity_id: '{A}', parent: { pid: 3172 } } },
      // net1.exe started by net.exe: only the parent GUID links it
      {
        host: { name: 'WORKSTATION5' },
        process: { entity_id: '{B}', parent: { pid: 5124, entity_id: '{a}' } },
      },
      {
        host: { name: 'WORKSTATION5' },
        process: { entity_id: '{C}', parent: { pid: 880, entity_id: '{Z}' } },
      },
    ];
    expect([...labelRecording(events, [{ machine: 'workstation5', user: 'x', pid: 3172 }])]).toEqual([0, 1]);
  });
});

describe.skipIf(!existsSync(DIR))('otrf dataset on the corpus', () => {
  if (!existsSync(DIR)) console.warn(`otrf corpus absent at ${DIR}: corpus specs skipped`);
  it('parses the labelled recordings with the connectors, skips the others with a reason, splits by time', async () => {
    const ds = await openOtrfDataset(DIR);
    const labelled = ds.recordings.filter((r) => r.labelled);
    expect(labelled.length).toBeGreaterThanOrEqual(5);
    expect(ds.recordings.filter((r) => !r.labelled).every((r) => r.reason)).toBe(true);
    let n = 0;
    let learning = 0;
    let prev = '';
    const split = Date.parse(ds.learningEnd);
    for (const e of ds.events() as Iterable<StoredEvent>) {
      const ts = String(e.doc['@timestamp']);
      expect(ts >= prev).toBe(true);
      prev = ts;
      n++;
      if (Date.parse(ts) < split) learning++;
    }
    expect(n).toBe(labelled.reduce((a, r) => a + r.events, 0));
    expect(learning / n).toBeGreaterThan(0.4);
    expect(learning / n).toBeLessThan(0.6);
    expect(ds.labels.every((l) => l.eventIds.length > 0 && l.start <= l.end)).toBe(true);
  }, 60_000);
});
