/**
 * PowerShell logging: the Operational channel (4103 module logging, 4104 script block, 4105/4106 start/stop)
 * and the classic "Windows PowerShell" channel (400/403 engine state, 600 provider, 800 pipeline execution),
 * whose details come as `Key=Value` lines in a data field.
 */
import type { EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import type { WinEvent } from './windows-event.js';
import { setProcess, setUser, splitAccount, val, type WinMapping } from './windows-ecs.js';

/** `\tHostApplication=powershell.exe -nop\r\n\tEngineVersion=5.1` → `{HostApplication: …}`. */
export function parseKeyValueLines(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][\w ]*?)\s*=\s?(.*)$/.exec(line);
    if (m && !(m[1] in out)) out[m[1].replace(/\s+/g, '')] = m[2].trim();
  }
  return out;
}

const OPERATIONAL: Record<number, [string[], string[], string, string?]> = {
  4103: [['process'], ['info'], 'Executing Pipeline', 'ps_module'],
  4104: [['process'], ['info'], 'Execute a Remote Command', 'ps_script'],
  4105: [['process'], ['start'], 'Starting Command'],
  4106: [['process'], ['end'], 'Stopping Command'],
};

const CLASSIC: Record<number, [string[], string[], string, string?]> = {
  400: [['process'], ['start'], 'Engine Lifecycle', 'ps_classic_start'],
  403: [['process'], ['end'], 'Engine Lifecycle'],
  600: [['process'], ['info'], 'Provider Lifecycle', 'ps_classic_provider_start'],
  800: [['process'], ['info'], 'Pipeline Execution Details', 'ps_classic_script'],
};

export function isClassicPowerShell(win: WinEvent): boolean {
  return win.channel === 'Windows PowerShell';
}

export function mapPowerShell(win: WinEvent, doc: EcsDocument): WinMapping {
  const classic = isClassicPowerShell(win);
  const row = (classic ? CLASSIC : OPERATIONAL)[win.eventId];
  // 4103 keeps its context in ContextInfo, classic events in the last data field (param3 / HostApplication lines).
  const contextText =
    val(win, 'ContextInfo') ??
    val(win, 'param3') ??
    val(win, 'param2') ??
    Object.values(win.eventData).find((v) => /HostApplication=/.test(v));
  const ctx = parseKeyValueLines(contextText);
  const hostApp = ctx.HostApplication ?? val(win, 'HostApplication');
  if (hostApp) {
    const exe = /^\s*"?([^"]+?\.exe)"?(?:\s|$)/i.exec(hostApp)?.[1];
    setProcess(doc, 'process', { executable: exe, commandLine: hostApp });
  }
  setField(doc, 'powershell.engine.version', ctx.EngineVersion);
  setField(doc, 'powershell.runspace_id', val(win, 'RunspaceId') ?? ctx.RunspaceId);
  setField(doc, 'powershell.pipeline_id', ctx.PipelineId);
  setField(doc, 'powershell.command.name', ctx.CommandName);
  setField(doc, 'powershell.command.type', ctx.CommandType);
  setField(doc, 'powershell.command.value', ctx.CommandLine);
  setField(doc, 'powershell.file.script_block_text', val(win, 'ScriptBlockText'));
  setField(doc, 'powershell.file.script_block_id', val(win, 'ScriptBlockId'));
  setField(doc, 'file.path', val(win, 'Path') ?? ctx.ScriptName);
  const user = splitAccount(ctx.User ?? ctx.ConnectedUser);
  if (user.name) setUser(doc, 'user', user.name, user.domain);
  else if (win.user?.name) setUser(doc, 'user', win.user.name, win.user.domain);
  return { category: row?.[0], type: row?.[1], action: row?.[2], sigmaCategory: row?.[3] };
}
