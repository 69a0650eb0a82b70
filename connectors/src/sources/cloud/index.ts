import type { Connector } from '../../connector.js';
import { onePasswordConnector } from './1password.connector.js';
import { awsAlbConnector } from './aws-alb.connector.js';
import { awsCloudtrailConnector } from './aws-cloudtrail.connector.js';
import { awsWafConnector } from './aws-waf.connector.js';
import { azureActivityConnector } from './azure-activity.connector.js';
import { azureAuditConnector } from './azure-audit.connector.js';
import { azureSigninConnector } from './azure-signin.connector.js';
import { carbonBlackCloudConnector } from './carbon-black-cloud.connector.js';
import { crowdstrikeFalconConnector } from './crowdstrike-falcon.connector.js';
import { crowdstrikeFdrConnector } from './crowdstrike-fdr.connector.js';
import { defenderEndpointConnector } from './defender-endpoint.connector.js';
import { gcpAuditConnector } from './gcp-audit.connector.js';
import { githubAuditConnector } from './github-audit.connector.js';
import { googleWorkspaceConnector } from './google-workspace.connector.js';
import { kubernetesAuditConnector } from './kubernetes-audit.connector.js';
import { m365AuditConnector } from './m365-audit.connector.js';
import { mimecastConnector } from './mimecast.connector.js';
import { oktaConnector } from './okta.connector.js';
import { proofpointTapConnector } from './proofpoint-tap.connector.js';
import { sentineloneConnector } from './sentinelone.connector.js';

/** Connectors of the "cloud" family (cloud audit, identity, SaaS, EDR, e-mail security); each lives in its own `<id>.connector.ts` file beside this index. */
export const cloudConnectors: Connector[] = [
  onePasswordConnector,
  awsAlbConnector,
  awsCloudtrailConnector,
  awsWafConnector,
  azureActivityConnector,
  azureAuditConnector,
  azureSigninConnector,
  carbonBlackCloudConnector,
  crowdstrikeFalconConnector,
  crowdstrikeFdrConnector,
  defenderEndpointConnector,
  gcpAuditConnector,
  githubAuditConnector,
  googleWorkspaceConnector,
  kubernetesAuditConnector,
  m365AuditConnector,
  mimecastConnector,
  oktaConnector,
  proofpointTapConnector,
  sentineloneConnector,
];
