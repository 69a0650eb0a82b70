/**
 * OTRF Security-Datasets recordings (zipped NDJSON of Windows hosts: Sysmon, Security, PowerShell…, with
 * `metadata/*.yaml` describing each attack) as an evaluation dataset, parsed by our connectors
 * (`parseEvidenceFile`, the path `vigie sigma scan` uses).
 *
 * Labelling rule (the metadata has no per-event labels): a recording is labelled when its metadata's
 * `adversary_view` lists the attacker's agents (Empire's agent table: machine name, user, process id). Attack
 * events = events on an agent's machine whose `process.pid` or `process.parent.pid` is an agent's PID or a
 * descendant of one (process creations under an attack process add the child's PID, in time order). Recordings
 * whose metadata names no agent process (Covenant, Metasploit, scripted ones) cannot be labelled this way and are
 * skipped, with the reason, rather than counted as benign. One label per recording (its ATT&CK technique), naming
 * every detector: a detector's recall is the share of the attack recordings of the test split it detected.
 *
 * Split: the recordings are merged in time order; the learning split is the first `split` share of events
 * (default 0.5); alerts are scored on the rest. Each event gets a unique `event.id` (`<recording>:<n>`) so alerts
 * map back to the labelled events.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { StoredEvent, VigieEvent } from '../../events/event.model.js';
import { parseEvidenceFile } from '../../cli/import/parsed-events.js';
import type { EvalDataset, EvalLabel } from './evaluate.js';

export interface OtrfAgent {
  machine: string;
  user: string;
  pid: number;
}

export interface OtrfRecording {
  file: string;
  title: string;
  technique: string;
  agents: OtrfAgent[];
}

export interface OtrfDataset extends EvalDataset {
  recordings: { file: string; events: number; attack_events: number; labelled: boolean; reason?: string }[];
}

/** Empire's agent table rows: `Name La Internal-IP Machine-Name Username Process PID …`. */
export function agentsOf(adversaryView: string): OtrfAgent[] {
  const out: OtrfAgent[] = [];
  for (const line of adversaryView.split('\n')) {
    const m = /^\s*[A-Z0-9]{8}\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+(\S+)\s+\*?(\S+)\s+\S+\s+(\d+)\s/.exec(line);
    if (m) out.push({ machine: m[1].toLowerCase(), user: m[2].toLowerCase(), pid: Number(m[3]) });
  }
  return out;
}

/** Metadata of every recording, by zip file name. */
export function readMetadata(dir: string): Map<string, OtrfRecording> {
  const out = new Map<string, OtrfRecording>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
    try {
      const m = parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const files = (m.files as { type?: string; link?: string }[] | undefined) ?? [];
      const mapping = ((m.attack_mappings as
        { technique?: string; 'sub-technique'?: string }[] | undefined) ?? [])[0];
      const technique = mapping?.technique
        ? `${mapping.technique}${mapping['sub-technique'] ? `.${mapping['sub-technique']}` : ''}`
        : 'unknown';
      const view = String((m.simulation as { adversary_view?: unknown } | undefined)?.adversary_view ?? '');
      for (const file of files) {
        if (!file.link) continue;
        out.set(basename(file.link), {
          file: basename(file.link),
          title: String(m.title ?? f),
          technique,
          agents: agentsOf(view),
        });
      }
    } catch {
      // a metadata file that does not parse labels nothing
    }
  }
  return out;
}

type Doc = Record<string, unknown>;
const get = (d: Doc, a: string, b?: string, c?: string): unknown => {
  let v: unknown = d[a];
  for (const k of [b, c]) if (k !== undefined) v = v && typeof v === 'object' ? (v as Doc)[k] : undefined;
  return v;
};

/**
 * Labels the attack events of one recording (see the rule above); returns the ids of its attack events. Descendants
 * are followed by pid and by process GUID (`process.entity_id` → `process.parent.entity_id`): the recordings' NXLog
 * Sysmon events carry `ProcessGuid` but no `ProcessId`, so a grandchild (`net.exe` → `net1.exe`) is reachable only
 * through the GUIDs.
 */
