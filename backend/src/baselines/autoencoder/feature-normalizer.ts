/**
 * log1p on count features, then standardization with the learning window's means and standard deviations.
 * A feature that never varied during learning gets a small floor standard deviation (`MIN_STD`), so a first
 * non-zero value reconstructs badly instead of being ignored ("never seen" is itself the anomaly).
 */
export const MIN_STD = 0.1;

export interface NormalizerState {
  /** Per feature: true when log1p applies (counts), false for time encodings. */
  log: boolean[];
  means: number[];
  stds: number[];
}

export class FeatureNormalizer {
  constructor(readonly state: NormalizerState) {}

  get dims(): number {
    return this.state.means.length;
  }

  /** Learns means/stds from raw vectors. */
  static fit(vectors: readonly ArrayLike<number>[], log: boolean[]): FeatureNormalizer {
    const d = log.length;
    const sum = new Float64Array(d);
    const sq = new Float64Array(d);
    for (const v of vectors) {
      for (let j = 0; j < d; j++) {
        const x = scale(v[j], log[j]);
        sum[j] += x;
        sq[j] += x * x;
      }
    }
    const n = Math.max(1, vectors.length);
    const means = Array.from(sum, (s) => s / n);
    const stds = Array.from(sq, (s, j) => Math.max(MIN_STD, Math.sqrt(Math.max(0, s / n - means[j] ** 2))));
    return new FeatureNormalizer({ log: [...log], means, stds });
  }

  /** Writes the normalized vector `v` into `out` at `offset`. */
  transformInto(v: ArrayLike<number>, out: Float32Array, offset: number): void {
    const { log, means, stds } = this.state;
    for (let j = 0; j < means.length; j++) out[offset + j] = (scale(v[j], log[j]) - means[j]) / stds[j];
  }

  /** Back to raw units (counts ≥ 0) for a normalized value of feature `j`. */
  inverse(j: number, z: number): number {
    const x = z * this.state.stds[j] + this.state.means[j];
    return this.state.log[j] ? Math.max(0, Math.expm1(x)) : x;
  }
}

function scale(x: number, log: boolean): number {
  const v = Number.isFinite(x) ? x : 0;
  return log ? Math.log1p(Math.max(0, v)) : v;
}
