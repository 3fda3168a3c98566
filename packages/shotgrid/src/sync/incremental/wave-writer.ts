/**
 * The AYON writes of one wave (batch-waves.ts) in one operations request. The updates of a wave run side by side and
 * each would send its ChangeSet alone; instead each takes a seat, submits its first attempt here, and when every seat
 * has submitted or left, the submissions of a project go out together as ONE transaction (canFail false: ayon-backend
 * api/operations/operations.py processes the operations in order, stops at the first failure and rolls all of them
 * back; the answer holds one result per operation). Each submission then resolves with its own operations' results.
 *
 * When AYON refuses the combined transaction, nothing of it was committed: each submission is sent again alone, so
 * every update meets exactly the answer it would have had by itself (its own refusal, resolved or set aside by its
 * ChangeSet; or success). When the combined request fails without AYON's word on what it committed (a transport
 * failure, a server error), every submission fails with that error, as its own request would have.
 */
import { AyonHttpError, AyonOperationsError, type AyonClient, type Operation, type OperationsResponse } from "@ayon-sg/core";
import { groupBy, WaveGather } from "./wave-gather.js";

/** One update's place in a wave: submit its operations once, then leave (also when it had nothing to write). */
export interface WaveSeat {
  /** The operations of this update, sent with the wave's; resolves with this update's results. */
  submit(project: string, ops: Operation[]): Promise<OperationsResponse>;
  /** Nothing (more) to submit: the wave no longer waits for this seat. Idempotent. */
  leave(): void;
}

interface Submission {
  project: string;
  ops: Operation[];
  resolve: (response: OperationsResponse) => void;
  reject: (error: unknown) => void;
}

export class WaveWriter {
  readonly #gather: WaveGather<Submission>;
  /** Operations requests sent (combined and alone), for tests and reports. */
  requests = 0;

  /** `seats`: how many updates the wave runs; the writer waits for each to submit or leave. */
  constructor(private readonly ayon: AyonClient, seats: number) {
    this.#gather = new WaveGather(seats, (pending) => {
      for (const group of groupBy(pending, (s) => s.project)) void this.#flush(group[0]!.project, group);
    });
  }

  seat(): WaveSeat {
    const seat = this.#gather.seat();
    return {
      submit: (project, ops) =>
        new Promise<OperationsResponse>((resolve, reject) => {
          // A second attempt (a ChangeSet resolving a refusal) goes alone, as it always did.
          if (!seat.hand({ project, ops, resolve, reject })) this.#alone(project, ops).then(resolve, reject);
        }),
      leave: () => seat.leave(),
    };
  }

  async #flush(project: string, group: Submission[]): Promise<void> {
    if (group.length === 1) {
      const only = group[0]!;
      return this.#alone(project, only.ops).then(only.resolve, only.reject);
    }
    let response: OperationsResponse;
    try {
      this.requests += 1;
      response = await this.ayon.operations(project, group.flatMap((s) => s.ops));
    } catch (error) {
      if (refusedWhole(error)) {
        for (const s of group) this.#alone(project, s.ops).then(s.resolve, s.reject);
      } else {
        for (const s of group) s.reject(error);
      }
      return;
    }
    let offset = 0;
    for (const s of group) {
      const operations = response.operations.slice(offset, offset + s.ops.length);
      offset += s.ops.length;
      s.resolve(response.recovered ? { operations, success: true, recovered: true } : { operations, success: response.success });
    }
  }

  #alone(project: string, ops: Operation[]): Promise<OperationsResponse> {
    this.requests += 1;
    return this.ayon.operations(project, ops);
  }
}

/**
 * AYON refused the transaction and committed none of it: an operation failed (canFail false rolls all back), or the
 * request as a whole was turned down (a 4xx answer: invalid, forbidden, locked).
 */
function refusedWhole(error: unknown): boolean {
  if (error instanceof AyonOperationsError) return error.rolledBack;
  return error instanceof AyonHttpError && error.status >= 400 && error.status < 500;
}
