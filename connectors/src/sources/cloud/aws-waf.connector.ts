/**
 * AWS WAF (v2) web ACL logs: one JSON record per request, with the terminating rule, the action
 * (ALLOW/BLOCK/COUNT/CAPTCHA/CHALLENGE) and the inspected HTTP request.
 */
import type { EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { get, ip, isObject, isoTime, relatedIp, str, type Json } from './json-record.js';

const LOGSOURCE = { product: 'aws', service: 'waf' };

function header(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const h = headers.find((x) => isObject(x) && typeof x.name === 'string' && x.name.toLowerCase() === name);
  return isObject(h) ? str(h.value) : undefined;
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const req = rec.httpRequest;
  if (!isObject(req) || rec.webaclId === undefined) return 'not an AWS WAF record (no webaclId/httpRequest)';
  const ts = isoTime(rec.timestamp);
  if (!ts) return `unreadable timestamp ${JSON.stringify(rec.timestamp)}`;
  const doc: EcsDocument = {};
  const action = str(rec.action);
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.category', ['web']);
  const verdict = action === 'BLOCK' ? 'denied' : action === 'ALLOW' ? 'allowed' : undefined;
  setField(doc, 'event.type', verdict ? ['access', verdict] : ['access']);
  setField(doc, 'event.action', action);
  const clientIp = ip(req.clientIp);
  setField(doc, 'source.ip', clientIp);
  setField(doc, 'source.geo.country_iso_code', str(req.country));
  relatedIp(doc, clientIp);
  setField(doc, 'network.transport', 'tcp');
  setField(doc, 'http.request.method', str(req.httpMethod));
  setField(doc, 'http.request.id', str(req.requestId));
  const version = /^HTTP\/([\d.]+)$/i.exec(str(req.httpVersion) ?? '')?.[1];
  setField(doc, 'http.version', version);
  setField(doc, 'url.path', str(req.uri));
  setField(doc, 'url.query', str(req.args));
  setField(doc, 'rule.id', str(rec.terminatingRuleId));
  setField(doc, 'rule.ruleset', str(rec.terminatingRuleType));
  const arn = /^arn:aws:([^:]+):([^:]*):([^:]*):(.*)$/.exec(str(rec.webaclId) ?? '');
  setField(doc, 'cloud.provider', 'aws');
  if (arn) {
    setField(doc, 'cloud.service.name', arn[1]);
    setField(doc, 'cloud.region', arn[2]);
    setField(doc, 'cloud.account.id', arn[3]);
  }
  const waf = (k: string, v: unknown) => setField(doc, `aws.waf.${k}`, v);
  waf('id', str(rec.webaclId));
  waf('source.name', str(rec.httpSourceName));
  waf('source.id', str(rec.httpSourceId));
  waf(
    'terminating_rule_match_details',
    Array.isArray(rec.terminatingRuleMatchDetails) && rec.terminatingRuleMatchDetails.length
      ? rec.terminatingRuleMatchDetails
      : undefined,
  );
  waf(
    'non_terminating_matching_rules',
    Array.isArray(rec.nonTerminatingMatchingRules) && rec.nonTerminatingMatchingRules.length
      ? rec.nonTerminatingMatchingRules
      : undefined,
  );
  waf(
    'rule_group_list',
    Array.isArray(rec.ruleGroupList) && rec.ruleGroupList.length ? rec.ruleGroupList : undefined,
  );
  waf(
    'rate_based_rule_list',
    Array.isArray(rec.rateBasedRuleList) && rec.rateBasedRuleList.length ? rec.rateBasedRuleList : undefined,
  );
  waf('labels', Array.isArray(rec.labels) && rec.labels.length ? rec.labels : undefined);
  waf('request.headers', Array.isArray(req.headers) && req.headers.length ? req.headers : undefined);
  // Host and User-Agent as seen by WAF, kept as vendor facts (Elastic leaves url.domain/user_agent unset).
  waf('request.host', header(get(rec, 'httpRequest', 'headers'), 'host'));
  waf('request.user_agent', header(get(rec, 'httpRequest', 'headers'), 'user-agent'));
  return { doc, logsource: LOGSOURCE };
}

export const awsWafConnector = jsonConnector({
  id: 'aws-waf',
  name: 'AWS WAF',
  vendor: 'Amazon',
  product: 'WAF',
  logsources: [LOGSOURCE],
  elasticFixtures: ['aws/waf'],
  observer: undefined,
  map: mapRecord,
  detect(text) {
    return text.includes('"webaclId"') && text.includes('"httpRequest"') ? 0.95 : 0;
  },
});
