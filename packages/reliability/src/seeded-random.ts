// A seeded PRNG (testkit's mulberry32) so every random choice of a scenario — where to kill, what to write —
// replays exactly from the seed the run prints.
import { SeededRandom as Mulberry32 } from "@ayon-sg/testkit";

export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  const random = new Mulberry32(seed);
  return {
    seed,
    next: () => random.next(),
    int: (min, max) => min + random.int(max - min + 1),
    pick: (items) => random.pick(items),
  };
}

/** A seed for this run: RELIABILITY_SEED when set (to replay a run), otherwise a fresh one. */
export function runSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RELIABILITY_SEED;
  if (raw !== undefined && raw !== "") {
    const seed = Number(raw);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`RELIABILITY_SEED '${raw}' must be an integer from 0 to 4294967295`);
    return seed;
  }
  return Math.floor(Math.random() * 0xffffffff);
}
