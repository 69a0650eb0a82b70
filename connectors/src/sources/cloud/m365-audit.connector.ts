/**
 * Microsoft 365 unified audit log records (Office 365 Management Activity API): Exchange, SharePoint/OneDrive,
 * Azure AD, Teams, Security & Compliance Center alerts, and so on. `Operation` is the action, `RecordType` names
 * the record schema (`event.code`), `UserId` the actor.
 */
import type { EcsDocument, ParseContext } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  ip,
  isObject,
  isoTime,
  parseJsonObject,
  relatedIp,
  relatedUser,
  setUrl,
  splitEmail,
  str,
  type Json,
} from './json-record.js';

/** AuditLogRecordType values of the Management Activity API schema. */
const RECORD_TYPES: Record<number, string> = {
  1: 'ExchangeAdmin',
  2: 'ExchangeItem',
  3: 'ExchangeItemGroup',
  4: 'SharePoint',
  6: 'SharePointFileOperation',
  7: 'OneDrive',
  8: 'AzureActiveDirectory',
  9: 'AzureActiveDirectoryAccountLogon',
  10: 'DataCenterSecurityCmdlet',
  11: 'ComplianceDLPSharePoint',
  12: 'Sway',
  13: 'ComplianceDLPExchange',
  14: 'SharePointSharingOperation',
  15: 'AzureActiveDirectoryStsLogon',
  16: 'SkypeForBusinessPSTNUsage',
  17: 'SkypeForBusinessUsersBlocked',
  18: 'SecurityComplianceCenterEOPCmdlet',
  19: 'ExchangeAggregatedOperation',
  20: 'PowerBIAudit',
  21: 'CRM',
  22: 'Yammer',
  23: 'SkypeForBusinessCmdlets',
  24: 'Discovery',
  25: 'MicrosoftTeams',
  28: 'ThreatIntelligence',
  29: 'MailSubmission',
  30: 'MicrosoftFlow',
  31: 'AeD',
  32: 'MicrosoftStream',
  33: 'ComplianceDLPSharePointClassification',
  34: 'ThreatFinder',
  35: 'Project',
  36: 'SharePointListOperation',
  37: 'SharePointCommentOperation',
  38: 'DataGovernance',
  39: 'Kaizala',
  40: 'SecurityComplianceAlerts',
  41: 'ThreatIntelligenceUrl',
  42: 'SecurityComplianceInsights',
  43: 'MIPLabel',
  44: 'WorkplaceAnalytics',
  45: 'PowerAppsApp',
  46: 'PowerAppsPlan',
  47: 'ThreatIntelligenceAtpContent',
  48: 'LabelContentExplorer',
  49: 'TeamsHealthcare',
  50: 'ExchangeItemAggregated',
  51: 'HygieneEvent',
  52: 'DataInsightsRestApiAudit',
  53: 'InformationBarrierPolicyApplication',
  54: 'SharePointListItemOperation',
  55: 'SharePointContentTypeOperation',
  56: 'SharePointFieldOperation',
  57: 'MicrosoftTeamsAdmin',
  58: 'HRSignal',
  59: 'MicrosoftTeamsDevice',
  60: 'MicrosoftTeamsAnalytics',
  61: 'InformationWorkerProtection',
  62: 'Campaign',
  63: 'DLPEndpoint',
  64: 'AirInvestigation',
  65: 'Quarantine',
  66: 'MicrosoftForms',
  67: 'ApplicationAudit',
  68: 'ComplianceSupervisionExchange',
  69: 'CustomerKeyServiceEncryption',
  70: 'OfficeNative',
  71: 'MipAutoLabelSharePointItem',
  72: 'MipAutoLabelSharePointPolicyLocation',
  73: 'MicrosoftTeamsShifts',
  75: 'MipAutoLabelExchangeItem',
  76: 'CortanaBriefing',
  78: 'WDATPAlerts',
  82: 'SensitivityLabelPolicyMatch',
  83: 'SensitivityLabelAction',
  84: 'SensitivityLabeledFileAction',
  85: 'AttackSim',
  86: 'AirManualInvestigation',
  87: 'SecurityComplianceRBAC',
  88: 'UserTraining',
  89: 'AirAdminActionInvestigation',
  90: 'MSTIC',
  91: 'PhysicalBadgingSignal',
  93: 'AipDiscover',
  94: 'AipSensitivityLabelAction',
  95: 'AipProtectionAction',
  96: 'AipFileDeleted',
  97: 'AipHeartBeat',
  98: 'MCASAlerts',
  99: 'OnPremisesFileShareScannerDlp',
  100: 'OnPremisesSharePointScannerDlp',
  101: 'ExchangeSearch',
  102: 'SharePointSearch',
  103: 'PrivacyInsights',
  105: 'MyAnalyticsSettings',
  106: 'SecurityComplianceUserChange',
  107: 'ComplianceDLPExchangeClassification',
  109: 'MipExactDataMatch',
  113: 'MS365DCompliance',
  114: 'PrivacyDataMinimization',
  115: 'LabelAnalyticsAggregate',
  116: 'MyAnalyticsTeamSettings',
  117: 'SecurityComplianceAlertNotification',
  118: 'ComplianceDLPExchangeItemInsights',
  147: 'CopilotInteraction',
};

