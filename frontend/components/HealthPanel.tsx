import type { Health } from '../lib/api';

function Pill({ ok, label }: { ok: boolean; label: string }) {
  return <span className={`pill ${ok ? 'ok' : 'bad'}`}>{label}</span>;
}

export function HealthPanel({ health, error }: { health?: Health; error?: string }) {
  if (error)
    return (
      <div className="card error" role="alert">
        API unreachable: {error}
      </div>
    );
  if (!health) return <div className="card">Loading health…</div>;
  return (
    <div className="card health" data-testid="health">
      <Pill ok={health.status === 'ok'} label={`platform ${health.status}`} />
      <Pill ok={health.storage.ok} label={`storage ${health.storage.adapter}`} />
      <Pill ok={health.queue.ok} label={`queue ${health.queue.adapter}`} />
      <Pill ok={health.workers.ok} label={`${health.workers.count} worker(s)`} />
      <span className="muted">
        tenant {health.tenant} · queued{' '}
        {health.queue.counts ? health.queue.counts.waiting + health.queue.counts.delayed : '?'} · up{' '}
        {health.uptime_s}s
      </span>
    </div>
  );
}
