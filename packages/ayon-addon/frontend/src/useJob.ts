// One request to the runtime and the live state of the job that handles it.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  dispatchRequest,
  NoRuntimeError,
  waitForReply,
  type AyonConnection,
  type JobReply,
  type PageRequest,
} from "./api.js";

export type JobState =
  | { phase: "idle" }
  | { phase: "sending" }
  | { phase: "waiting"; requestId: string }
  | { phase: "reply"; requestId: string; reply: JobReply }
  | { phase: "no-runtime"; message: string }
  | { phase: "error"; message: string };

export function replyTimeoutFromUrl(search: string): number | undefined {
  // Tests shorten the 20 s wait with ?replyTimeoutMs=; anything odd keeps the default.
  const value = Number(new URLSearchParams(search).get("replyTimeoutMs"));
  return Number.isFinite(value) && value >= 500 && value <= 120_000 ? value : undefined;
}

export function useJob(connection: AyonConnection, onDone?: (reply: JobReply) => void) {
  const [state, setState] = useState<JobState>({ phase: "idle" });
  const controller = useRef<AbortController | null>(null);
  const lastRequest = useRef<PageRequest | null>(null);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (request: PageRequest) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      lastRequest.current = request;
      setState({ phase: "sending" });
      try {
        const { requestId } = await dispatchRequest(connection, request);
        if (abort.signal.aborted) return;
        setState({ phase: "waiting", requestId });
        const reply = await waitForReply(connection, requestId, {
          signal: abort.signal,
          timeoutMs: replyTimeoutFromUrl(window.location.search),
          onUpdate: (update) => {
            if (!abort.signal.aborted) setState({ phase: "reply", requestId, reply: update });
          },
        });
        if (!abort.signal.aborted) onDoneRef.current?.(reply);
      } catch (error) {
        if (abort.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setState(error instanceof NoRuntimeError ? { phase: "no-runtime", message } : { phase: "error", message });
      }
    },
    [connection],
  );

  const retry = useCallback(() => {
    if (lastRequest.current) void start(lastRequest.current);
  }, [start]);

  return { state, start, retry };
}

/** True while a job runs: sent, waiting for the runtime, or reported pending / in progress. */
export function isJobActive(state: JobState): boolean {
  if (state.phase === "sending" || state.phase === "waiting") return true;
  return state.phase === "reply" && (state.reply.status === "pending" || state.reply.status === "in_progress");
}
