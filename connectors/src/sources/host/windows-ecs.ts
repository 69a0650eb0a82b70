/**
 * The ECS document of a Windows event, following Winlogbeat conventions (`winlog.*`, `event.code` as a string,
 * `host.name` from the computer name) so that Sigma's ECS pipeline maps onto it. Channel-specific mappings
 * (Security, Sysmon, PowerShell, System) add categories, users, processes and network fields.
 */
import type { EcsDocument, ParseContext, ParseOutcome, RawRecord, SigmaLogsource } from '../../connector.js';
import { appendUnique, getField, setField, toInt } from '../../util/ecs.js';
import { readWinEvent, type WinEvent } from './windows-event.js';

export interface WinMapping {
  category?: string[];
  type?: string[];
  action?: string | string[];
  outcome?: 'success' | 'failure' | 'unknown';
  /** Sigma category of this event id (`process_creation`…). */
  sigmaCategory?: string;
}

/** A channel mapper fills the channel-specific fields and returns the classification. */
export type WinMapper = (win: WinEvent, doc: EcsDocument) => WinMapping;

const EMPTY = new Set(['', '-', '%%1793', 'N/A', '(null)']);

/** An event-data value, or undefined when Windows wrote a placeholder (`-`). */
export function val(win: WinEvent, name: string): string | undefined {
  const v = win.eventData[name];
  return v === undefined || EMPTY.has(v.trim()) ? undefined : v;
}

/** `DOMAIN\user` → `{domain, name}`. */
export function splitAccount(text: string | undefined): { name?: string; domain?: string } {
  if (!text) return {};
  const i = text.indexOf('\\');
  return i > 0 ? { domain: text.slice(0, i), name: text.slice(i + 1) } : { name: text };
}

/** Basename of a Windows or POSIX path. */
export function basename(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || undefined;
}

/** `0x1a4` or `420` → 420. */
export function pidOf(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  return toInt(t);
}

/** Sysmon `Hashes` (`SHA1=…,MD5=…,IMPHASH=…`) → `{sha1, md5, …}` lower-cased. */
export function parseHashes(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z0-9]+)=([0-9A-Fa-f]+)\s*$/.exec(part);
    if (m) out[m[1].toLowerCase()] = m[2].toLowerCase();
  }
  return Object.keys(out).length ? out : undefined;
}

/** Sets `process.*` (or `process.parent.*`) from an image path, pid, command line and GUID. */
export function setProcess(
  doc: EcsDocument,
  prefix: 'process' | 'process.parent',
  p: { executable?: string; pid?: number; commandLine?: string; guid?: string },
): void {
  setField(doc, `${prefix}.executable`, p.executable);
  setField(doc, `${prefix}.name`, basename(p.executable));
  setField(doc, `${prefix}.pid`, p.pid);
  setField(doc, `${prefix}.command_line`, p.commandLine);
  setField(doc, `${prefix}.entity_id`, p.guid);
}

export function setUser(doc: EcsDocument, prefix: string, name?: string, domain?: string, id?: string): void {
  setField(doc, `${prefix}.name`, name);
  setField(doc, `${prefix}.domain`, domain);
  setField(doc, `${prefix}.id`, id);
  if (name) appendUnique(doc, 'related.user', name);
}

function keywordsOutcome(win: WinEvent): 'success' | 'failure' | undefined {
  const kws = win.keywords ?? [];
  if (kws.some((k) => /audit success/i.test(k))) return 'success';
  if (kws.some((k) => /audit failure/i.test(k))) return 'failure';
  return undefined;
}

/** The raw text kept in `event.original`: the input text, or the original carried by a structured input. */
function originalOf(raw: RawRecord, win: WinEvent): string | undefined {
  if (typeof raw === 'string') return raw;
  const o = getField(raw, 'event.original');
  if (typeof o === 'string') return o;
  return win.text;
}

