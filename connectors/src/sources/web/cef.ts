/**
 * A small CEF reader for the web family (Imperva, F5 ASM): `CEF:ver|vendor|product|version|sigid|name|severity|ext`,
 * header pipes escaped `\|`, extension `key=value` with `\=` escapes and values running to the next ` key=`.
 * Anything before `CEF:` (a syslog header) is returned as `prefix`.
 */
export interface CefRecord {
  prefix: string;
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  ext: Record<string, string>;
}

export function parseCef(text: string): CefRecord | string {
  const at = text.indexOf('CEF:');
  if (at < 0) return 'no "CEF:" marker';
  const body = text.slice(at + 4);
  const header: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < body.length && header.length < 7; i++) {
    const c = body[i];
    if (c === '\\' && (body[i + 1] === '|' || body[i + 1] === '\\')) {
      cur += body[++i];
    } else if (c === '|') {
      header.push(cur);
      cur = '';
    } else cur += c;
  }
  if (header.length < 7) return `CEF header has ${header.length} of 7 fields`;
  const ext: Record<string, string> = {};
  const rest = body.slice(i);
  const keys = [...rest.matchAll(/(?:^|\s)([A-Za-z0-9_.[\]-]+)=/g)];
  keys.forEach((m, k) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = k + 1 < keys.length ? (keys[k + 1].index ?? rest.length) : rest.length;
    ext[m[1]] = rest
      .slice(start, end)
      .trim()
      .replace(/\\([=\\|])/g, '$1')
      .replace(/\\n/g, '\n')
      .replace(/\\r/g, '\r');
  });
  return {
    prefix: text.slice(0, at).trim(),
    version: header[0],
    vendor: header[1],
    product: header[2],
    deviceVersion: header[3],
    signatureId: header[4],
    name: header[5],
    severity: header[6],
    ext,
  };
}

/** `cs1Label=Policy cs1=x` pairs to `{Policy: x}`. */
export function cefCustomLabels(ext: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ext)) {
    const m = /^(c[sn]\d+|cfp\d+|deviceCustom(?:String|Number)\d+)Label$/.exec(k);
    if (m && ext[m[1]] !== undefined) out[v] = ext[m[1]];
  }
  return out;
}
