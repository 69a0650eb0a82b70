/**
 * Squid access log: the native format
 *   `time elapsed client result/status bytes method URL user hierarchy/peer type`
 * and the extended layout with client port, byte breakdown and quoted headers
 *   `time elapsed client cport result/status total_bytes src_bytes reply_hdr req_hdr body_bytes method URL version
 *    user hierarchy/peer sport type … "referer" "user-agent" "host" "xff" [...] server_time …`.
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { fromEpoch } from '../../util/time.js';
import {
  baseEvent,
  dash,
  isIp,
  reject,
  setHttpStatus,
  setTimestamp,
  setUrl,
  tokenize,
  unwrap,
} from './common.js';

const ID = 'squid';
const RESULT = /^([A-Z_]+)\/(\d{3})$/;
const HIER = /^([A-Z_]+)\/(\S+)$/;

export const squidConnector: Connector = {
  id: ID,
  name: 'Squid proxy access log',
  vendor: 'Squid',
  product: 'Squid',
  logsources: [{ category: 'proxy', product: 'squid' }],
  formats: ['text'],
  elasticFixtures: ['squid/log'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const t = tokenize(text.trim());
    if (!/^\d{9,10}\.\d{3}$/.test(t[0] ?? ''))
      return reject(ID, 'not a Squid access line (expected an epoch `seconds.millis` first)');
    const extended = /^\d+$/.test(t[3] ?? '') && RESULT.test(t[4] ?? '');
    const o = extended ? 1 : 0;
    const result = RESULT.exec(t[3 + o] ?? '');
    if (!result)
      return reject(
        ID,
        `expected result/status (e.g. TCP_MISS/200) in column ${4 + o}, got "${t[3 + o] ?? ''}"`,
      );
    const doc = baseEvent(ctx, text, squidConnector.logsources[0], {
      vendor: 'Squid',
      product: 'Squid',
      type: 'proxy',
    });
    if (!setTimestamp(doc, fromEpoch(t[0]))) return reject(ID, `invalid time "${t[0]}"`);
    setField(doc, 'event.category', ['web']);
    setField(doc, 'event.type', ['access']);
    const elapsed = toInt(t[1]);
    if (elapsed !== undefined) setField(doc, 'event.duration', elapsed * 1e6);
    const client = t[2];
    setField(doc, 'source.address', client);
    if (isIp(client)) {
      setField(doc, 'source.ip', client);
      appendUnique(doc, 'related.ip', client);
    }
    setField(doc, 'squid.result_code', result[1]);
    const status = toInt(result[2]);
    setField(doc, 'squid.status_code', status);
    setHttpStatus(doc, status);
    let i: number;
    if (extended) {
      setField(doc, 'source.port', toInt(t[3]));
      setField(doc, 'destination.bytes', toInt(t[5]));
      setField(doc, 'source.bytes', toInt(t[6]));
      setField(doc, 'squid.reply_header_size', toInt(t[7]));
      setField(doc, 'squid.request_header_size', toInt(t[8]));
      setField(doc, 'http.response.body.bytes', toInt(t[9]));
      i = 10;
    } else {
      setField(doc, 'destination.bytes', toInt(t[4]));
      i = 5;
    }
    const method = dash(t[i]);
    const url = t[i + 1];
    setField(doc, 'http.request.method', method);
    if (method === 'CONNECT') {
      // A CONNECT target is `host:port`, not a URL: the host is the destination.
      setField(doc, 'url.original', url);
      const hp = /^(.+):(\d+)$/.exec(url ?? '');
      if (hp) setField(doc, 'destination.domain', hp[1]);
    } else setUrl(doc, url);
    i += 2;
    if (extended && /^\d(\.\d)?$/.test(t[i] ?? '')) setField(doc, 'http.version', t[i++]);
    const user = dash(t[i++]);
    if (user) {
      setField(doc, 'source.user.name', user);
      appendUnique(doc, 'related.user', user);
    }
    const hier = HIER.exec(t[i++] ?? '');
    if (hier) {
      setField(doc, 'squid.peer_status', hier[1]);
      const peer = dash(hier[2]);
      if (peer) {
        setField(doc, 'destination.address', peer);
        if (isIp(peer)) {
          setField(doc, 'destination.ip', peer);
          appendUnique(doc, 'related.ip', peer);
        } else setField(doc, 'destination.domain', peer);
      }
    }
    if (extended) {
      setField(doc, 'destination.port', hier && dash(hier[2]) ? toInt(t[i]) : undefined);
      i++;
    }
    setField(doc, 'squid.content_type', dash(t[i]));
    if (extended) {
      // Quoted headers follow: referer, user agent, host, forwarded-for; the last two columns are numeric.
      const quoted = /"(?:[^"\\]|\\.)*"/g;
      const q = (text.match(quoted) ?? []).map((s) => s.slice(1, -1));
      setField(doc, 'http.request.referrer', dash(q[0]));
      setField(doc, 'user_agent.original', dash(q[1]));
      setField(doc, 'squid.host_header', dash(q[2]));
      const tail = text.trim().split(/\s+/);
      setField(doc, 'squid.server_time', toInt(tail[tail.length - 2]));
    }
    const host = (doc.url as { domain?: string } | undefined)?.domain;
    if (host) appendUnique(doc, 'related.hosts', host);
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !/^\d{9,10}\.\d{3} +\d+ \S+ /.test(text)) return 0;
    return / [A-Z_]+\/\d{3} /.test(text) ? 0.9 : 0;
  },
};
