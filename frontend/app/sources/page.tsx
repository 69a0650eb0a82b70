'use client';
import { useState, type FormEvent } from 'react';
import { EventRate } from '../../components/EventRate';
import { EventsTable } from '../../components/EventsTable';
import { HealthPanel } from '../../components/HealthPanel';
import { SourcesTable } from '../../components/SourcesTable';
import { api } from '../../lib/api';
import { usePolling } from '../../lib/usePolling';

const INTERVAL_S = 10;
const WINDOW_MIN = 15;

export default function SourcesPage() {
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const health = usePolling(api.health, 2000);
  const sources = usePolling(api.sources, 5000);
  const events = usePolling(() => api.events(query), 2000, [query]);
  const rate = usePolling(() => {
    const to = new Date(Math.ceil(Date.now() / (INTERVAL_S * 1000)) * INTERVAL_S * 1000);
    const from = new Date(to.getTime() - WINDOW_MIN * 60_000);
    return api.histogram(from.toISOString(), to.toISOString(), INTERVAL_S);
  }, 2000);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery(draft.trim());
  };

  return (
    <>
      <h1>Sources &amp; events</h1>
      <HealthPanel health={health.data} error={health.error} />
      <EventRate buckets={rate.data ?? []} intervalSeconds={INTERVAL_S} />
      <SourcesTable sources={sources.data} />
      <form className="query" onSubmit={submit} role="search">
        <input
          aria-label="KQL query"
          placeholder='KQL, e.g. user.name:bob AND event.outcome:failure, process.command_line:*-enc*, "failed password"'
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      {events.error ? (
        <div className="card error" role="alert">
          {events.error}
        </div>
      ) : null}
      <EventsTable events={events.data?.hits ?? []} total={events.data?.total ?? 0} />
    </>
  );
}
