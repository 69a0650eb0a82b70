/**
 * Kubernetes ingress-nginx controller access log: the combined line followed by
 * `$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr
 * $upstream_response_length $upstream_response_time $upstream_status $req_id` (upstream values may be lists).
 */
import type { EcsDocument } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { makeAccessConnector } from './access-connector.js';
import type { AccessLine } from './access-log.js';
import { splitHostPort, toNum } from './common.js';

const QUOTED = /^"(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*" /;
const EXTRAS =
  /^(\d+|-) ([\d.]+|-) \[([^\]]*)\] \[([^\]]*)\] (.+?) (-|\d+(?:(?:, | : )\d+)*) (-|[\d.]+(?:(?:, | : )[\d.]+)*) (-|\d{3}(?:(?:, | : )\d{3})*) (\S+)$/;

const list = (s: string) => (s === '-' ? [] : s.split(/, | : /));
const NS = 'nginx_ingress_controller.access';

function extend(doc: EcsDocument, line: AccessLine): void {
  const q = QUOTED.exec(line.tail);
  const m = q ? EXTRAS.exec(line.tail.slice(q[0].length)) : null;
  if (line.remotes.length) setField(doc, `${NS}.remote_ip_list`, line.remotes);
  if (!m) return;
  setField(doc, `${NS}.http.request.length`, toInt(m[1]));
  const reqTime = toNum(m[2]);
  setField(doc, `${NS}.http.request.time`, reqTime);
  if (reqTime !== undefined) setField(doc, 'event.duration', Math.round(reqTime * 1e9));
  setField(doc, `${NS}.upstream.name`, m[3]);
  setField(doc, `${NS}.upstream.alternative_name`, m[4]);
  const addrs = list(m[5]);
  if (addrs.length) {
    setField(doc, `${NS}.upstream.ip_port_list`, addrs);
    const first = splitHostPort(addrs[0]);
    setField(doc, `${NS}.upstream.ip`, first.host);
    setField(doc, `${NS}.upstream.port`, first.port);
  }
  const nums = (s: string) =>
    list(s)
      .map(toNum)
      .filter((n): n is number => n !== undefined);
  if (nums(m[6]).length) setField(doc, `${NS}.upstream.response.length`, nums(m[6]));
  if (nums(m[7]).length) setField(doc, `${NS}.upstream.response.time`, nums(m[7]));
  if (nums(m[8]).length) setField(doc, `${NS}.upstream.response.status_code`, nums(m[8]));
  setField(doc, 'http.request.id', m[9] === '-' ? undefined : m[9]);
}

export const nginxIngressConnector = makeAccessConnector({
  id: 'nginx-ingress',
  name: 'Kubernetes ingress-nginx access log',
  vendor: 'Kubernetes',
  product: 'ingress-nginx',
  logsource: { category: 'webserver', product: 'nginx', service: 'ingress-nginx' },
  elasticFixtures: ['nginx_ingress_controller/access'],
  eventType: 'info',
  extend,
  score: (line) => (/" \d+ [\d.]+ \[[^\]]*\] \[[^\]]*\] /.test(line) ? 0.9 : 0),
});
