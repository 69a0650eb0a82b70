import { createHash } from 'node:crypto';

/** Short, stable hash of a canonical group key: used in alert ids and remote state keys. */
export function groupHash(groupKey: string): string {
  return createHash('sha1').update(groupKey).digest('base64url').slice(0, 20);
}
