/**
 * The ShotGrid write-backs (`sg_ayon_id` / `sg_ayon_sync_status`) of one wave (batch-waves.ts) in one `_batch`
 * request. The updates of a wave run side by side and each would send its write-backs alone; instead each takes a
 * seat, submits them here, and when every seat has submitted or left they go out together (write-backs.ts: one
 * atomic batch, split in halves when ShotGrid refuses it, until the refused write is alone). Each submission then
 * resolves with its own writes' outcome: the writes ShotGrid refused are named to the update that asked for them.
 * When the request fails without ShotGrid's word (the site down), every submission fails with that error, as its
 * own request would have.
 */
import type { ShotgridClient } from "../../client/index.js";
import type { ShotgridWriteBack } from "../plan.js";
import { applyShotgridWriteBacks, type ShotgridApplyOptions, type ShotgridApplyResult } from "../write-backs.js";
import { WaveGather } from "./wave-gather.js";

/** One update's place in a wave's write-backs: submit them once, then leave (also when it had none). */
export interface WaveWriteBackSeat {
  submit(writes: readonly ShotgridWriteBack[]): Promise<ShotgridApplyResult>;
  /** Nothing (more) to submit: the wave no longer waits for this seat. Idempotent. */
  leave(): void;
}

interface Submission {
  writes: readonly ShotgridWriteBack[];
  resolve: (result: ShotgridApplyResult) => void;
  reject: (error: unknown) => void;
}

export class WaveWriteBacks {
  readonly #gather: WaveGather<Submission>;

  /** `seats`: how many updates the wave runs; the writer waits for each to submit or leave. */
  constructor(private readonly sg: ShotgridClient, seats: number, private readonly options: ShotgridApplyOptions = {}) {
    this.#gather = new WaveGather(seats, (pending) => void this.#flush(pending));
  }

  seat(): WaveWriteBackSeat {
    const seat = this.#gather.seat();
    return {
      submit: (writes) =>
        new Promise<ShotgridApplyResult>((resolve, reject) => {
          const submission = { writes, resolve, reject };
          if (!seat.hand(submission)) void this.#flush([submission]);
        }),
      leave: () => seat.leave(),
    };
  }

  async #flush(pending: Submission[]): Promise<void> {
    if (pending.length === 0) return;
    let result: ShotgridApplyResult;
    try {
      result = await applyShotgridWriteBacks(this.sg, pending.flatMap((s) => s.writes), this.options);
    } catch (error) {
      for (const s of pending) s.reject(error);
      return;
    }
    const refused = new Map(result.rejected.map((r) => [`${r.type}:${r.id}`, r]));
    pending.forEach((s, i) => {
      const rejected = s.writes.flatMap((w) => refused.get(`${w.type}:${w.id}`) ?? []);
      // The requests are counted once, on the first submission, so the updates' reports add up to what was sent.
      s.resolve({ written: s.writes.length - rejected.length, rejected, requests: i === 0 ? result.requests : 0 });
    });
  }
}
