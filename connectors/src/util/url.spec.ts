import { describe, expect, it } from 'vitest';
import type { EcsDocument } from '../connector.js';
import { setUrl, type UrlOptions } from './url.js';

const url = (text: unknown, opts?: UrlOptions) => {
  const doc: EcsDocument = {};
  setUrl(doc, text, opts);
  return doc.url;
};

describe('setUrl', () => {
  it('splits an absolute URL, keeping IPv6 brackets in url.domain and dropping the user info', () => {
    expect(url('HTTPS://ops:pw@[2001:db8::7]:8443/admin/login.PHP?next=%2F#top')).toEqual({
      original: 'HTTPS://ops:pw@[2001:db8::7]:8443/admin/login.PHP?next=%2F#top',
      username: 'ops',
      scheme: 'https',
      domain: '[2001:db8::7]',
      port: 8443,
      path: '/admin/login.PHP',
      query: 'next=%2F',
      fragment: 'top',
      extension: 'php',
    });
    expect(url('http://intranet.example')).toEqual({
      original: 'http://intranet.example',
      scheme: 'http',
      domain: 'intranet.example',
    });
  });

  it('fills a request target from the known scheme, host and port', () => {
    expect(url('/api/v2/items?page=3', { scheme: 'https', domain: 'shop.example', port: 443 })).toEqual({
      original: '/api/v2/items?page=3',
      path: '/api/v2/items',
      query: 'page=3',
      scheme: 'https',
      domain: 'shop.example',
      port: 443,
    });
  });

  it('reads a CONNECT authority and a scheme-less firewall URL', () => {
    expect(url('mail.example.org:993')).toEqual({
      original: 'mail.example.org:993',
      domain: 'mail.example.org',
      port: 993,
    });
    expect(url('[2001:db8::2]:443')).toEqual({
      original: '[2001:db8::2]:443',
      domain: '[2001:db8::2]',
      port: 443,
    });
    expect(url('cdn.example.net/js/app.min.js')).toEqual({
      original: 'cdn.example.net/js/app.min.js',
      domain: 'cdn.example.net',
      path: '/js/app.min.js',
      extension: 'js',
    });
  });

  it('keeps malformed or empty values as url.original only, or not at all', () => {
    expect(url('not a url')).toEqual({ original: 'not a url' });
    expect(url('-')).toBeUndefined();
    expect(url(42)).toBeUndefined();
  });

  it('writes url.full when asked', () => {
    expect(url('https://t.example/x', { originalField: 'full' })).toMatchObject({
      full: 'https://t.example/x',
      domain: 't.example',
      path: '/x',
    });
  });
});
