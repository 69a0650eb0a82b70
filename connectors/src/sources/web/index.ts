import type { Connector } from '../../connector.js';
import { apacheAccessConnector } from './apache-access.connector.js';
import { apacheErrorConnector } from './apache-error.connector.js';
import { haproxyConnector } from './haproxy.connector.js';
import { iisConnector } from './iis.connector.js';
import { nginxAccessConnector } from './nginx-access.connector.js';
import { nginxErrorConnector } from './nginx-error.connector.js';
import { nginxIngressConnector } from './nginx-ingress.connector.js';
import { postgresqlConnector } from './postgresql.connector.js';
import { mysqlErrorConnector } from './mysql-error.connector.js';
import { infobloxNiosConnector } from './infoblox-nios.connector.js';
import { ciscoUmbrellaConnector } from './cisco-umbrella.connector.js';
import { zscalerZiaConnector } from './zscaler-zia.connector.js';
import { modsecurityConnector } from './modsecurity.connector.js';
import { akamaiSiemConnector } from './akamai-siem.connector.js';
import { cloudflareLogpushConnector } from './cloudflare-logpush.connector.js';
import { f5BigipConnector } from './f5-bigip.connector.js';
import { barracudaWafConnector } from './barracuda-waf.connector.js';
import { impervaWafConnector } from './imperva-waf.connector.js';
import { squidConnector } from './squid.connector.js';
import { tomcatAccessConnector } from './tomcat-access.connector.js';

/** Connectors of the "web" family (web servers, proxies, WAFs, databases, DNS); each lives in its own `<id>.connector.ts` file beside this index. */
export const webConnectors: Connector[] = [
  apacheAccessConnector,
  apacheErrorConnector,
  nginxAccessConnector,
  nginxErrorConnector,
  nginxIngressConnector,
  tomcatAccessConnector,
  iisConnector,
  haproxyConnector,
  squidConnector,
  impervaWafConnector,
  barracudaWafConnector,
  f5BigipConnector,
  cloudflareLogpushConnector,
  akamaiSiemConnector,
  modsecurityConnector,
  zscalerZiaConnector,
  ciscoUmbrellaConnector,
  infobloxNiosConnector,
  mysqlErrorConnector,
  postgresqlConnector,
];
