/**
 * The leecher's part of /healthz: how far behind ShotGrid's newest EventLogEntry it is (the lag, seconds since
 * a poll last read up to the newest entry), when it last polled successfully, and whether ShotGrid and AYON
 * answer it. Degraded once the lag passes the runtime's lag threshold, a server has failed it for longer than
 * the unreachable threshold, or it has not completed a poll that long after starting.
 */
import type { HealthPart, HealthThresholds } from "@ayon-sg/core";

export interface LeecherState {
  startedAt: number | null;
  lagSeconds: number;
  lastPollOkAt: number | null;
  shotgridDownMs: number | null;
  ayonDownMs: number | null;
  position: { lowWater: number; scanned: number; holes: number } | null;
}

export function leecherHealth(state: LeecherState, thresholds: HealthThresholds, now: number = Date.now()): HealthPart {
  if (state.startedAt === null) return { status: "ok", details: { state: "not started" } };
  const problems: string[] = [];
  const lagMs = state.lagSeconds * 1000;
  if (lagMs > thresholds.lagMs) problems.push(`${Math.round(state.lagSeconds)} s behind ShotGrid's event log (threshold ${thresholds.lagMs / 1000} s)`);
  for (const [name, downMs] of [["ShotGrid", state.shotgridDownMs], ["AYON", state.ayonDownMs]] as const) {
    if (downMs !== null && downMs > thresholds.unreachableMs) problems.push(`${name} unreachable for ${Math.round(downMs / 1000)} s`);
  }
  const sincePoll = now - (state.lastPollOkAt ?? state.startedAt);
  if (sincePoll > thresholds.unreachableMs) {
    problems.push(state.lastPollOkAt === null ? `no poll completed in ${Math.round(sincePoll / 1000)} s since start` : `no poll completed for ${Math.round(sincePoll / 1000)} s`);
  }
  const down = (ms: number | null) => (ms === null ? "up" : `unreachable for ${Math.round(ms / 1000)} s`);
  return {
    status: problems.length > 0 ? "degraded" : "ok",
    details: {
      lagSeconds: Math.round(state.lagSeconds * 10) / 10,
      lastPollAt: state.lastPollOkAt === null ? null : new Date(state.lastPollOkAt).toISOString(),
      shotgrid: down(state.shotgridDownMs),
      ayon: down(state.ayonDownMs),
      ...(state.position ? { cursor: state.position.lowWater } : {}),
      ...(problems.length > 0 ? { problems } : {}),
    },
  };
}
