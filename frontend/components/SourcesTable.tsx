import type { SourceStats } from '../lib/api';

export function SourcesTable({ sources }: { sources?: SourceStats[] }) {
  return (
    <div className="card">
      <div className="card-title">Sources</div>
      {!sources?.length ? (
        <p className="muted">
          No events yet. Send some:{' '}
          <code>curl --data-binary @auth.log localhost:8080/api/ingest/linux-auth</code>
        </p>
      ) : (
        <table data-testid="sources">
          <thead>
            <tr>
              <th>Source</th>
              <th>Vendor / product</th>
              <th className="num">Events</th>
              <th className="num">Events/s</th>
              <th className="num">Parse errors</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id}>
                <td>
                  <code>{s.id}</code>
                </td>
                <td>
                  {s.vendor} {s.product}
                </td>
                <td className="num">{s.events}</td>
                <td className="num">{s.events_per_second}</td>
                <td className="num">{s.parse_errors}</td>
                <td>{s.last_seen ? new Date(s.last_seen).toLocaleString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
