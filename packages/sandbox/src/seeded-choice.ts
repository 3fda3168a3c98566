/** Deterministic choices for the live edits (mulberry32): the same seed gives the same story. */
export class SeededChoice {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  index(length: number): number {
    if (length <= 0) throw new Error("nothing to choose from");
    return Math.floor(this.next() * length);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.index(items.length)]!;
  }

  weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((sum, [, weight]) => sum + weight, 0);
    if (options.length === 0 || total <= 0) throw new Error("nothing to choose from");
    let roll = this.next() * total;
    for (const [value, weight] of options) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return options[options.length - 1]![0];
  }
}
