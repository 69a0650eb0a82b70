/** NGINX access log (`combined`, optionally prefixed with `$host[:$server_port]` and an X-Forwarded-For list). */
import { setField } from '../../util/ecs.js';
import { makeAccessConnector } from './access-connector.js';

export const nginxAccessConnector = makeAccessConnector({
  id: 'nginx-access',
  name: 'NGINX access log',
  vendor: 'NGINX',
  product: 'NGINX',
  logsource: { category: 'webserver', product: 'nginx' },
  elasticFixtures: ['nginx/access'],
  extend(doc, line) {
    if (line.remotes.length) setField(doc, 'nginx.access.remote_ip_list', line.remotes);
  },
  // NGINX's combined format appends `"$http_x_forwarded_for"`; a host prefix or an address list also points to it.
  score: (line) => (/" "[^"]*" "[^"]*"$/.test(line) || /^\S+ [\d.:a-fA-F]+, /.test(line) ? 0.56 : 0.5),
});
