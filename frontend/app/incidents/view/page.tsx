'use client';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { RiskMeter, SeverityBadge, SlaFlags, StatusBadge, Tags } from '../../../components/incidents/Badges';
import { BaselineEvidence } from '../../../components/incidents/BaselineEvidence';
import { IncidentActions } from '../../../components/incidents/IncidentActions';
import { IncidentNotes } from '../../../components/incidents/IncidentNotes';
import { IncidentTimeline } from '../../../components/incidents/IncidentTimeline';
import {
  getIncident,
  IncidentApiError,
  VERDICT_LABELS,
  when,
  type Incident,
  type IncidentDetail,
} from '../../../lib/incidents';

const ENTITY_LABELS: Record<string, string> = {
  hosts: 'Hosts',
  users: 'Users',
  source_ips: 'Source IPs',
  destination_ips: 'Destination IPs',
  processes: 'Processes',
  file_hashes: 'File hashes',
};

function IncidentView() {
  const id = useSearchParams().get('id') ?? '';
  const [detail, setDetail] = useState<IncidentDetail>();
  const [error, setError] = useState<string>();
  const [conflict, setConflict] = useState(false);

  const load = useCallback(async () => {
    try {
      setDetail(await getIncident(id));
      setError(undefined);
      setConflict(false);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);
  useEffect(() => {
    if (id) void load();
  }, [id, load]);

  const onChanged = ({ incident, version }: { incident: Incident; version: string }) =>
    setDetail((d) => (d ? { ...d, incident, version } : d));
  const onError = (e: Error) => {
    const isConflict = e instanceof IncidentApiError && e.conflict;
    setConflict(isConflict);
    setError(isConflict ? undefined : e.message);
  };

  if (!id)
    return <div className="card error">No incident id in the address (expected /incidents/view/?id=…).</div>;
  if (!detail)
    return error ? (
      <div className="card error" role="alert">
        {error}
      </div>
    ) : (
      <div className="card">Loading incident…</div>
    );
  const i = detail.incident;
  return (
    <>
      <div className="crumbs">
        <Link href="/incidents/">Incidents</Link> / <code>{i.id}</code>
      </div>
      <h1 data-testid="incident-title">{i.title}</h1>
      {conflict ? (
        <div className="card error conflict" role="alert" data-testid="conflict">
          This incident was changed by someone else since you opened it — reload to see the changes, then
          apply yours again.{' '}
          <button type="button" className="btn" onClick={() => void load()}>
            Reload
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="card error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="card summary" data-testid="incident-summary">
        <div className="kv">
          <span>Status</span>
          <span data-testid="incident-status">
            <StatusBadge status={i.status} />
          </span>
          <span>Severity</span>
          <span>
            <SeverityBadge severity={i.severity} />
          </span>
          <span>Risk</span>
          <span>
            <RiskMeter risk={i.risk} /> {i.risk_types.length ? <Tags values={i.risk_types} /> : null}
          </span>
          <span>Assignee</span>
          <span data-testid="incident-assignee">{i.assignee ?? '—'}</span>
          <span>Verdict</span>
          <span data-testid="incident-verdict">
            {i.verdict
              ? `${VERDICT_LABELS[i.verdict.value]}${i.verdict.reason ? ` — ${i.verdict.reason}` : ''} (${i.verdict.by})`
              : '—'}
          </span>
          <span>SLA</span>
          <span>
            <SlaFlags sla={i.sla} status={i.status} />
          </span>
          <span>Events</span>
          <span>
            {when(i.first_event_time)} → {when(i.last_event_time)}
          </span>
          <span>Alerts</span>
          <span>
            {i.alert_ids.length} from {i.rules.length} rule(s)
          </span>
          <span>ATT&amp;CK</span>
          <span>
            <Tags values={[...i.attack.tactics, ...i.attack.techniques]} kind="attack" />
          </span>
        </div>
        <div className="kv">
          {Object.entries(i.entities)
            .filter(([, v]) => v.length)
            .flatMap(([k, v]) => [
              <span key={`${k}-l`}>{ENTITY_LABELS[k] ?? k}</span>,
              <span key={`${k}-v`}>
                <Tags values={v} kind="entity" />
              </span>,
            ])}
          {(['new_at', 'acknowledged_at', 'in_progress_at', 'resolved_at', 'closed_at'] as const).flatMap(
            (k) => [
              <span key={`${k}-l`}>{k.replace('_at', '').replace('_', ' ')}</span>,
              <span key={`${k}-v`} className="nowrap">
                {when(i.timestamps[k])}
              </span>,
            ],
          )}
        </div>
      </div>
      <IncidentActions incident={i} version={detail.version} onChanged={onChanged} onError={onError} />
      <BaselineEvidence alerts={detail.alerts} />
      <IncidentTimeline detail={detail} />
      <IncidentNotes incident={i} version={detail.version} onChanged={onChanged} onError={onError} />
      <details className="card">
        <summary className="card-title">Audit trail ({i.audit.length})</summary>
        <table className="dense" data-testid="audit">
          <tbody>
            {i.audit.map((a, n) => (
              <tr key={n}>
                <td className="nowrap">{when(a.at)}</td>
                <td>{a.actor}</td>
                <td>{a.action}</td>
                <td className="raw">
                  {a.changes.map((c) => `${c.field}: ${c.before ?? '∅'} → ${c.after ?? '∅'}`).join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

export default function IncidentViewPage() {
  return (
    <Suspense fallback={<div className="card">Loading incident…</div>}>
      <IncidentView />
    </Suspense>
  );
}
