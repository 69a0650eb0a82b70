/**
 * AWS CloudTrail records (one record per line, or one element of a `{"Records":[…]}` file — see
 * `cloudTrailRecords` to split a whole file). Identity: IAM users, assumed roles (the role is `user.name`,
 * the session principal `user.id`), root and AWS services; `errorCode`/`errorMessage` make the outcome a failure.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  get,
  ip,
  isObject,
  isoTime,
  parseJsonObject,
  relatedIp,
  relatedUser,
  splitEmail,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE = { product: 'aws', service: 'cloudtrail' };

const AUTH_ACTIONS = new Set([
  'ConsoleLogin',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'CheckMfa',
  'ExternalIdPDirectoryLogin',
  'SwitchRole',
  'ExitRole',
  'RenewRole',
  'UserAuthentication',
  'CredentialChallenge',
  'CredentialVerification',
  'GetSigninToken',
  'AssumeRoot',
]);

/** `event.type` from the verb that starts an AWS API operation name. */
function verbType(action: string): string | undefined {
  const verb = /^[A-Z][a-z]+/.exec(action)?.[0] ?? '';
  if (
    ['Create', 'Run', 'Register', 'Import', 'Allocate', 'Issue', 'Request', 'Copy', 'Generate'].includes(verb)
  )
    return 'creation';
  if (
    [
      'Delete',
      'Remove',
      'Terminate',
      'Deregister',
      'Release',
      'Revoke',
      'Disable',
      'Stop',
      'Cancel',
      'Purge',
    ].includes(verb)
  ) {
    return verb === 'Remove' || verb === 'Revoke' || verb === 'Disable' || verb === 'Stop'
      ? 'change'
      : 'deletion';
  }
  if (
    [
      'Put',
      'Update',
      'Modify',
      'Set',
      'Attach',
      'Detach',
      'Add',
      'Change',
      'Enable',
      'Reset',
      'Tag',
      'Untag',
      'Upload',
      'Associate',
      'Disassociate',
      'Replace',
      'Start',
      'Restore',
      'Apply',
      'Authorize',
    ].includes(verb)
  )
    return 'change';
  if (
    [
      'Get',
      'List',
      'Describe',
      'Head',
      'Lookup',
      'Search',
      'Select',
      'Batch',
      'Check',
      'Simulate',
      'Test',
    ].includes(verb)
  )
    return 'info';
  return undefined;
}

/** ECS categorisation of a CloudTrail operation (service + operation name). */
export function cloudTrailCategorize(
  service: string,
  action: string,
): { category?: string[]; type: string[] } {
  if (AUTH_ACTIONS.has(action)) return { category: ['authentication'], type: ['info'] };
  const vt = verbType(action);
  if (service === 'iam') {
    const type: string[] = [];
    if (/User(?!Policy)/.test(action) || /^(Create|Delete|Update)LoginProfile$/.test(action))
      type.push('user');
    if (/Group(?!Policy)/.test(action)) type.push('group');
    type.push(vt === 'info' || vt === undefined ? 'info' : vt);
    return { category: ['iam'], type };
  }
  if (
    service === 'ec2' &&
    /SecurityGroup|NetworkAcl|Vpc|Subnet|Route|InternetGateway|NatGateway|FlowLogs/.test(action)
  ) {
    return { category: ['network'], type: [/^Authorize/.test(action) ? 'access' : (vt ?? 'info')] };
  }
  if (service === 's3' && /Bucket|Object/.test(action)) {
    return { category: ['file'], type: [vt === 'info' ? 'access' : (vt ?? 'info')] };
  }
  return { type: [vt === 'change' || vt === 'creation' || vt === 'deletion' ? vt : 'info'] };
}

