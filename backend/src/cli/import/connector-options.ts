/**
 * Connector options from `--option key=value` flags: `true`/`false` become booleans and `year` a number;
 * `timezone` is checked up front so a typo fails the command with a clear message instead of rejecting every
 * record.
 */
import { assertTimezone, type ConnectorOptions } from '@vigie/connectors';
import { parseOptions } from '../commands/options.js';

export function connectorOptions(pairs: string[]): ConnectorOptions {
  const raw = parseOptions(pairs);
  const out: ConnectorOptions = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === 'true' || v === 'false') out[k] = v === 'true';
    else if (k === 'year') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1970 || n > 9999)
        throw new Error(`--option year=${v}: expected a four-digit year`);
      out.year = n;
    } else out[k] = v;
  }
  if (typeof out.timezone === 'string') {
    try {
      assertTimezone(out.timezone);
    } catch {
      throw new Error(
        `--option timezone=${out.timezone}: unknown timezone (use an offset like +02:00, GMT+2, or an IANA name like Europe/Paris)`,
      );
    }
  }
  return out;
}

/** Options as strings, the form the ingest API carries (`option.<key>=<value>`). */
export function optionStrings(options: ConnectorOptions): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)]));
}
