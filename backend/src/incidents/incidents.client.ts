/**
 * The incidents part of the CLI's `VigieClient`: the same use-cases through a running server's HTTP API or
 * in-process.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { GetIncidentUseCase, type IncidentDetail } from './get-incident.use-case.js';
import type { IncidentStatus, IncidentSummary, VerdictValue } from './incident.model.js';
import {
  ListIncidentsUseCase,
  type IncidentPage,
  type ListIncidentsQuery,
} from './list-incidents.use-case.js';
import { UpdateIncidentUseCase } from './update-incident.use-case.js';

export interface IncidentChange {
  kind: 'transition' | 'assign' | 'comment';
  to?: IncidentStatus;
  verdict?: VerdictValue;
  reason?: string;
  assignee?: string | null;
  text?: string;
}

export interface IncidentsClient {
  list(tenant: string, query: ListIncidentsQuery): Promise<IncidentPage>;
  show(tenant: string, id: string): Promise<IncidentDetail>;
  /** Applies a change to the given version (a stale one fails with the current version in the message). */
  change(
    tenant: string,
    actor: string,
    id: string,
    version: string,
    change: IncidentChange,
  ): Promise<{ summary: IncidentSummary; version: string }>;
}

type Call = <T>(path: string, init?: RequestInit) => Promise<T>;

export class RemoteIncidentsClient implements IncidentsClient {
  constructor(private readonly call: Call) {}

  list(tenant: string, q: ListIncidentsQuery) {
    const p = new URLSearchParams({ tenant });
    for (const [k, v] of Object.entries(q))
      if (v !== undefined) p.set(k, Array.isArray(v) ? v.join(',') : String(v));
    return this.call<IncidentPage>(`/api/incidents?${p}`);
  }

  show(tenant: string, id: string) {
    return this.call<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}?tenant=${tenant}`);
  }

  change(tenant: string, actor: string, id: string, version: string, c: IncidentChange) {
    const path = { transition: 'transition', assign: 'assign', comment: 'comments' }[c.kind];
    const body =
      c.kind === 'transition'
        ? { to: c.to, verdict: c.verdict, reason: c.reason, version }
        : c.kind === 'assign'
          ? { assignee: c.assignee ?? null, version }
          : { text: c.text, version };
    return this.call<{ summary: IncidentSummary; version: string }>(
      `/api/incidents/${encodeURIComponent(id)}/${path}?tenant=${tenant}`,
      {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-vigie-user': actor },
      },
    );
  }
}

export class LocalIncidentsClient implements IncidentsClient {
  constructor(private readonly ctx: () => INestApplicationContext) {}

  list(tenant: string, q: ListIncidentsQuery) {
    return this.ctx().get(ListIncidentsUseCase, { strict: false }).execute(tenant, q);
  }

  show(tenant: string, id: string) {
    return this.ctx().get(GetIncidentUseCase, { strict: false }).execute(tenant, id);
  }

  async change(tenant: string, user: string, id: string, version: string, c: IncidentChange) {
    const uc = this.ctx().get(UpdateIncidentUseCase, { strict: false });
    const actor = { tenant, user };
    const out =
      c.kind === 'transition'
        ? await uc.transition(actor, id, version, c.to!, c.verdict, c.reason)
        : c.kind === 'assign'
          ? await uc.assign(actor, id, version, c.assignee ?? null)
          : await uc.comment(actor, id, version, c.text!);
    return { summary: out.summary, version: out.version };
  }
}
