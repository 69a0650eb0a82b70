/**
 * ECS `url.*` from a URL as logs write it: an absolute URL (`https://user@[2001:db8::1]:8443/a/b.php?q=1#f`), a
 * request target (`/a/b.php?q=1`, with scheme/host/port supplied from elsewhere), an authority (`host:443`, as in
 * CONNECT) or a scheme-less `host/path` (as firewalls log URLs). The text is kept as given in `url.original`
 * (or `url.full`); an IPv6 literal keeps its brackets in `url.domain`, as ECS asks.
 */
import type { EcsDocument } from '../connector.js';
import { setField, toInt } from './ecs.js';
import { isIp, splitHostPort } from './ip.js';

export interface UrlOptions {
  /** Scheme, domain and port known from elsewhere (the Host header, the listener), for request targets. */
  scheme?: string;
  domain?: string;
  port?: number;
  /** Where the text goes: `url.original` (default) or `url.full`. */
  originalField?: 'original' | 'full';
}

const ABSOLUTE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;
const AUTHORITY = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/;
/** `www.example.com/path`, `10.0.0.1:8080/x`: a dotted host name or an IP, then an optional port and path. */
const SCHEMELESS = /^((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?([/?#].*)?$/s;

const bracketed = (host: string) => (host.includes(':') && isIp(host) ? `[${host}]` : host);

export function setUrl(doc: EcsDocument, original: unknown, opts: UrlOptions = {}): void {
  if (typeof original !== 'string' || original === '' || original === '-') return;
  setField(doc, `url.${opts.originalField ?? 'original'}`, original);
  let rest: string;
  let scheme = opts.scheme;
  let domain = opts.domain;
  let port = opts.port;
  const abs = ABSOLUTE.exec(original);
  const bare = abs ? null : SCHEMELESS.exec(original);
  if (abs) {
    scheme = abs[1].toLowerCase();
    const at = abs[2].lastIndexOf('@');
    if (at >= 0) setField(doc, 'url.username', abs[2].slice(0, at).split(':')[0] || undefined);
    const hp = splitHostPort(abs[2].slice(at + 1));
    domain = bracketed(hp.host) || undefined;
    port = hp.port ?? port;
    rest = abs[3];
  } else if (original.startsWith('/') || original.startsWith('*')) {
    rest = original;
  } else if (AUTHORITY.test(original)) {
    const m = AUTHORITY.exec(original)!;
    setField(doc, 'url.domain', m[1]);
    setField(doc, 'url.port', toInt(m[2]));
    return;
  } else if (bare) {
    domain = bare[1];
    port = toInt(bare[2]) ?? port;
    rest = bare[3] ?? '';
  } else return; // A malformed target: url.original only.
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    setField(doc, 'url.fragment', rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  if (q >= 0) setField(doc, 'url.query', rest.slice(q + 1));
  if (path) setField(doc, 'url.path', path);
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(path.slice(path.lastIndexOf('/') + 1));
  if (ext) setField(doc, 'url.extension', ext[1].toLowerCase());
  setField(doc, 'url.scheme', scheme);
  setField(doc, 'url.domain', domain);
  setField(doc, 'url.port', port);
}
