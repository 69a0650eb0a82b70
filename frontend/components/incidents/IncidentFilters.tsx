'use client';
import { SEVERITIES, STATUSES, statusLabel, type Filters, type IncidentPage } from '../../lib/incidents';

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

export function IncidentFilters({
  filters,
  onChange,
  counts,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  counts?: IncidentPage['counts'];
}) {
  return (
    <div className="card filters" data-testid="filters">
      <div className="chips" role="group" aria-label="Status">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`chip ${filters.status.includes(s) ? 'on' : ''}`}
            aria-pressed={filters.status.includes(s)}
            onClick={() => onChange({ ...filters, status: toggle(filters.status, s) })}
          >
            {statusLabel(s)}{' '}
            <span className="count" data-testid={`count-status-${s}`}>
              {counts?.status[s] ?? '·'}
            </span>
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label="Severity">
        {SEVERITIES.map((s) => (
          <button
            key={s}
            type="button"
            className={`chip sev-chip-${s} ${filters.severity.includes(s) ? 'on' : ''}`}
            aria-pressed={filters.severity.includes(s)}
            onClick={() => onChange({ ...filters, severity: toggle(filters.severity, s) })}
          >
            {s} <span className="count">{counts?.severity[s] ?? '·'}</span>
          </button>
        ))}
      </div>
      <div className="filter-row">
        <label>
          Assignee
          <input
            value={filters.assignee}
            placeholder='name, or "none"'
            onChange={(e) => onChange({ ...filters, assignee: e.target.value })}
          />
        </label>
        <label>
          Risk type
          <input
            value={filters.risk_type}
            placeholder="e.g. credential_access"
            onChange={(e) => onChange({ ...filters, risk_type: e.target.value })}
          />
        </label>
        <label>
          Sort
          <select
            value={filters.sort}
            onChange={(e) => onChange({ ...filters, sort: e.target.value as Filters['sort'] })}
          >
            <option value="created_at">created</option>
            <option value="updated_at">updated</option>
            <option value="last_event_time">last event</option>
            <option value="risk">risk</option>
            <option value="severity">severity</option>
          </select>
        </label>
        <label>
          Order
          <select
            value={filters.order}
            onChange={(e) => onChange({ ...filters, order: e.target.value as Filters['order'] })}
          >
            <option value="desc">descending</option>
            <option value="asc">ascending</option>
          </select>
        </label>
      </div>
    </div>
  );
}
