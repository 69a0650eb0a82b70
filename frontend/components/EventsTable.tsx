import type { StoredEvent } from '../lib/api';

function summary(doc: StoredEvent['doc']): string {
  return String(doc.event?.original ?? doc.message ?? JSON.stringify(doc)).slice(0, 300);
}

export function EventsTable({ events, total }: { events: StoredEvent[]; total: number }) {
  return (
    <div className="card">
      <div className="card-title">
        Latest events{' '}
        <span className="muted" data-testid="total">
          ({events.length} of {total})
        </span>
      </div>
      <table data-testid="events">
        <thead>
          <tr>
            <th>Time</th>
            <th>Source</th>
            <th>Host</th>
            <th>Event</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{new Date(e.doc['@timestamp']).toLocaleString()}</td>
              <td>
                <code>{e.doc.vigie?.connector}</code>
              </td>
              <td>{e.doc.host?.name ?? ''}</td>
              <td className="raw">{summary(e.doc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
