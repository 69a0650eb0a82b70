/** Client for the Vigie API; the workbench is served by the API itself, so paths are same-origin. */
const BASE = process.env.NEXT_PUBLIC_VIGIE_API ?? '';

export interface Health {
  status: 'ok' | 'degraded';
  role: string;
  tenant: string;
  uptime_s: number;
  storage: { ok: boolean; adapter: string; detail: string };
  queue: {
    ok: boolean;
    adapter: string;
    detail: string;
    counts?: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  };
  workers: { count: number; ok: boolean; concurrency: number };
}

export interface SourceStats {
  id: string;
  name: string;
  vendor: string;
  product: string;
  events: number;
  events_last_minute: number;
  events_per_second: number;
  parse_errors: number;
  first_seen?: string;
  last_seen?: string;
}

export interface StoredEvent {
  id: string;
  doc: Record<string, any> & { '@timestamp': string };
}

export interface EventPage {
  hits: StoredEvent[];
  total: number;
  cursor?: string;
}

export class ApiError extends Error {}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(BASE + path, { cache: 'no-store' });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(body?.error?.message ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export const api = {
  health: () => get<Health>('/api/health'),
  sources: () => get<SourceStats[]>('/api/sources'),
  events: (q: string, size = 50) => get<EventPage>(`/api/events?size=${size}&q=${encodeURIComponent(q)}`),
  histogram: (from: string, to: string, interval: number) =>
    get<{ start: string; count: number }[]>(
      `/api/events/histogram?time_field=event.ingested&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&interval=${interval}`,
    ),
};
