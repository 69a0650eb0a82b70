/**
 * The demo scenario: a seeded, reproducible day at "Mutuelle Horizon" (benign-day.ts) with an intrusion woven in
 * (intrusion.ts), as raw records in our connectors' formats, ending at `end` (default: now). Also the company's
 * asset inventory and identity directory (company.ts).
 *
 *   const s = generateScenario({ seed: 42, end: new Date() });
 *   s.records          // DemoRecord[] sorted by time: {source, at, step, record}
 *   s.steps            // the intrusion steps with the rules each must fire
 *   s.assetsCsv, s.identitiesCsv
 */
import { benignDay } from './benign-day.js';
import { STAFF, assetsCsv, identitiesCsv } from './company.js';
import type { DemoRecord } from './demo-record.js';
import { INTRUSION_STEPS, VICTIM, intrusion, type IntrusionStep } from './intrusion.js';
import { resetRawCounters } from './raw-records.js';
import { SeededRandom } from './seeded-random.js';

export interface ScenarioOptions {
  seed?: number;
  /** When the scenario ends (the last events are just before it). Default: now. */
  end?: Date;
}

export interface Scenario {
  seed: number;
  end: Date;
  /** When the first intrusion step starts; records before it are benign only. */
  attackStart: Date;
  records: DemoRecord[];
  steps: IntrusionStep[];
  assetsCsv: string;
  identitiesCsv: string;
}

export const DEFAULT_SEED = 20260504;

export function generateScenario(opts: ScenarioOptions = {}): Scenario {
  const seed = opts.seed ?? DEFAULT_SEED;
  const end = new Date(Math.floor((opts.end ?? new Date()).getTime() / 1000) * 1000);
  const rng = new SeededRandom(seed);
  resetRawCounters();
  // Fourteen accounts sprayed, the victim among them.
  const others = STAFF.filter((u) => u.user !== VICTIM).map((u) => u.user);
  const targets: string[] = [];
  while (targets.length < 13) {
    const u = rng.pick(others);
    if (!targets.includes(u)) targets.push(u);
  }
  targets.splice(rng.int(4, 10), 0, VICTIM);
  const quiet = new Date(end.getTime() - 60_000);
  const records = [...benignDay(rng, end, quiet), ...intrusion(rng, end, targets)].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  const first = Math.max(...INTRUSION_STEPS.map((s) => s.startsMinutesBeforeEnd));
  return {
    seed,
    end,
    attackStart: new Date(end.getTime() - first * 60_000),
    records,
    steps: INTRUSION_STEPS,
    assetsCsv: assetsCsv(),
    identitiesCsv: identitiesCsv(),
  };
}
