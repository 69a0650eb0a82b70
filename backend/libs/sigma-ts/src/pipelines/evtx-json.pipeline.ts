/**
 * `evtx-json` pipeline: raw evtx_dump JSON (`Event.System.*`, `Event.EventData.*`, `Event.UserData.*`). Events are
 * flattened straight into Sigma field names: EventData/UserData leaves by name, System fields as Sigma names them
 * (EventID, Channel, Computer, Provider_Name, Security_UserID…). Routing from Channel, Provider and EventID.
 */
import type { Logsource } from '../types.js';
import { MapView, type FieldView } from './field-view.js';
import type { EventRoute, FieldMapping, Pipeline } from './pipeline.js';
import { windowsCategories, windowsService } from './windows-channels.js';

function unwrap(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && '#text' in (v as object))
    return (v as Record<string, unknown>)['#text'];
  return v;
}

function attr(v: unknown, name: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  const a = (v as Record<string, unknown>)['#attributes'];
  return a && typeof a === 'object' ? (a as Record<string, unknown>)[name] : undefined;
}

function addData(out: Map<string, unknown>, obj: unknown, depth = 0): void {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || depth > 4) return;
  for (const [k, raw] of Object.entries(obj as Record<string, unknown>)) {
    if (k === '#attributes') continue;
    const v = unwrap(raw);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) addData(out, v, depth + 1);
    else {
      if (!out.has(k)) out.set(k, v);
      // Defender and other providers name data items with spaces ("Threat Name"); Sigma rules drop them.
      if (k.includes(' ')) {
        const compact = k.replace(/ /g, '');
        if (!out.has(compact)) out.set(compact, v);
      }
    }
  }
}

export class EvtxJsonPipeline implements Pipeline {
  readonly name = 'evtx-json';

  mapField(field: string, _ls: Logsource): FieldMapping {
    return { keys: [field] };
  }

  flatten(event: unknown): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const ev = (event as Record<string, unknown> | null)?.Event as Record<string, unknown> | undefined;
    if (!ev || typeof ev !== 'object') return out;
    const sys = (ev.System ?? {}) as Record<string, unknown>;
    addData(out, ev.EventData);
    addData(out, ev.UserData);
    const eid = unwrap(sys.EventID);
    if (eid !== undefined) out.set('EventID', eid);
    for (const k of [
      'Channel',
      'Computer',
      'Level',
      'Task',
      'Opcode',
      'Keywords',
      'Version',
      'EventRecordID',
    ]) {
      const v = unwrap(sys[k]);
      if (v !== undefined && v !== null) out.set(k, v);
    }
    const prov = attr(sys.Provider, 'Name');
    if (prov !== undefined) out.set('Provider_Name', prov);
    const guid = attr(sys.Provider, 'Guid');
    if (guid !== undefined) out.set('Provider_Guid', guid);
    const uid = attr(sys.Security, 'UserID');
    if (uid !== undefined) out.set('Security_UserID', uid);
    const t = attr(sys.TimeCreated, 'SystemTime');
    if (t !== undefined) out.set('TimeCreated', t);
    const pid = attr(sys.Execution, 'ProcessID');
    if (pid !== undefined && !out.has('ProcessID')) out.set('ProcessID', pid);
    return out;
  }

  view(event: unknown): FieldView {
    return new MapView(this.flatten(event));
  }

  route(view: FieldView): EventRoute {
    const str = (k: string) => {
      const v = view.lookup(k);
      return typeof v === 'string' ? v : undefined;
    };
    const channel = str('Channel');
    const provider = str('Provider_Name');
    const eventId = Number(view.lookup('EventID'));
    return {
      product: 'windows',
      service: windowsService(channel),
      categories: windowsCategories(channel, provider, eventId),
    };
  }
}
