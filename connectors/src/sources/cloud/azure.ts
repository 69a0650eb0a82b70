/**
 * Shared parsing for Azure Monitor diagnostic records (Entra ID sign-in and audit logs, Activity log):
 * the Event Hub `{"records":[…]}` envelope, the several timestamp shapes Azure emits, and category lists.
 */
import { wallClockToDate } from '../../util/time.js';
import { isObject, isoTime, parseJsonObject, type Json } from './json-record.js';

export const SIGNIN_CATEGORIES = new Set([
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ADFSSignInLogs',
  'MicrosoftServicePrincipalSignInLogs',
]);
export const ACTIVITY_CATEGORIES = new Set([
  'Administrative',
  'Action',
  'ServiceHealth',
  'ResourceHealth',
  'Alert',
  'Autoscale',
  'Security',
  'Policy',
  'Recommendation',
  'Delete',
  'Write',
]);

/** Splits an Event Hub batch (`{"records":[…]}`) into its records; a single record is returned alone. */
export function azureRecords(input: string | Json): Json[] | string {
  const obj = typeof input === 'string' ? parseJsonObject(input) : input;
  if (typeof obj === 'string') return obj;
  if (Array.isArray(obj.records)) return obj.records.filter(isObject);
  return [obj];
}

/**
 * Azure timestamps: ISO-8601 (7 fractional digits, with or without zone — zone-less means UTC here, as Azure
 * documents), or the US form `12/12/2025 3:03:58 PM` (UTC) some exports use.
 */
export function azureTime(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\s*([AP]M))?$/i.exec(v.trim());
    if (m) {
      let hour = Number(m[4]);
      if (m[7]) hour = (hour % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
      const d = wallClockToDate({
        year: +m[3],
        month: +m[1],
        day: +m[2],
        hour,
        minute: +m[5],
        second: +m[6],
      });
      return d?.toISOString();
    }
  }
  return isoTime(v);
}

/** The record's category, accepting the `category`/`Category` spellings. */
export function azureCategory(rec: Json): string | undefined {
  const c = rec.category ?? rec.Category;
  return typeof c === 'string' ? c : undefined;
}
