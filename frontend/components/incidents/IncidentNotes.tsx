'use client';
import { useState } from 'react';
import { addEvidence, comment, when, type Incident } from '../../lib/incidents';

type Changed = { incident: Incident; version: string };

/** Comments and evidence links, each with its add form. */
export function IncidentNotes({
  incident,
  version,
  onChanged,
  onError,
}: {
  incident: Incident;
  version: string;
  onChanged: (c: Changed) => void;
  onError: (e: Error) => void;
}) {
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [label, setLabel] = useState('');
  const run = async (fn: () => Promise<Changed>, reset: () => void) => {
    try {
      onChanged(await fn());
      reset();
    } catch (e) {
      onError(e as Error);
    }
  };
  return (
    <div className="grid-2">
      <div className="card" data-testid="comments">
        <div className="card-title">Comments ({incident.comments.length})</div>
        <ul className="notes">
          {incident.comments.map((c) => (
            <li key={c.id}>
              <span className="muted">
                {when(c.at)} · {c.author}
              </span>
              <div>{c.text}</div>
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim())
              void run(
                () => comment(incident.id, version, text.trim()),
                () => setText(''),
              );
          }}
        >
          <input
            aria-label="Comment"
            placeholder="Add a comment"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button className="btn" type="submit" disabled={!text.trim()}>
            Comment
          </button>
        </form>
      </div>
      <div className="card" data-testid="evidence">
        <div className="card-title">Evidence ({incident.evidence.length})</div>
        <ul className="notes">
          {incident.evidence.map((e) => (
            <li key={e.id}>
              <a href={e.url} target="_blank" rel="noreferrer noopener">
                {e.label}
              </a>
              <span className="muted">
                {' '}
                · {e.added_by}, {when(e.added_at)}
              </span>
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim() && label.trim())
              void run(
                () => addEvidence(incident.id, version, url.trim(), label.trim()),
                () => (setUrl(''), setLabel('')),
              );
          }}
        >
          <input
            aria-label="Evidence label"
            placeholder="Label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
          <input
            aria-label="Evidence URL"
            placeholder="https://…"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <button className="btn" type="submit" disabled={!url.trim() || !label.trim()}>
            Add
          </button>
        </form>
      </div>
    </div>
  );
}
