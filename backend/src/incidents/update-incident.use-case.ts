import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoragePort, StoredDocument } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';
import { refreshDerived } from './grouping.js';
import {
  summarize,
  type AuditChange,
  type AuditEntry,
  type Incident,
  type IncidentStatus,
  type VerdictValue,
} from './incident.model.js';
import { loadIncidentSettings } from './incident-settings.js';
import { applyTransition } from './lifecycle.js';
import { readIncident } from './get-incident.use-case.js';

export interface Actor {
  tenant: string;
  /** Who acts (X-Vigie-User). */
  user: string;
}

type Change =
  | { ok: true; incident: Incident; action: AuditEntry['action']; changes: AuditChange[] }
  | { ok: false; reason: string };

const isConflict = (err: unknown) => err instanceof VigieError && err.code === ErrorCode.Conflict;

/**
 * Every analyst change to an incident: transition, assignment, comment, evidence. Each takes the version the
 * analyst read; a stale version is refused with a conflict (HTTP 409) carrying the current version and state, and
 * nothing is written. Every change appends an audit entry (who, when, what, before/after).
 */
@Injectable()
export class UpdateIncidentUseCase {
  constructor(@Inject(STORAGE) private readonly storage: StoragePort) {}

  transition(
    actor: Actor,
    id: string,
    version: string,
    to: IncidentStatus,
    verdict?: VerdictValue,
    reason?: string,
    now = new Date(),
  ) {
    return this.mutate(actor, id, version, now, (inc) => {
      const out = applyTransition(inc, { to, verdict, reason, actor: actor.user, at: now.toISOString() });
      return out.ok ? { ok: true, incident: out.incident, action: 'transition', changes: out.changes } : out;
    });
  }

  assign(actor: Actor, id: string, version: string, assignee: string | null, now = new Date()) {
    return this.mutate(actor, id, version, now, (inc) => {
      if (inc.assignee === assignee)
        return {
          ok: false,
          reason: `incident ${id} is already ${assignee ? `assigned to ${assignee}` : 'unassigned'}`,
        };
      const next = structuredClone(inc);
      next.assignee = assignee;
      return {
        ok: true,
        incident: next,
        action: 'assign',
        changes: [{ field: 'assignee', before: inc.assignee, after: assignee }],
      };
    });
  }

  comment(actor: Actor, id: string, version: string, text: string, now = new Date()) {
    return this.mutate(actor, id, version, now, (inc) => {
      const next = structuredClone(inc);
      const comment = { id: randomUUID(), author: actor.user, at: now.toISOString(), text };
      next.comments.push(comment);
      return {
        ok: true,
        incident: next,
        action: 'comment',
        changes: [{ field: 'comments', before: null, after: text }],
      };
    });
  }

  addEvidence(actor: Actor, id: string, version: string, url: string, label: string, now = new Date()) {
    return this.mutate(actor, id, version, now, (inc) => {
      const next = structuredClone(inc);
      next.evidence.push({ id: randomUUID(), url, label, added_by: actor.user, added_at: now.toISOString() });
      return {
        ok: true,
        incident: next,
        action: 'evidence',
        changes: [{ field: 'evidence', before: null, after: `${label} <${url}>` }],
      };
    });
  }

  private async mutate(
    actor: Actor,
    id: string,
    version: string,
    now: Date,
    change: (inc: Incident) => Change,
  ) {
    const current = await readIncident(this.storage, actor.tenant, id, now);
    if (current.version !== version) throw this.stale(id, version, current);
    const out = change(current.doc);
    if (!out.ok)
      throw new VigieError(ErrorCode.Validation, `incident ${id}: ${out.reason}`, {
        id,
        version: current.version,
      });
    const next = out.incident;
    next.updated_at = now.toISOString();
    next.audit = [
      ...next.audit,
      { at: now.toISOString(), actor: actor.user, action: out.action, changes: out.changes },
    ];
    const { settings } = await loadIncidentSettings(this.storage, actor.tenant);
    refreshDerived(next, settings, now);
    try {
      const saved = await this.storage.putDocument(actor.tenant, 'incidents', id, next, {
        ifVersion: version,
      });
      return { incident: saved.doc, version: saved.version, summary: summarize(saved.doc, saved.version) };
    } catch (err) {
      if (!isConflict(err)) throw err;
      throw this.stale(id, version, await readIncident(this.storage, actor.tenant, id, now));
    }
  }

  private stale(id: string, yours: string, current: StoredDocument<Incident>): VigieError {
    const last = current.doc.audit[current.doc.audit.length - 1];
    return new VigieError(
      ErrorCode.Conflict,
      `incident ${id} was changed by someone else (${last ? `${last.actor}: ${last.action} at ${last.at}` : 'unknown change'}); reload it and apply your change again`,
      {
        id,
        your_version: yours,
        current_version: current.version,
        current: summarize(current.doc, current.version),
      },
    );
  }
}
