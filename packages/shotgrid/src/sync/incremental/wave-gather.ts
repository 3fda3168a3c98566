/**
 * What the updates of one wave (batch-waves.ts) hand in together: each update holds a seat, hands in one item or
 * leaves, and when every seat has done either, the items go on at once (wave-writer.ts, wave-reader.ts).
 */
export interface GatherSeat<T> {
  /** Hands in the seat's item; false when the seat has handed in or left already (the caller then goes alone). */
  hand(item: T): boolean;
  /** Nothing (more) to hand in: the wave no longer waits for this seat. Idempotent. */
  leave(): void;
}

export class WaveGather<T> {
  #open: number;
  #items: T[] = [];

  /** `seats`: how many updates the wave runs; `flush` gets what they handed in, once, when every seat is done. */
  constructor(seats: number, private readonly flush: (items: T[]) => void) {
    this.#open = seats;
  }

  seat(): GatherSeat<T> {
    let open = true;
    const close = () => {
      open = false;
      this.#open -= 1;
      if (this.#open === 0) this.flush(this.#items.splice(0));
    };
    return {
      hand: (item) => {
        if (!open) return false;
        this.#items.push(item);
        close();
        return true;
      },
      leave: () => {
        if (open) close();
      },
    };
  }
}

/** Items grouped by a key, in the order they came. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
