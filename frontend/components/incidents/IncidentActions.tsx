'use client';
import { useState } from 'react';
import {
  assign,
  currentUser,
  IncidentApiError,
  NEXT,
  transition,
  VERDICT_LABELS,
  type Incident,
  type IncidentStatus,
  type VerdictValue,
} from '../../lib/incidents';

const ACTION_LABEL: Record<IncidentStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledge',
  in_progress: 'Start work',
  resolved: 'Resolve',
  closed: 'Close',
};

type Changed = { incident: Incident; version: string };

/** Lifecycle buttons, verdict form and assignment. Errors (a 409 above all) go to `onError`. */
export function IncidentActions({
  incident,
  version,
  onChanged,
  onError,
}: {
  incident: Incident;
  version: string;
  onChanged: (c: Changed) => void;
  onError: (e: IncidentApiError | Error) => void;
}) {
  const [closing, setClosing] = useState<IncidentStatus | null>(null);
  const [verdict, setVerdict] = useState<VerdictValue>('true_positive');
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<Changed>) => {
    setBusy(true);
    try {
      onChanged(await fn());
      setClosing(null);
      setReason('');
      setAssignee('');
    } catch (e) {
      onError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const next = NEXT[incident.status];
  const needsVerdict = (to: IncidentStatus) => to === 'resolved' || to === 'closed';
  const label = (to: IncidentStatus) =>
    to === 'in_progress' && (incident.status === 'resolved' || incident.status === 'closed')
      ? 'Reopen'
      : ACTION_LABEL[to];

  return (
    <div className="card actions" data-testid="actions">
      <div className="action-row">
        {next.map((to) => (
          <button
            key={to}
            type="button"
            className={`btn ${to === 'closed' || to === 'resolved' ? 'btn-secondary' : 'btn-primary'}`}
            disabled={busy}
            onClick={() =>
              needsVerdict(to) ? setClosing(to) : run(() => transition(incident.id, version, to))
            }
          >
            {label(to)}
          </button>
        ))}
        <span className="spacer" />
        <input
          aria-label="Assignee"
          placeholder={incident.assignee ? `assigned to ${incident.assignee}` : 'assign to…'}
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
        />
        <button
          type="button"
          className="btn"
          disabled={busy || !assignee.trim()}
          onClick={() => run(() => assign(incident.id, version, assignee.trim()))}
        >
          Assign
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || incident.assignee === currentUser()}
          onClick={() => run(() => assign(incident.id, version, currentUser()))}
        >
          Assign to me
        </button>
      </div>
      {closing ? (
        <form
          className="verdict-form"
          aria-label="Verdict"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => transition(incident.id, version, closing, verdict, reason));
          }}
        >
          <fieldset>
            <legend>Verdict to {closing === 'closed' ? 'close' : 'resolve'}</legend>
            {(Object.keys(VERDICT_LABELS) as VerdictValue[]).map((v) => (
              <label key={v} className="radio">
                <input
                  type="radio"
                  name="verdict"
                  value={v}
                  checked={verdict === v}
                  onChange={() => setVerdict(v)}
                />
                {VERDICT_LABELS[v]}
              </label>
            ))}
          </fieldset>
          <textarea
            aria-label="Reason"
            placeholder={
              verdict === 'false_positive'
                ? 'Reason (required for a false positive)'
                : 'Reason / summary (optional)'
            }
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
          />
          <div className="action-row">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy || (verdict === 'false_positive' && !reason.trim())}
            >
              Confirm {closing === 'closed' ? 'close' : 'resolve'}
            </button>
            <button type="button" className="btn" onClick={() => setClosing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
