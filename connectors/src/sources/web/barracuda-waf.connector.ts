/**
 * Barracuda Web Application Firewall syslog. The web-firewall (`WF`) log is parsed field by field:
 *   `<pri>yyyy-mm-dd hh:mm:ss.mmm ±zzzz unit WF severity attack client_ip client_port service_ip service_port
 *    rule rule_type action followup [attack details] method url protocol "session" "user-agent" proxy_ip proxy_port
 *    "user" "referer" unique_id`
 * Other log types (TR access, AUDIT, SYS, NF) keep their header facts and the text in `message`.
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, dash, isIp, reject, setTimestamp, setUrl, unwrap } from './common.js';

const ID = 'barracuda-waf';
const NS = 'barracuda.waf';
const HEAD =
  /^(?:<(\d{1,3})>)?(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: ([+-]\d{4}))? +(\S+) (WF|TR|AUDIT|SYS|NF) ([\s\S]*)$/;

interface Tok {
  v: string;
  /** `"` or `[` when the token was quoted/bracketed. */
  q?: string;
}

/**
 * Space-separated tokens; `"…"` and `[…]` are single tokens. Backslash escapes are honoured, and a bracketed token
 * may contain quoted strings holding brackets (`[Parameter\="0x\\[\\]"]`).
 */
function tokens(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ') i++;
    if (i >= s.length) break;
    const open = s[i];
    if (open === '"' || open === '[') {
      const close = open === '"' ? '"' : ']';
      let j = i + 1;
      let inQuote = false;
      while (j < s.length) {
        const c = s[j];
        if (c === '\\') j += 2;
        else if (open === '[' && c === '"') {
          inQuote = !inQuote;
          j++;
        } else if (c === close && !inQuote) break;
        else j++;
      }
      out.push({ v: s.slice(i + 1, j), q: open });
      i = j + 1;
    } else {
      const j = s.indexOf(' ', i);
      out.push({ v: j < 0 ? s.slice(i) : s.slice(i, j) });
      i = j < 0 ? s.length : j;
    }
  }
  return out;
}

export const barracudaWafConnector: Connector = {
  id: ID,
  name: 'Barracuda Web Application Firewall',
  vendor: 'Barracuda',
  product: 'Web Application Firewall',
  logsources: [{ category: 'waf', product: 'barracuda' }],
  formats: ['syslog'],
  elasticFixtures: ['barracuda/waf'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const h = HEAD.exec(text.trim());
    if (!h)
      return reject(
        ID,
        'not a Barracuda WAF line (expected `<pri>yyyy-mm-dd hh:mm:ss.mmm ±zzzz unit WF|TR|AUDIT|SYS|NF …`)',
      );
    const doc = baseEvent(ctx, text, barracudaWafConnector.logsources[0]);
    if (!setTimestamp(doc, parseIsoLike(h[2], h[3] ?? ctx.options.timezone)))
      return reject(ID, `invalid timestamp "${h[2]}"`);
    setField(doc, 'log.syslog.priority', toInt(h[1]));
    setField(doc, `${NS}.unit_name`, h[4]);
    setField(doc, `${NS}.log_type`, h[5]);
    if (h[5] !== 'WF') {
      setField(doc, 'message', h[6]);
      return { kind: 'event', event: doc };
    }
    const all = tokens(h[6]);
    // The follow-up action may be several words ("CHALLENGE WITH CAPTCHA"): it runs to the bracketed details.
    const det = all.findIndex((x, k) => k >= 9 && x.q === '[');
    if (all.length < 14 || det < 0)
      return reject(
        ID,
        `web-firewall record without the expected fields (${all.length} tokens, details ${det < 0 ? 'missing' : 'found'})`,
      );
    const v = all.map((x) => x.v);
    const [severity, attack, cip, cport, sip, sport, rule, ruleType, action] = v;
    const followup = v.slice(9, det).join(' ');
    const t = [...v.slice(0, 9), followup, ...v.slice(det)];
    const [details, method, url, protocol] = t.slice(10, 14);
    setField(doc, 'event.category', ['network', 'intrusion_detection']);
    setField(doc, `${NS}.severity_level`, severity);
    setField(doc, `${NS}.attack_description`, attack);
    for (const side of ['source', 'client']) {
      if (isIp(cip)) setField(doc, `${side}.ip`, cip);
      setField(doc, `${side}.port`, toInt(cport));
    }
    for (const side of ['destination', 'server']) {
      if (isIp(sip)) setField(doc, `${side}.ip`, sip);
      setField(doc, `${side}.port`, toInt(sport));
    }
    appendUnique(doc, 'related.ip', isIp(cip) ? cip : undefined, isIp(sip) ? sip : undefined);
    setField(doc, 'rule.name', rule);
    setField(doc, 'rule.category', ruleType);
    setField(doc, 'event.action', action);
    setField(doc, `${NS}.action_taken`, action);
    setField(doc, `${NS}.followup_action`, followup);
    if (details && details !== '"-"' && details !== '-') setField(doc, `${NS}.attack_details`, details);
    setField(doc, 'http.request.method', dash(method));
    if (dash(url)) setUrl(doc, url);
    setField(doc, `${NS}.protocol`, protocol);
    const [session, ua, proxyIp, , authUser, referer, uniqueId] = t.slice(14);
    setField(doc, `${NS}.session_id`, dash(session));
    setField(doc, 'user_agent.original', dash(ua));
    if (proxyIp && isIp(proxyIp)) setField(doc, 'network.forwarded_ip', proxyIp);
    const user = dash(authUser);
    if (user) {
      setField(doc, 'user.name', user);
      appendUnique(doc, 'related.user', user);
    }
    setField(doc, 'http.request.referrer', dash(referer));
    setField(doc, `${NS}.unique_id`, dash(uniqueId));
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !/^(<\d+>)?\d{4}-\d{2}-\d{2} \d/.test(text)) return 0;
    return / \S+ (WF|TR|AUDIT|SYS|NF) /.test(text.slice(0, 120)) ? 0.85 : 0;
  },
};
