/** A connector factory for the access-log family (Apache, NGINX, Tomcat, ingress-nginx): one parser, per-product fields. */
import type { Connector, EcsDocument, InputFormat, ParseOutcome, SigmaLogsource } from '../../connector.js';
import { applyAccessLine, looksLikeAccessLine, parseAccessLine, type AccessLine } from './access-log.js';
import { baseEvent, firstLine, reject, unwrap } from './common.js';

export interface AccessConnectorSpec {
  id: string;
  name: string;
  vendor: string;
  product: string;
  logsource: SigmaLogsource;
  elasticFixtures: string[];
  /** `event.type` value (default `access`; `null` for none). */
  eventType?: string | null;
  /** Product-specific fields (extras after the user agent, remote list…). */
  extend?: (doc: EcsDocument, line: AccessLine) => void;
  /** Detection score for a line that has the access-log shape. */
  score: (line: string) => number;
  formats?: InputFormat[];
}

export function makeAccessConnector(spec: AccessConnectorSpec): Connector {
  return {
    id: spec.id,
    name: spec.name,
    vendor: spec.vendor,
    product: spec.product,
    logsources: [spec.logsource],
    formats: spec.formats ?? ['text'],
    elasticFixtures: spec.elasticFixtures,
    parse(raw, ctx): ParseOutcome {
      const { text } = unwrap(raw);
      if (text === undefined || !text.trim()) return reject(spec.id, 'empty record');
      const parsed = parseAccessLine(firstLine(text));
      if (typeof parsed === 'string') return reject(spec.id, parsed);
      const doc = baseEvent(ctx, text, spec.logsource);
      if (!applyAccessLine(doc, parsed, { timezone: ctx.options.timezone, type: spec.eventType })) {
        return reject(spec.id, `invalid timestamp "${parsed.time}"`);
      }
      spec.extend?.(doc, parsed);
      return { kind: 'event', event: doc };
    },
    detect(raw) {
      const { text } = unwrap(raw);
      if (!text || text.length > 65536) return 0;
      const line = firstLine(text);
      return looksLikeAccessLine(line) ? spec.score(line) : 0;
    },
  };
}
