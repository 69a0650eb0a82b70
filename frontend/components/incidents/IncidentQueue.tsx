import Link from 'next/link';
import { when, type IncidentSummary } from '../../lib/incidents';
import { RiskMeter, SeverityBadge, SlaFlags, StatusBadge, Tags } from './Badges';

function entitiesOf(i: IncidentSummary): string[] {
  return [...i.entities.hosts, ...i.entities.users, ...i.entities.source_ips].slice(0, 4);
}

export function IncidentQueue({ items, total }: { items: IncidentSummary[]; total: number }) {
  return (
    <div className="card">
      <div className="card-title">
        Incidents{' '}
        <span className="muted" data-testid="incident-total">
          ({items.length} of {total})
        </span>
      </div>
      <table className="dense" data-testid="incidents">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Risk</th>
            <th>Incident</th>
            <th>Status</th>
            <th className="num">Alerts</th>
            <th>Entities</th>
            <th>Assignee</th>
            <th>SLA</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>
                <SeverityBadge severity={i.severity} />
              </td>
              <td>
                <RiskMeter risk={i.risk} />
              </td>
              <td>
                <Link className="incident-link" href={`/incidents/view/?id=${encodeURIComponent(i.id)}`}>
                  {i.title}
                </Link>
                <div>
                  <Tags values={i.attack.tactics} kind="attack" />
                </div>
              </td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td className="num">{i.alert_count}</td>
              <td>
                <Tags values={entitiesOf(i)} />
              </td>
              <td>{i.assignee ?? <span className="muted">—</span>}</td>
              <td>
                <SlaFlags sla={i.sla} status={i.status} />
              </td>
              <td className="nowrap">{when(i.created_at)}</td>
            </tr>
          ))}
          {items.length === 0 ? (
            <tr>
              <td colSpan={9} className="muted">
                No incident matches these filters.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
