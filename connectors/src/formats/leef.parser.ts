/**
 * IBM QRadar LEEF: `LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v` and
 * `LEEF:2.0|Vendor|Product|Version|EventID|<delimiter>|k=v<delim>k=v`, where the 2.0 delimiter is one character
 * or a hex code (`x09`, `^`, `0x5E`). Returns the parts as data, or a reason; never throws.
 */
export interface LeefRecord {
  version: string;
  vendor: string;
  product: string;
  productVersion: string;
  eventId: string;
  delimiter: string;
  attributes: Record<string, string>;
  prefix: string;
}

export type LeefResult = { ok: true; record: LeefRecord } | { ok: false; reason: string };

function delimiterOf(spec: string): string | undefined {
  if (spec.length === 1) return spec;
  const hex = /^(?:0?x)([0-9a-f]{1,4})$/i.exec(spec);
  return hex ? String.fromCharCode(parseInt(hex[1], 16)) : undefined;
}

export function parseLeef(line: string): LeefResult {
  const at = line.indexOf('LEEF:');
  if (at < 0) return { ok: false, reason: 'no "LEEF:" marker' };
  const parts = line.slice(at + 5).split('|');
  if (parts.length < 6)
    return { ok: false, reason: `LEEF header has ${parts.length} of at least 6 pipe-separated fields` };
  const version = parts[0].trim();
  let delimiter = '\t';
  let attrText: string;
  if (version.startsWith('2')) {
    if (parts.length >= 7) {
      const d = delimiterOf(parts[5]);
      if (d === undefined && parts[5] !== '')
        return { ok: false, reason: `LEEF 2.0 delimiter "${parts[5]}" is not a character or hex code` };
      delimiter = d ?? '\t';
      attrText = parts.slice(6).join('|');
    } else attrText = parts.slice(5).join('|');
  } else if (version.startsWith('1')) {
    attrText = parts.slice(5).join('|');
  } else return { ok: false, reason: `unsupported LEEF version "${version}"` };
  const attributes: Record<string, string> = {};
  // Some senders use spaces instead of the declared tab: fall back to ` key=` boundaries.
  const chunks =
    attrText.includes(delimiter) || !/ \w+=/.test(attrText)
      ? attrText.split(delimiter)
      : attrText.split(/ (?=[\w.]+=)/);
  for (const chunk of chunks) {
    const eq = chunk.indexOf('=');
    if (eq <= 0) continue;
    attributes[chunk.slice(0, eq).trim()] = chunk.slice(eq + 1).trim();
  }
  return {
    ok: true,
    record: {
      version,
      vendor: parts[1],
      product: parts[2],
      productVersion: parts[3],
      eventId: parts[4],
      delimiter,
      attributes,
      prefix: line.slice(0, at).trim(),
    },
  };
}

/** LEEF predefined attribute → ECS field. */
export const LEEF_TO_ECS: Record<string, string> = {
  src: 'source.ip',
  srcPort: 'source.port',
  srcMAC: 'source.mac',
  srcPreNAT: 'source.ip',
  srcPostNAT: 'source.nat.ip',
  srcPostNATPort: 'source.nat.port',
  dst: 'destination.ip',
  dstPort: 'destination.port',
  dstMAC: 'destination.mac',
  dstPostNAT: 'destination.nat.ip',
  dstPostNATPort: 'destination.nat.port',
  proto: 'network.transport',
  usrName: 'user.name',
  accountName: 'user.name',
  domain: 'user.domain',
  identHostName: 'host.name',
  identSrc: 'source.ip',
  srcBytes: 'source.bytes',
  dstBytes: 'destination.bytes',
  totalBytes: 'network.bytes',
  url: 'url.original',
  action: 'event.action',
  sev: 'event.severity',
  cat: 'event.category_text',
  devTime: '@timestamp',
  policy: 'rule.name',
  userAgent: 'user_agent.original',
  method: 'http.request.method',
  resource: 'url.path',
  vSrc: 'source.ip',
};
