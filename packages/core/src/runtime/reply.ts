import type { AyonClient } from "../ayon/client.js";
import type { AyonEvent } from "../ayon/types.js";

export type ReplyStatus = "pending" | "in_progress" | "finished" | "failed";

export interface ReplyState {
  status: ReplyStatus;
  progress: number;
  description: string;
  result?: unknown;
  error?: string;
}

const REQUEST_ID = /^[0-9a-f]{32}$/;
export const REPLY_TOPIC_PREFIX = "ayonsg.reply.";

/**
 * Mirrors a job's state into a reply event `ayonsg.reply.<requestId>` when the source event asked for it
 * (`payload.requestId`). A page watching one request reads one small event by topic instead of scanning the
 * whole job queue; the reply is overwritten in place (same hash, `reuse`).
 */
export class ReplyMirror {
  private constructor(
    private readonly ayon: AyonClient,
    private readonly topic: string,
    private readonly summary: Record<string, unknown>,
  ) {}

  static for(source: AyonEvent, jobId: string, ayon: AyonClient): ReplyMirror | null {
    const requestId = source.payload?.requestId;
    if (typeof requestId !== "string" || !REQUEST_ID.test(requestId)) return null;
    return new ReplyMirror(ayon, `${REPLY_TOPIC_PREFIX}${requestId}`, { jobId, sourceId: source.id, requestId });
  }

  async write(state: ReplyState): Promise<void> {
    await this.ayon.dispatchEvent({
      topic: this.topic,
      hash: this.topic,
      reuse: true,
      finished: true,
      description: state.description,
      summary: this.summary,
      payload: { ...state },
    });
  }
}
