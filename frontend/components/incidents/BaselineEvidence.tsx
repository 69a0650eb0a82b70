'use client';
import type { Alert } from '../../lib/incidents';

/** What a baseline (statistical) alert carries (backend/src/baselines/model.ts `Evidence`). */
interface BaselineEvidenceDoc {
  detector: string;
  model: string;
  entity: { fields: string[]; value: string };
  feature: string;
  observed: number | string;
  expected: string;
  baseline: string;
  statistics: Record<string, number | string>;
  score: number;
  top_features: { name: string; value: number | string; contribution: number }[];
  learning_window: string;
}

type WithEvidence = Alert & { evidence?: Partial<BaselineEvidenceDoc> };

/** "Why is this anomalous?": the evidence of every baseline alert of the incident. */
export function BaselineEvidence({ alerts }: { alerts: Alert[] }) {
  const list = (alerts as WithEvidence[]).filter(
    (a) => a.rule.type === 'statistical' && a.evidence && a.evidence.observed !== undefined,
  );
  if (!list.length) return null;
  return (
    <div className="card" data-testid="baseline-evidence">
      <div className="card-title">
        Why is this anomalous? ({list.length} behavioural {list.length > 1 ? 'detections' : 'detection'})
      </div>
      {list.map((a) => {
        const e = a.evidence!;
        return (
          <div key={a.id} className="baseline-evidence" data-testid="baseline-evidence-item">
            <div>
              <strong>{a.rule.title}</strong> — score {e.score ?? '?'} / 100 · {e.model} model · learning
              window {e.learning_window}
            </div>
            <div className="kv">
              <span>Entity</span>
              <span>
                {(e.entity?.fields ?? []).join(' + ') || 'population'}: <code>{e.entity?.value}</code>
              </span>
              <span>Measured</span>
              <span>{e.feature}</span>
              <span>Observed</span>
              <span>
                <code>{String(e.observed)}</code>
              </span>
              <span>Expected</span>
              <span>{e.expected}</span>
              <span>Baseline</span>
              <span>{e.baseline}</span>
              {e.top_features?.length ? (
                <>
                  <span>Top features</span>
                  <span>
                    {e.top_features.map((f) => `${f.name} = ${f.value} (${f.contribution})`).join('; ')}
                  </span>
                </>
              ) : null}
            </div>
            {e.statistics ? (
              <details>
                <summary>Statistics</summary>
                <table>
                  <tbody>
                    {Object.entries(e.statistics).map(([k, v]) => (
                      <tr key={k}>
                        <td>{k.replace(/_/g, ' ')}</td>
                        <td>{String(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
