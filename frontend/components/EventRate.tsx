/** Events received per interval (ingest time) as a bar chart (SVG), newest on the right. */
export function EventRate({
  buckets,
  intervalSeconds,
}: {
  buckets: { start: string; count: number }[];
  intervalSeconds: number;
}) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  // Rate over the last minute of buckets, so a fresh (still filling) bucket does not read as zero.
  const perMinute = buckets
    .slice(-Math.max(1, Math.round(60 / intervalSeconds)))
    .reduce((n, b) => n + b.count, 0);
  const w = 600;
  const h = 80;
  const bw = buckets.length ? w / buckets.length : w;
  return (
    <div className="card">
      <div className="card-title">
        Events received per second (last minute):{' '}
        <strong data-testid="eps">{(perMinute / 60).toFixed(2)}</strong>
        <span className="muted">
          {' '}
          (last {Math.round((buckets.length * intervalSeconds) / 60)} min, {intervalSeconds}s buckets)
        </span>
      </div>
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" height={h} role="img" aria-label="event rate">
        {buckets.map((b, i) => {
          const bh = (b.count / max) * (h - 4);
          return (
            <rect
              key={b.start}
              x={i * bw + 1}
              y={h - bh}
              width={Math.max(1, bw - 2)}
              height={bh}
              className="bar"
            >
              <title>{`${b.start}: ${b.count}`}</title>
            </rect>
          );
        })}
      </svg>
    </div>
  );
}