export function labelRecording(events: Doc[], agents: OtrfAgent[]): Set<number> {
  const attack = new Set<number>();
  if (!agents.length) return attack;
  const pids = new Map<string, Set<number>>(); // machine → attack pids
  const guids = new Map<string, Set<string>>(); // machine → attack process GUIDs
  for (const a of agents) {
    pids.set(a.machine, (pids.get(a.machine) ?? new Set()).add(a.pid));
    guids.set(a.machine, new Set());
  }
  events.forEach((e, i) => {
    const host = String(get(e, 'host', 'name') ?? '').toLowerCase();
    const machine = [...pids.keys()].find((m) => host === m || host.startsWith(`${m}.`));
    if (!machine) return;
    const mine = pids.get(machine)!;
    const myGuids = guids.get(machine)!;
    const pid = Number(get(e, 'process', 'pid'));
    const ppid = Number(get(e, 'process', 'parent', 'pid'));
    const guid = get(e, 'process', 'entity_id');
    const parentGuid = get(e, 'process', 'parent', 'entity_id');
    const childOfAttack =
      mine.has(ppid) || (typeof parentGuid === 'string' && myGuids.has(parentGuid.toLowerCase()));
    const isAttack = mine.has(pid) || (typeof guid === 'string' && myGuids.has(guid.toLowerCase()));
    if (!childOfAttack && !isAttack) return;
    attack.add(i);
    if (Number.isFinite(pid)) mine.add(pid);
    if (typeof guid === 'string') myGuids.add(guid.toLowerCase());
  });
  return attack;
}

/** `path`: the OTRF folder (with `metadata/` and zips under it) or one recording's zip. */
export async function openOtrfDataset(
  path: string,
  opts: { split?: number; onFile?: (file: string) => void } = {},
): Promise<OtrfDataset> {
  const isDir = statSync(path).isDirectory();
  const root = isDir ? path : dirname(dirname(path));
  const metadata = readMetadata(join(root, 'metadata'));
  const zips = isDir ? findZips(path) : [path];
  if (!zips.length) throw new Error(`vigie eval baselines: no .zip recording under ${path}`);
  const all: { ms: number; ev: StoredEvent }[] = [];
  const labels: EvalLabel[] = [];
  const recordings: OtrfDataset['recordings'] = [];
  for (const zip of zips) {
    const name = basename(zip);
    opts.onFile?.(name);
    const meta = metadata.get(name);
    if (!meta?.agents.length) {
      recordings.push({
        file: name,
        events: 0,
        attack_events: 0,
        labelled: false,
        reason: meta
          ? 'metadata names no attacker process (no agent table in adversary_view)'
          : 'no metadata',
      });
      continue;
    }
    const parsed = await parseEvidenceFile(zip, undefined, {});
    const docs = parsed.events as unknown as Doc[];
    docs.sort((a, b) => Date.parse(String(a['@timestamp'])) - Date.parse(String(b['@timestamp'])));
    const attack = labelRecording(docs, meta.agents);
    const stem = name.replace(/\.zip$/, '');
    const ids: string[] = [];
    let first = Infinity;
    let last = -Infinity;
    docs.forEach((doc, i) => {
      const id = `${stem}:${i}`;
      const ms = Date.parse(String(doc['@timestamp']));
      if (!Number.isFinite(ms)) return;
      doc.event = { ...((doc.event as Doc | undefined) ?? {}), id };
      if (attack.has(i)) {
        ids.push(id);
        first = Math.min(first, ms);
        last = Math.max(last, ms);
      }
      all.push({ ms, ev: { id, doc: doc as unknown as VigieEvent } as StoredEvent });
    });
    recordings.push({
      file: name,
      events: docs.length,
      attack_events: ids.length,
      labelled: ids.length > 0,
      reason: ids.length ? undefined : 'no event of the agent processes in the recording',
    });
    if (ids.length) {
      labels.push({
        id: stem,
        type: `${meta.technique} ${meta.title}`,
        detectors: [],
        entity: { field: 'host.name', value: meta.agents[0].machine },
        start: new Date(first).toISOString(),
        end: new Date(last).toISOString(),
        eventIds: ids,
      });
    }
  }
  if (!all.length)
    throw new Error(
      `vigie eval baselines: no labelled OTRF recording under ${path} (${recordings.map((r) => `${r.file}: ${r.reason}`).join('; ')})`,
    );
  all.sort((a, b) => a.ms - b.ms);
  const split = opts.split ?? 0.5;
  const learningEnd = new Date(
    all[Math.min(all.length - 1, Math.floor(all.length * split))].ms,
  ).toISOString();
  return {
    name: `otrf:${path}`,
    learningEnd,
    labels,
    recordings,
    *events() {
      for (const x of all) yield x.ev;
    },
  };
}

function findZips(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findZips(p));
    else if (e.name.endsWith('.zip')) out.push(p);
  }
  return out.sort();
}
