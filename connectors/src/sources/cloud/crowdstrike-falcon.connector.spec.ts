import { describe, expect, it } from 'vitest';
import { crowdstrikeFalconConnector as c } from './crowdstrike-falcon.connector.js';
import { splitJsonObjects } from './json-record.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const detection = {
  metadata: {
    customerIDString: 'cust-1',
    offset: 77,
    eventType: 'DetectionSummaryEvent',
    eventCreationTime: 1715000000123,
    version: '1.0',
  },
  event: {
    ComputerName: 'FIN-LAPTOP-7',
    UserName: 'claire',
    SeverityName: 'High',
    Severity: 4,
    CommandLine: '"C:\\Users\\claire\\AppData\\Local\\Temp\\drop.exe" -q',
    FileName: 'drop.exe',
    FilePath: '\\Device\\HarddiskVolume2\\Users\\claire\\AppData\\Local\\Temp',
    Tactic: 'Execution',
    Technique: 'User Execution',
    SHA256String: 'cd'.repeat(32),
    FalconHostLink: 'https://falcon.example/x',
  },
};

describe('crowdstrike-falcon', () => {
  it('maps a detection summary', () => {
    const doc = parseOk(c, JSON.stringify(detection));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.kind',
        'event.action',
        'event.category',
        'host.name',
        'user.name',
        'process.executable',
        'process.command_line',
        'threat.tactic.name',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-05-06T12:53:20.123Z',
      'event.kind': 'alert',
      'event.action': 'detection',
      'event.category': ['malware'],
      'host.name': 'FIN-LAPTOP-7',
      'user.name': 'claire',
      'process.executable': 'C:\\Users\\claire\\AppData\\Local\\Temp\\drop.exe',
      'process.command_line': '"C:\\Users\\claire\\AppData\\Local\\Temp\\drop.exe" -q',
      'threat.tactic.name': 'Execution',
      'vigie.logsource': { product: 'crowdstrike', service: 'falcon' },
    });
  });
  it('parses a pretty-printed object given as one multi-line text, and splits a stream of them', () => {
    const pretty = JSON.stringify(detection, null, 4);
    expect(pretty.split('\n').length).toBeGreaterThan(10);
    expect(fields(parseOk(c, pretty), 'event.original', 'user.name')).toEqual({
      'event.original': pretty,
      'user.name': 'claire',
    });
    const stream = `${pretty}\n${JSON.stringify({ ...detection, event: { ...detection.event, UserName: 'x{"}' } }, null, 2)}\n`;
    const parts = splitJsonObjects(stream);
    expect(parts.length).toBe(2);
    expect(fields(parseOk(c, parts[1]), 'user.name')).toEqual({ 'user.name': 'x{"}' });
  });
  it('rejects a single pretty-printed line and foreign JSON', () => {
    expect(reasonOf(c, '{')).toMatch(/invalid JSON/);
    expect(reasonOf(c, '{"metadata":{}}')).toMatch(/not a Falcon streaming event/);
  });
});
