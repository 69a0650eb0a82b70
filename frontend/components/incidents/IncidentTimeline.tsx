import { when, type IncidentDetail } from '../../lib/incidents';
import { SeverityBadge, Tags } from './Badges';

type Row = { at: string; kind: 'alert' | 'event' | 'status' | 'comment'; key: string; node: React.ReactNode };

function eventText(doc: Record<string, any>): string {
  return String(doc.event?.original ?? doc.message ?? JSON.stringify(doc)).slice(0, 400);
}

/** Alerts, their source events, status changes and comments on one time axis (event time for alerts and events). */
export function IncidentTimeline({ detail }: { detail: IncidentDetail }) {
  const rows: Row[] = [
    ...detail.alerts.map((a) => ({
      at: a.event_time,
      kind: 'alert' as const,
      key: `a-${a.id}`,
      node: (
        <>
          <SeverityBadge severity={a.severity} /> <strong>{a.rule.title}</strong>{' '}
          <span className="muted">risk {a.risk_score}</span>{' '}
          <Tags values={[...a.attack.tactics, ...a.attack.techniques]} kind="attack" />
          {a.suppressed_count ? <span className="muted"> · {a.suppressed_count} suppressed</span> : null}
        </>
      ),
    })),
    ...detail.events.map((e) => ({
      at: e.doc['@timestamp'],
      kind: 'event' as const,
      key: `e-${e.id}`,
      node: (
        <>
          <code>{e.doc.vigie?.connector}</code>{' '}
          {e.doc.host?.name ? <span className="muted">{e.doc.host.name}</span> : null}
          <div className="raw">{eventText(e.doc)}</div>
        </>
      ),
    })),
    ...detail.incident.transitions.map((t, i) => ({
      at: t.at,
      kind: 'status' as const,
      key: `t-${i}`,
      node: (
        <>
          <strong>{t.by}</strong> moved it from {t.from.replace('_', ' ')} to {t.to.replace('_', ' ')}
        </>
      ),
    })),
    ...detail.incident.comments.map((c) => ({
      at: c.at,
      kind: 'comment' as const,
      key: `c-${c.id}`,
      node: (
        <>
          <strong>{c.author}</strong>: {c.text}
        </>
      ),
    })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <div className="card">
      <div className="card-title">
        Timeline{' '}
        <span className="muted">
          ({detail.alerts.length} alert(s), {detail.events.length} event(s)
          {detail.truncated ? ', truncated' : ''})
        </span>
      </div>
      <ol className="timeline" data-testid="timeline">
        {rows.map((r) => (
          <li key={r.key} className={`tl tl-${r.kind}`}>
            <span className="tl-time">{when(r.at)}</span>
            <span className="tl-kind">{r.kind}</span>
            <span className="tl-body">{r.node}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
