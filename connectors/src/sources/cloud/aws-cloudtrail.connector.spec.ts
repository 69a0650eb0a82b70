import { describe, expect, it } from 'vitest';
import { awsCloudtrailConnector as c, cloudTrailRecords } from './aws-cloudtrail.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const assumed = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEID:ops-session',
    arn: 'arn:aws:sts::210987654321:assumed-role/OpsAdmin/ops-session',
    accountId: '210987654321',
    accessKeyId: 'ASIAEXAMPLEKEY',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEID',
        arn: 'arn:aws:iam::210987654321:role/OpsAdmin',
        accountId: '210987654321',
        userName: 'OpsAdmin',
      },
    },
  },
  eventTime: '2024-03-05T08:10:11Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'eu-west-3',
  sourceIPAddress: '198.51.100.23',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { userName: 'backdoor' },
  errorCode: 'AccessDenied',
  errorMessage: 'User is not authorized',
  recipientAccountId: '210987654321',
  eventID: 'e-1',
};

describe('aws-cloudtrail', () => {
  it('maps an assumed-role IAM call that failed', () => {
    const doc = parseOk(c, JSON.stringify(assumed));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.outcome',
        'event.category',
        'event.type',
        'user.name',
        'user.id',
        'user.target.name',
        'source.ip',
        'user_agent.original',
        'cloud.provider',
        'cloud.account.id',
        'cloud.region',
        'aws.cloudtrail.error_code',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-03-05T08:10:11.000Z',
      'event.action': 'CreateUser',
      'event.outcome': 'failure',
      'event.category': ['iam'],
      'event.type': ['user', 'creation'],
      'user.name': 'OpsAdmin',
      'user.id': 'AROAEXAMPLEID:ops-session',
      'user.target.name': 'backdoor',
      'source.ip': '198.51.100.23',
      'user_agent.original': 'aws-cli/2.15.0',
      'cloud.provider': 'aws',
      'cloud.account.id': '210987654321',
      'cloud.region': 'eu-west-3',
      'aws.cloudtrail.error_code': 'AccessDenied',
      'vigie.logsource': { product: 'aws', service: 'cloudtrail' },
    });
    expect(doc.event).toHaveProperty('original');
  });

  it('splits a Records file and accepts a structured record; service callers keep source.address only', () => {
    const file = JSON.stringify({
      Records: [
        assumed,
        {
          ...assumed,
          eventName: 'ListUsers',
          sourceIPAddress: 'ec2.amazonaws.com',
          errorCode: undefined,
          errorMessage: undefined,
        },
      ],
    });
    const recs = cloudTrailRecords(file);
    expect(Array.isArray(recs) && recs.length).toBe(2);
    const doc = parseOk(c, (recs as Record<string, unknown>[])[1], { keepOriginal: false });
    expect(fields(doc, 'event.outcome', 'source.ip', 'source.address', 'event.original')).toEqual({
      'event.outcome': 'success',
      'source.ip': undefined,
      'source.address': 'ec2.amazonaws.com',
      'event.original': undefined,
    });
    expect(reasonOf(c, file)).toMatch(/split it with cloudTrailRecords/);
  });

  it('rejects malformed input with a reason and detects CloudTrail text', () => {
    expect(reasonOf(c, '{"eventName": "x"')).toMatch(/^reject: aws-cloudtrail: invalid JSON/);
    expect(reasonOf(c, '{"foo":1}')).toMatch(/not a CloudTrail record/);
    expect(c.detect(JSON.stringify(assumed))).toBeGreaterThan(0.9);
    expect(c.detect('<13>Jan  1 00:00:00 host sshd[1]: hello')).toBe(0);
  });
});
