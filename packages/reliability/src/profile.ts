// How big and long each scenario runs. The CI profile keeps the suite within minutes on 2 cores; `pnpm soak`
// sets RELIABILITY_PROFILE=soak (and RELIABILITY_MINUTES) for the same scenarios, longer and bigger.

export type ProfileName = "ci" | "soak";

export interface Profile {
  name: ProfileName;
  /** Soak only: the time budget the scenarios spread over (CI: 0). */
  minutes: number;
  /** Crash scenarios: SIGKILLs of the real binary during one full sync / during live updates. */
  fullSyncKills: number;
  liveKills: number;
  /** Generated ShotGrid project for the full-sync crash (shots; assets and tasks scale with it). */
  fullSyncShots: number;
  /** ShotGrid writes streamed during the live-update crash. */
  liveWrites: number;
  /** Outage length, seconds (AYON and ShotGrid alike). */
  outageSeconds: number;
  /** The load test: runtime processes, AYON projects, events. */
  loadProcesses: number;
  loadProjects: number;
  loadEvents: number;
  /** Property-based runs of the hostile-input scenario. */
  fuzzRuns: number;
}

const CI: Omit<Profile, "name" | "minutes"> = {
  fullSyncKills: 10,
  liveKills: 6,
  fullSyncShots: 120,
  liveWrites: 600,
  outageSeconds: 60,
  loadProcesses: 3,
  loadProjects: 20,
  loadEvents: 20_000,
  fuzzRuns: 300,
};

/** The soak profile grows with the minutes given (at least the CI figures). */
function soak(minutes: number): Omit<Profile, "name" | "minutes"> {
  const scale = Math.max(1, minutes / 15);
  return {
    fullSyncKills: Math.round(15 * scale),
    liveKills: Math.round(15 * scale),
    fullSyncShots: Math.round(400 * Math.min(scale, 4)),
    liveWrites: Math.round(2_000 * scale),
    outageSeconds: Math.round(Math.min(600, 120 * scale)),
    loadProcesses: 3,
    loadProjects: 20,
    loadEvents: Math.round(50_000 * Math.min(scale, 4)),
    fuzzRuns: Math.round(3_000 * scale),
  };
}

export function currentProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const name = (env.RELIABILITY_PROFILE ?? "ci") as ProfileName;
  if (name !== "ci" && name !== "soak") throw new Error(`RELIABILITY_PROFILE '${env.RELIABILITY_PROFILE}' must be 'ci' or 'soak'`);
  if (name === "ci") return { name, minutes: 0, ...CI };
  const minutes = Number(env.RELIABILITY_MINUTES ?? "15");
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`RELIABILITY_MINUTES '${env.RELIABILITY_MINUTES}' must be a positive number`);
  return { name, minutes, ...soak(minutes) };
}

/** A jest timeout for a step expected to take `expectedMs` under this profile (generous on a loaded CI box). */
export function timeoutFor(expectedMs: number): number {
  return Math.round(expectedMs * 3 + 60_000);
}
