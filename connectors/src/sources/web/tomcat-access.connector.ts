/** Apache Tomcat access log (AccessLogValve `common`/`combined` patterns). */
import { makeAccessConnector } from './access-connector.js';

export const tomcatAccessConnector = makeAccessConnector({
  id: 'tomcat-access',
  name: 'Apache Tomcat access log',
  vendor: 'Apache',
  product: 'Tomcat',
  logsource: { category: 'webserver', product: 'tomcat' },
  elasticFixtures: ['apache_tomcat/access'],
  // The default valve pattern is `common`: no referrer/user agent after the byte count.
  score: (line) => (/" \d{3} (\d+|-)$/.test(line) ? 0.52 : 0.4),
});
