'use client';
import { useState } from 'react';
import { IncidentFilters } from '../../components/incidents/IncidentFilters';
import { IncidentQueue } from '../../components/incidents/IncidentQueue';
import { listIncidents, type Filters } from '../../lib/incidents';
import { usePolling } from '../../lib/usePolling';

const DEFAULT_FILTERS: Filters = {
  status: ['new', 'acknowledged', 'in_progress'],
  severity: [],
  assignee: '',
  risk_type: '',
  sort: 'created_at',
  order: 'desc',
};

export default function IncidentsPage() {
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const page = usePolling(() => listIncidents(filters), 3000, [JSON.stringify(filters)]);
  return (
    <>
      <h1>Incidents</h1>
      <IncidentFilters filters={filters} onChange={setFilters} counts={page.data?.counts} />
      {page.error ? (
        <div className="card error" role="alert">
          {page.error}
        </div>
      ) : null}
      <IncidentQueue items={page.data?.items ?? []} total={page.data?.total ?? 0} />
    </>
  );
}
