// The closing figures of `pnpm soak`: how often each kind of fault was thrown (summed over every round's scenario
// figures) and the end figures (events checked, lost, comparisons with a fresh full sync). A scenario reports a
// fault it threw as a figure named `thrown.<kind>`; the older scenarios' own figures are read as they are (kills
// survived, outage periods, 429 answers).
import type { Figures } from "./figures.js";

type Source = (scenario: string, figures: Figures) => number | undefined;

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const sum = (...values: unknown[]): number | undefined => {
  const numbers = values.filter((v): v is number => typeof v === "number");
  return numbers.length === 0 ? undefined : numbers.reduce((a, b) => a + b, 0);
};

/** The faults a soak throws (issue 15 adds the last six), each to be met at least once in a full round. */
export const FAULT_KINDS: ReadonlyArray<{ kind: string; from: Source }> = [
  { kind: "kills (SIGKILL of the binary)", from: (s, f) => (s.startsWith("crash-") ? num(f.killsSurvived) : undefined) },
  { kind: "AYON outage periods (503, dropped connections)", from: (s, f) => (s === "ayon-outage" && (num(f.outageSeconds) ?? 0) > 0 ? 1 : undefined) },
  { kind: "ShotGrid outage periods", from: (s, f) => (s === "shotgrid-outage" && (num(f.outageSeconds) ?? 0) > 0 ? 1 : undefined) },
  { kind: "ShotGrid 429 answers (storm)", from: (_s, f) => num(f.storm429s) },
  { kind: "AYON 500 on a live update", from: (_s, f) => num(f["thrown.ayon500"]) },
  { kind: "ShotGrid HTML-with-200 periods", from: (_s, f) => num(f["thrown.shotgridHtmlPeriods"]) },
  { kind: "ShotGrid 302-to-login periods", from: (_s, f) => num(f["thrown.shotgrid302Periods"]) },
  { kind: "ShotGrid 500 periods", from: (_s, f) => num(f["thrown.shotgrid500Periods"]) },
  { kind: "huge replies cut at the cap (ShotGrid 2 GiB, AYON 600 MB)", from: (_s, f) => sum(f["thrown.hugeReplyShotgrid"], f["thrown.hugeReplyAyon"]) },
  { kind: "events without project", from: (_s, f) => num(f["thrown.eventWithoutProject"]) },
];

export interface SoakTally {
  thrown: Map<string, number>;
  end: { eventsChecked: number; lost: number; freshSyncComparisons: number; ayonEntitiesCompared: number };
  /** Fault kinds no scenario threw. */
  missing: string[];
}

/** Tallies the rounds' figures (scenario → figures): per fault kind, and the end figures. */
export function tallySoak(rounds: ReadonlyArray<{ figures: Record<string, Figures> }>): SoakTally {
  const thrown = new Map(FAULT_KINDS.map(({ kind }) => [kind, 0]));
  const end = { eventsChecked: 0, lost: 0, freshSyncComparisons: 0, ayonEntitiesCompared: 0 };
  for (const { figures } of rounds) {
    for (const [scenario, f] of Object.entries(figures)) {
      for (const { kind, from } of FAULT_KINDS) thrown.set(kind, thrown.get(kind)! + (from(scenario, f) ?? 0));
      for (const [key, value] of Object.entries(f)) {
        if (typeof value !== "number") continue;
        if (key.startsWith("eventsChecked")) end.eventsChecked += value;
        // A scenario that lost an event fails; the ones that count what they checked report it as lost*.
        if (key.startsWith("lost")) end.lost += value;
        if (key.startsWith("ayonEntitiesCompared")) {
          end.freshSyncComparisons += 1;
          end.ayonEntitiesCompared += value;
        }
      }
    }
  }
  return { thrown, end, missing: [...thrown].filter(([, n]) => n === 0).map(([kind]) => kind) };
}

/** The lines `pnpm soak` prints for a tally. */
export function formatTally({ thrown, end, missing }: SoakTally): string[] {
  return [
    "faults thrown:",
    ...[...thrown].map(([kind, n]) => `  ${kind}: ${n}`),
    `end: events checked ${end.eventsChecked}, lost ${end.lost}, ` +
      `equal to a fresh full sync in ${end.freshSyncComparisons} comparison(s) of ${end.ayonEntitiesCompared} AYON entities in all`,
    ...(missing.length > 0 ? [`faults not thrown: ${missing.join("; ")}`] : []),
  ];
}
