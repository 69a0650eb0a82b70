/**
 * The two enrichment directories of a tenant: the asset inventory (host → criticality, owner, zone, tags) and the
 * identity directory (user → department, title, privileged flag, manager). Entries are keyed by a normalised
 * name: hosts lower-cased (an FQDN also answers to its short name), users lower-cased without their domain
 * (`CORP\alice`, `alice@corp.example` and `alice` are one user).
 */
import { z } from 'zod';

export type DirectoryKind = 'assets' | 'identities';
export const DIRECTORY_KINDS: readonly DirectoryKind[] = ['assets', 'identities'];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

const text = z.string().trim().min(1).max(256);
const tags = z.union([z.array(z.string().trim().min(1)), z.string()]).transform((v) =>
  Array.isArray(v)
    ? v
    : v
        .split(/[;|]/)
        .map((t) => t.trim())
        .filter(Boolean),
);
const boolish = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => ['true', 'false', 'yes', 'no', '1', '0', 'y', 'n', ''].includes(v),
      'expected true/false, yes/no or 1/0',
    )
    .transform((v) => ['true', 'yes', '1', 'y'].includes(v)),
]);

export const assetSchema = z.object({
  host: text,
  criticality: z.string().trim().toLowerCase().pipe(z.enum(CRITICALITIES)),
  owner: text.optional(),
  zone: text.optional(),
  tags: tags.optional(),
});
export type AssetEntry = z.infer<typeof assetSchema>;

export const identitySchema = z.object({
  user: text,
  department: text.optional(),
  title: text.optional(),
  privileged: boolish.default(false),
  manager: text.optional(),
  email: text.optional(),
  display_name: text.optional(),
});
export type IdentityEntry = z.infer<typeof identitySchema>;

export type DirectoryEntry<K extends DirectoryKind> = K extends 'assets' ? AssetEntry : IdentityEntry;

/** Column/key aliases accepted on import (CSV headers or JSON keys, case-insensitive). */
export const FIELD_ALIASES: Record<DirectoryKind, Record<string, string>> = {
  assets: {
    hostname: 'host',
    host_name: 'host',
    'host.name': 'host',
    name: 'host',
    asset: 'host',
    network_zone: 'zone',
    segment: 'zone',
  },
  identities: {
    username: 'user',
    user_name: 'user',
    'user.name': 'user',
    account: 'user',
    samaccountname: 'user',
    login: 'user',
    dept: 'department',
    job_title: 'title',
    is_privileged: 'privileged',
    admin: 'privileged',
    mail: 'email',
    displayname: 'display_name',
    name: 'display_name',
  },
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Host key: lower-case; `web01.corp.example` is also reachable as `web01` (see `hostKeys`). */
export function hostKey(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** Keys an event's host name is looked up by: the full name, then its short name (not for IP addresses). */
export function hostKeys(host: string): string[] {
  const full = hostKey(host);
  if (IPV4.test(full) || full.includes(':')) return [full];
  const dot = full.indexOf('.');
  return dot > 0 ? [full, full.slice(0, dot)] : [full];
}

/** User key: `DOMAIN\user` → `user`, `user@domain` → `user`, lower-case. */
export function userKey(user: string): string {
  let u = user.trim();
  const slash = u.lastIndexOf('\\');
  if (slash >= 0) u = u.slice(slash + 1);
  const at = u.indexOf('@');
  if (at > 0) u = u.slice(0, at);
  return u.toLowerCase();
}

export function entryKey(kind: DirectoryKind, entry: AssetEntry | IdentityEntry): string {
  return kind === 'assets' ? hostKey((entry as AssetEntry).host) : userKey((entry as IdentityEntry).user);
}
