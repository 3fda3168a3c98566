import { SeededRandom } from "@ayon-sg/testkit";

/** Deterministic choices for the live edits (testkit's mulberry32): the same seed gives the same story. */
export class SeededChoice extends SeededRandom {
  constructor(seed: number) {
    super(seed >>> 0 || 1);
  }

  index(length: number): number {
    if (length <= 0) throw new Error("nothing to choose from");
    return this.int(length);
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
