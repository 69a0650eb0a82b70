/** Apache HTTP Server access log (common, combined, vhost_combined `%v:%p %h …`). */
import { setField } from '../../util/ecs.js';
import { makeAccessConnector } from './access-connector.js';

export const apacheAccessConnector = makeAccessConnector({
  id: 'apache-access',
  name: 'Apache HTTP Server access log',
  vendor: 'Apache',
  product: 'HTTP Server',
  logsource: { category: 'webserver', product: 'apache' },
  elasticFixtures: ['apache/access'],
  // Elastic's Apache pipeline sets no event.type; we follow it (the category `web` is set).
  eventType: null,
  extend(doc, line) {
    if (line.remotes.length > 1) setField(doc, 'apache.access.remote_addresses', line.remotes);
    setField(doc, 'apache.access.identity', line.ident);
  },
  score: (line) => (/" \d{3} (\d+|-) "[^"]*" "[^"]*"$/.test(line) ? 0.55 : 0.5),
});
