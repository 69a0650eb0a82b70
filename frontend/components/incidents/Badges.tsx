import { statusLabel, type IncidentStatus, type Severity, type Sla } from '../../lib/incidents';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`status status-${status}`}>{statusLabel(status)}</span>;
}

export function RiskMeter({ risk }: { risk: number }) {
  const level = risk >= 80 ? 'critical' : risk >= 60 ? 'high' : risk >= 40 ? 'medium' : 'low';
  return (
    <span className="risk" title={`risk ${risk}/100`}>
      <span className={`risk-bar risk-${level}`} style={{ width: `${Math.max(4, risk)}%` }} />
      <span className="risk-num">{risk}</span>
    </span>
  );
}

export function SlaFlags({ sla, status }: { sla: Sla; status: IncidentStatus }) {
  const flags = [
    sla.acknowledge_breached ? 'ack SLA breached' : '',
    sla.resolve_breached ? 'resolve SLA breached' : '',
  ].filter(Boolean);
  if (flags.length) return <span className="sla-breach">{flags.join(' · ')}</span>;
  const due =
    status === 'new'
      ? sla.acknowledge_due
      : status === 'resolved' || status === 'closed'
        ? ''
        : sla.resolve_due;
  return <span className="muted">{due ? `due ${new Date(due).toLocaleString()}` : 'met'}</span>;
}

export function Tags({ values, kind }: { values: string[]; kind?: string }) {
  return (
    <span className="tags">
      {values.map((v) => (
        <span key={v} className={`tag ${kind ?? ''}`}>
          {v}
        </span>
      ))}
    </span>
  );
}