const ALERT_OPERATIONS = new Set(['AlertTriggered', 'AlertEntityGenerated', 'AlertUpdated']);
const LOGIN_OPERATIONS = new Set(['UserLoggedIn', 'UserLoginFailed']);

/** Sigma logsource service for a record: alerts → threat_management, Exchange → exchange, anything else → audit. */
function serviceOf(rec: Json, recordType: string | undefined): string {
  if (recordType === 'SecurityComplianceAlerts' || ALERT_OPERATIONS.has(str(rec.Operation) ?? ''))
    return 'threat_management';
  if (str(rec.Workload) === 'Exchange') return 'exchange';
  return 'audit';
}

function outcomeOf(status: string | undefined): string {
  const s = status?.toLowerCase();
  if (!s) return 'success';
  if (['succeeded', 'success', 'true', 'partiallysucceeded'].includes(s)) return 'success';
  if (['failed', 'failure', 'false'].includes(s)) return 'failure';
  return 'unknown';
}

function clientIp(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const direct = ip(s);
  if (direct) return direct;
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s);
  return m ? ip(m[1]) : undefined;
}

function nameValue(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const e = list.find((x) => isObject(x) && x.Name === name);
  return isObject(e) ? str(e.Value) : undefined;
}

function mapRecord(
  rec: Json,
  ctx: ParseContext,
): { doc: EcsDocument; logsource: { product: string; service: string } } | string {
  const operation = str(rec.Operation);
  if (!operation || rec.RecordType === undefined || !str(rec.Workload))
    return 'not an Office 365 audit record (no Operation/RecordType/Workload)';
  const ts = isoTime(rec.CreationTime, ctx.options.timezone);
  if (!ts) return `unreadable CreationTime ${JSON.stringify(rec.CreationTime)}`;
  const rtNum = Number(rec.RecordType);
  const recordType =
    RECORD_TYPES[rtNum] ??
    (typeof rec.RecordType === 'string' && !/^\d+$/.test(rec.RecordType) ? rec.RecordType : undefined);
  const doc: EcsDocument = {};
  const isAlert = recordType === 'SecurityComplianceAlerts' || ALERT_OPERATIONS.has(operation);
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', isAlert ? 'alert' : 'event');
  if (LOGIN_OPERATIONS.has(operation)) {
    setField(doc, 'event.category', ['authentication']);
    setField(doc, 'event.type', ['info']);
  } else {
    setField(doc, 'event.category', ['web']);
    setField(doc, 'event.type', ['info']);
  }
  setField(doc, 'event.action', operation);
  setField(doc, 'event.code', recordType ?? str(rec.RecordType));
  setField(doc, 'event.id', str(rec.Id));
  setField(doc, 'event.provider', str(rec.Workload));
  setField(
    doc,
    'event.outcome',
    operation === 'UserLoginFailed' ? 'failure' : outcomeOf(str(rec.ResultStatus)),
  );
  setField(doc, 'host.id', str(rec.OrganizationId));
  setField(doc, 'organization.id', str(rec.OrganizationId));

  const userId = str(rec.UserId);
  setField(doc, 'user.id', userId);
  const email = splitEmail(userId);
  if (email) {
    setField(doc, 'user.name', email.name);
    setField(doc, 'user.domain', email.domain);
    setField(doc, 'user.email', userId);
    setField(doc, 'host.name', email.domain);
    relatedUser(doc, email.name);
  }
  const src = clientIp(rec.ClientIP) ?? clientIp(rec.ClientIPAddress) ?? clientIp(rec.ActorIpAddress);
  setField(doc, 'source.ip', src);
  relatedIp(doc, src, clientIp(rec.SenderIP));
  setField(doc, 'user_agent.original', str(rec.UserAgent) ?? nameValue(rec.ExtendedProperties, 'UserAgent'));
  if (str(rec.ObjectId)?.match(/^https?:\/\//)) setUrl(doc, rec.ObjectId);
  const target = str(rec.TargetUserOrGroupName);
  if (target) {
    setField(doc, 'user.target.name', target);
    relatedUser(doc, target);
  }

  // Security & Compliance Center alerts and insights.
  if (isAlert) {
    setField(doc, 'rule.name', str(rec.Name));
    setField(doc, 'rule.id', str(rec.AlertId));
    setField(doc, 'rule.category', str(rec.Category));
    setField(doc, 'rule.ruleset', str(rec.EntityType));
    setField(doc, 'rule.description', str(rec.AlertEntityId));
    if (Array.isArray(rec.AlertLinks)) {
      for (const l of rec.AlertLinks)
        if (isObject(l) && str(l.AlertLinkHref)) appendUnique(doc, 'rule.reference', l.AlertLinkHref);
    }
    setField(doc, 'event.severity_name', str(rec.Severity));
  }
  const data =
    typeof rec.Data === 'string' ? parseJsonObject(rec.Data) : isObject(rec.Data) ? rec.Data : undefined;
  if (data && typeof data !== 'string') {
    setField(doc, 'o365.audit.Data', data);
    if (str(data.f3u)) {
      setField(doc, 'user.email', str(data.f3u));
      relatedUser(doc, data.f3u);
    }
    setField(doc, 'email.message_id', str(data.imsgid));
    setField(doc, 'email.subject', str(data.ms));
    setField(doc, 'email.sender.address', str(data.tsd));
    setField(doc, 'email.to_address', str(data.trc));
    setField(doc, 'email.local_id', str(data.aii));
    relatedUser(doc, data.tsd, data.trc);
    relatedIp(doc, data.sip);
  }
  // Mail submissions and message-level records.
  setField(doc, 'email.message_id', str(rec.InternetMessageId));
  setField(doc, 'email.subject', str(rec.Subject));
  setField(doc, 'email.sender.address', str(rec.P1Sender));
  const recipients = str(rec.Recipients);
  if (recipients)
    setField(
      doc,
      'email.to.address',
      recipients
        .replace(/^\[|\]$/g, '')
        .split(/[,;]\s*/)
        .filter(Boolean),
    );

  // Vendor record, keys as Microsoft names them (Sigma m365 rules use these names).
  const o365: Json = {};
  for (const [k, v] of Object.entries(rec)) if (k !== 'Data' && v !== null && v !== '') o365[k] = v;
  setField(doc, 'o365.audit', { ...o365, ...(isObject(data) ? { Data: data } : {}) });
  return { doc, logsource: { product: 'm365', service: serviceOf(rec, recordType) } };
}

export const m365AuditConnector = jsonConnector({
  id: 'm365-audit',
  name: 'Microsoft 365 unified audit log',
  vendor: 'Microsoft',
  product: 'Microsoft 365',
  logsources: [
    { product: 'm365', service: 'audit' },
    { product: 'm365', service: 'exchange' },
    { product: 'm365', service: 'threat_management' },
  ],
  elasticFixtures: ['o365/audit'],
  wrapperKey: 'o365audit',
  map: mapRecord,
  detect(text) {
    return text.includes('"Workload"') && text.includes('"RecordType"') && text.includes('"Operation"')
      ? 0.95
      : 0;
  },
});