/** Builds the common Winlogbeat-shaped document, then lets the channel mapper classify it. */
export function windowsToEcs(
  win: WinEvent,
  raw: RawRecord,
  ctx: ParseContext,
  logsource: SigmaLogsource,
  mapper?: WinMapper,
): EcsDocument {
  const doc: EcsDocument = {};
  const src = win.source;
  const ts =
    win.time ?? (typeof src?.['@timestamp'] === 'string' ? new Date(src['@timestamp'] as string) : undefined);
  setField(doc, '@timestamp', (ts && !Number.isNaN(ts.getTime()) ? ts : ctx.now).toISOString());
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.code', String(win.eventId));
  setField(doc, 'event.provider', win.provider);
  setField(doc, 'event.module', logsource.service === 'sysmon' ? 'sysmon' : 'windows');
  if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', originalOf(raw, win));
  setField(doc, 'message', win.message);
  setField(doc, 'log.level', win.level?.toLowerCase());

  setField(doc, 'winlog.channel', win.channel);
  setField(doc, 'winlog.provider_name', win.provider);
  setField(doc, 'winlog.provider_guid', win.providerGuid);
  setField(doc, 'winlog.event_id', String(win.eventId));
  setField(doc, 'winlog.computer_name', win.computer);
  setField(doc, 'winlog.record_id', win.recordId);
  setField(doc, 'winlog.version', win.version);
  setField(doc, 'winlog.task', win.task);
  setField(doc, 'winlog.opcode', win.opcode);
  setField(doc, 'winlog.keywords', win.keywords);
  setField(doc, 'winlog.process.pid', win.processId);
  setField(doc, 'winlog.process.thread.id', win.threadId);
  setField(doc, 'winlog.user.identifier', win.userSid);
  setField(doc, 'winlog.user.name', win.user?.name);
  setField(doc, 'winlog.user.domain', win.user?.domain);
  if (Object.keys(win.eventData).length) setField(doc, 'winlog.event_data', { ...win.eventData });

  const hostName =
    (typeof getField(src, 'host.name') === 'string' ? (getField(src, 'host.name') as string) : undefined) ??
    win.computer;
  setField(doc, 'host.name', hostName);
  if (hostName) appendUnique(doc, 'related.hosts', hostName);

  const m = mapper ? mapper(win, doc) : {};
  if (m.category?.length) setField(doc, 'event.category', m.category);
  if (m.type?.length) setField(doc, 'event.type', m.type);
  setField(doc, 'event.action', m.action);
  const srcOutcome = getField(src, 'event.outcome');
  setField(
    doc,
    'event.outcome',
    m.outcome ?? (typeof srcOutcome === 'string' ? srcOutcome : undefined) ?? keywordsOutcome(win),
  );
  for (const ip of [getField(doc, 'source.ip'), getField(doc, 'destination.ip')])
    if (typeof ip === 'string') appendUnique(doc, 'related.ip', ip);
  setField(doc, 'vigie.logsource', {
    ...logsource,
    ...(m.sigmaCategory ? { category: m.sigmaCategory } : {}),
  });
  return doc;
}

/** Parses a Windows event of the given channels with a mapper; other channels are rejected with a reason. */
export function parseWindows(
  raw: RawRecord,
  ctx: ParseContext,
  opts: {
    accepts: (win: WinEvent) => boolean;
    expected: string;
    logsource: (win: WinEvent) => SigmaLogsource;
    mapper: WinMapper;
  },
): ParseOutcome {
  const r = readWinEvent(raw, ctx);
  if (!r.ok) return { kind: 'reject', reason: r.reason };
  if (!opts.accepts(r.event)) {
    return {
      kind: 'reject',
      reason: `channel "${r.event.channel ?? '?'}" (event ${r.event.eventId}) is not ${opts.expected}`,
    };
  }
  return { kind: 'event', event: windowsToEcs(r.event, raw, ctx, opts.logsource(r.event), opts.mapper) };
}
