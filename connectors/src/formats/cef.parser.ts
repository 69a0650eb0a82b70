/**
 * ArcSight CEF: `[syslog header ]CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`.
 * Header fields escape `\|` and `\\`; extension values escape `\=`, `\\`, `\n`, `\r`, and run to the next
 * unescaped ` key=`. Returns the parts as data, or a reason; never throws.
 */
export interface CefRecord {
  version: number;
  deviceVendor: string;
  deviceProduct: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  extensions: Record<string, string>;
  /** Text before `CEF:` (usually a syslog header), trimmed. */
  prefix: string;
}

export type CefResult = { ok: true; record: CefRecord } | { ok: false; reason: string };

function unescapeHeader(s: string): string {
  return s.replace(/\\([|\\])/g, '$1');
}

function unescapeExt(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/** Extension `k=v k2=v with spaces` with escapes; a key is `[\w.\-[\]]+` followed by an unescaped `=`. */
export function parseCefExtension(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const keyRe = /(?:^|\s)([\w.\-[\]]+)=/g;
  const starts: { key: string; keyAt: number; valueAt: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = keyRe.exec(text))) {
    const eq = m.index + m[0].length - 1;
    // Skip `=` that is escaped, i.e. preceded by an odd number of backslashes.
    let bs = 0;
    for (let j = eq - 1; j >= 0 && text[j] === '\\'; j--) bs++;
    if (bs % 2 === 1) continue;
    starts.push({ key: m[1], keyAt: m.index + (m[0].length - m[1].length - 1), valueAt: eq + 1 });
  }
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1].keyAt : text.length;
    out[starts[i].key] = unescapeExt(text.slice(starts[i].valueAt, end).trim());
  }
  return out;
}

/** Custom-field labels resolved: `cs1Label=Policy cs1=x` (also `cn`, `cfp`, `deviceCustomString`) to `{Policy: x}`. */
export function cefCustomLabels(ext: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ext)) {
    const m = /^(c[sn]\d+|cfp\d+|deviceCustom(?:String|Number)\d+)Label$/.exec(k);
    if (m && ext[m[1]] !== undefined) out[v] = ext[m[1]];
  }
  return out;
}

export function parseCef(line: string): CefResult {
  const at = line.indexOf('CEF:');
  if (at < 0) return { ok: false, reason: 'no "CEF:" marker' };
  const body = line.slice(at + 4);
  const parts: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < body.length && parts.length < 7; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      cur += c + body[i + 1];
      i++;
    } else if (c === '|') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (parts.length < 7)
    return { ok: false, reason: `CEF header has ${parts.length + 1} of 8 pipe-separated fields` };
  const version = Number(parts[0].trim());
  if (!Number.isInteger(version)) return { ok: false, reason: `CEF version "${parts[0]}" is not a number` };
  const [, vendor, product, devVersion, sigId, name, severity] = parts.map(unescapeHeader);
  return {
    ok: true,
    record: {
      version,
      deviceVendor: vendor,
      deviceProduct: product,
      deviceVersion: devVersion,
      signatureId: sigId,
      name,
      severity,
      extensions: parseCefExtension(body.slice(i)),
      prefix: line.slice(0, at).trim(),
    },
  };
}