/** Splits a CloudTrail file (`{"Records":[…]}`) or a single record into records; returns a reason on bad input. */
export function cloudTrailRecords(input: string | Json): Json[] | string {
  const obj = typeof input === 'string' ? parseJsonObject(input) : input;
  if (typeof obj === 'string') return obj;
  if (Array.isArray(obj.Records)) return obj.Records.filter(isObject);
  return [obj];
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  if (Array.isArray(rec.Records)) {
    if (rec.Records.length !== 1 || !isObject(rec.Records[0])) {
      return `a {"Records":[…]} file with ${rec.Records.length} records: split it with cloudTrailRecords() first`;
    }
    rec = rec.Records[0];
  }
  const action = str(rec.eventName);
  const ts = isoTime(rec.eventTime);
  if (!action || !str(rec.eventSource)) return 'not a CloudTrail record (no eventName/eventSource)';
  if (!ts) return `unreadable eventTime ${JSON.stringify(rec.eventTime)}`;
  const doc: EcsDocument = {};
  const eventSource = String(rec.eventSource);
  const service = eventSource.replace(/\.amazonaws\.com$/, '');
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', action);
  setField(doc, 'event.provider', eventSource);
  setField(doc, 'event.id', str(rec.eventID));
  const { category, type } = cloudTrailCategorize(service, action);
  if (category) setField(doc, 'event.category', category);
  setField(doc, 'event.type', type);

  const errorCode = str(rec.errorCode);
  const errorMessage = str(rec.errorMessage);
  const consoleResult = str(get(rec, 'responseElements', 'ConsoleLogin'));
  const failed = !!errorCode || !!errorMessage || consoleResult === 'Failure';
  setField(doc, 'event.outcome', failed ? 'failure' : 'success');

  setField(doc, 'cloud.provider', 'aws');
  setField(doc, 'cloud.region', str(rec.awsRegion));
  setField(
    doc,
    'cloud.account.id',
    str(rec.recipientAccountId) ?? str(get(rec, 'userIdentity', 'accountId')),
  );
  setField(doc, 'cloud.service.name', service);

  const srcAddr = str(rec.sourceIPAddress);
  setField(doc, 'source.address', srcAddr);
  const srcIp = ip(srcAddr);
  if (srcIp) setField(doc, 'source.ip', srcIp);
  else if (srcAddr && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(srcAddr)) setField(doc, 'source.domain', srcAddr);
  relatedIp(doc, srcIp);
  setField(doc, 'user_agent.original', str(rec.userAgent));

  // Identity of the caller.
  const uid = isObject(rec.userIdentity) ? rec.userIdentity : {};
  const idType = str(uid.type);
  const issuer = get(uid, 'sessionContext', 'sessionIssuer');
  let userName = str(uid.userName);
  if (!userName && idType === 'AssumedRole') userName = str(get(issuer, 'userName'));
  if (!userName && idType === 'Root') userName = 'root';
  if (userName) {
    setField(doc, 'user.name', userName);
    if (splitEmail(userName)) setField(doc, 'user.email', userName);
  }
  setField(doc, 'user.id', str(uid.principalId));
  relatedUser(doc, userName);
  if (idType === 'AssumedRole') {
    const sessionName = /assumed-role\/[^/]+\/(.+)$/.exec(str(uid.arn) ?? '')?.[1];
    setField(doc, 'aws.cloudtrail.user_identity.session_context.session_name', sessionName);
  }

  // Targets of IAM user operations.
  const params = isObject(rec.requestParameters) ? rec.requestParameters : undefined;
  if (params && service === 'iam') {
    const target = str(params.userName);
    if (target && target !== userName) setField(doc, 'user.target.name', target);
    setField(doc, 'user.changes.name', str(params.newUserName));
    relatedUser(doc, target, params.newUserName);
  }
  const roleArn = str(params?.roleArn);
  if (roleArn) appendUnique(doc, 'user.target.entity.id', roleArn);

  // Vendor fields.
  const ct = (k: string, v: unknown) => setField(doc, `aws.cloudtrail.${k}`, v);
  ct('event_version', str(rec.eventVersion));
  ct('event_type', str(rec.eventType));
  ct('event_category', str(rec.eventCategory));
  ct('read_only', typeof rec.readOnly === 'boolean' ? rec.readOnly : undefined);
  ct('request_id', str(rec.requestID));
  ct('recipient_account_id', str(rec.recipientAccountId));
  ct('error_code', errorCode);
  ct('error_message', errorMessage);
  ct('user_identity.type', idType);
  ct('user_identity.arn', str(uid.arn));
  ct('user_identity.access_key_id', str(uid.accessKeyId));
  ct('user_identity.invoked_by', str(uid.invokedBy));
  ct(
    'user_identity.session_context.mfa_authenticated',
    str(get(uid, 'sessionContext', 'attributes', 'mfaAuthenticated')),
  );
  ct(
    'user_identity.session_context.creation_date',
    str(get(uid, 'sessionContext', 'attributes', 'creationDate')),
  );
  ct('user_identity.session_context.session_issuer.type', str(get(issuer, 'type')));
  ct('user_identity.session_context.session_issuer.arn', str(get(issuer, 'arn')));
  ct('user_identity.session_context.session_issuer.principal_id', str(get(issuer, 'principalId')));
  ct('user_identity.session_context.session_issuer.account_id', str(get(issuer, 'accountId')));
  if (isObject(rec.requestParameters)) ct('flattened.request_parameters', rec.requestParameters);
  if (isObject(rec.responseElements)) ct('flattened.response_elements', rec.responseElements);
  if (isObject(rec.additionalEventData)) ct('flattened.additional_eventdata', rec.additionalEventData);
  if (Array.isArray(rec.resources)) ct('resources', rec.resources);
  if (isObject(rec.tlsDetails)) {
    ct('tls_details.tls_version', str(rec.tlsDetails.tlsVersion));
    ct('tls_details.cipher_suite', str(rec.tlsDetails.cipherSuite));
    ct('tls_details.client_provided_host_header', str(rec.tlsDetails.clientProvidedHostHeader));
  }
  if (action === 'ConsoleLogin') {
    const extra = isObject(rec.additionalEventData) ? rec.additionalEventData : {};
    ct(
      'console_login.additional_eventdata.mfa_used',
      extra.MFAUsed === undefined ? undefined : extra.MFAUsed === 'Yes',
    );
    ct('console_login.additional_eventdata.login_to', str(extra.LoginTo));
  }
  return { doc, logsource: LOGSOURCE };
}

export const awsCloudtrailConnector = jsonConnector({
  id: 'aws-cloudtrail',
  name: 'AWS CloudTrail',
  vendor: 'Amazon',
  product: 'CloudTrail',
  logsources: [LOGSOURCE],
  elasticFixtures: ['aws/cloudtrail'],
  map: mapRecord,
  detect(text) {
    if (text.includes('"Records"') && text.includes('"eventSource"')) return 0.9;
    if (
      text.includes('"eventSource"') &&
      text.includes('"eventName"') &&
      /"(awsRegion|userIdentity)"/.test(text)
    )
      return 0.95;
    return 0;
  },
});
