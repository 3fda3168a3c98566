// Per-unit figures of a scenario: runtime CPU and AYON requests per edit (live) or per entity (import), queue
// bookkeeping per job, and the AYON requests split by what they are for.
import type { ScenarioResult, UnitFigures } from "./types.js";

/** What an AYON route is for, seen from the queue. */
export type AyonRequestKind = "dispatch" | "enroll" | "eventUpdate" | "eventRead" | "graphql" | "write" | "otherRead";

/** The queue's four: dispatch (POST /api/events), claim (enroll), mark/progress/outcome (PATCH), source reads (GET). */
const BOOKKEEPING: readonly AyonRequestKind[] = ["dispatch", "enroll", "eventUpdate", "eventRead"];

export function ayonRequestKind(route: string): AyonRequestKind {
  if (route === "POST /api/events") return "dispatch";
  if (route === "POST /api/enroll") return "enroll";
  if (route.startsWith("PATCH /api/events/")) return "eventUpdate";
  if (route.startsWith("GET /api/events")) return "eventRead";
  if (route === "POST /graphql") return "graphql";
  if (route.startsWith("GET ") || route.endsWith("<fault>")) return "otherRead";
  return "write";
}

/**
 * `units`: edits (live) or entities (import, re-sync); `jobs`: jobs the scenario ran. Null CPU when the runtime's
 * CPU could not be read.
 */
export function unitFigures(s: Pick<ScenarioResult, "traffic" | "runtimeCpuMs">, unit: UnitFigures["unit"], units: number, jobs: number): UnitFigures {
  const per = Math.max(1, units);
  const split: Record<AyonRequestKind, number> = { dispatch: 0, enroll: 0, eventUpdate: 0, eventRead: 0, graphql: 0, write: 0, otherRead: 0 };
  for (const [route, count] of Object.entries(s.traffic.routes.ayon)) split[ayonRequestKind(route)] += count;
  const bookkeeping = BOOKKEEPING.reduce((n, kind) => n + split[kind], 0);
  return {
    unit,
    units,
    jobs,
    runtimeCpuMsPerUnit: s.runtimeCpuMs === null ? null : s.runtimeCpuMs / per,
    ayonRequestsPerUnit: s.traffic.requests.ayon / per,
    shotgridRequestsPerUnit: s.traffic.requests.shotgrid / per,
    bookkeepingPerJob: jobs > 0 ? bookkeeping / jobs : null,
    ayonPerUnit: Object.fromEntries(Object.entries(split).map(([kind, n]) => [kind, n / per])) as Record<AyonRequestKind, number>,
  };
}

/** One line: "runtime CPU 4.1 ms per edit; AYON 5.8 requests per edit (dispatch 1.2, enroll 1.2, …); queue 3.7 per job". */
export function formatUnitFigures(f: UnitFigures): string {
  // Per entity of a 72,000-entity import the figures are small: two significant digits below 0.01.
  const n = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.01 || x === 0 ? x.toFixed(2) : x.toPrecision(2));
  const a = f.ayonPerUnit;
  const split = [
    `dispatch ${n(a.dispatch)}`, `enroll ${n(a.enroll)}`, `job updates ${n(a.eventUpdate)}`, `event reads ${n(a.eventRead)}`,
    `GraphQL ${n(a.graphql)}`, `other reads ${n(a.otherRead)}`, `writes ${n(a.write)}`,
  ].join(", ");
  return (
    `runtime CPU ${f.runtimeCpuMsPerUnit === null ? "n/a" : `${n(f.runtimeCpuMsPerUnit)} ms`} per ${f.unit}; ` +
    `AYON ${n(f.ayonRequestsPerUnit)} requests per ${f.unit} (${split}); ` +
    `queue bookkeeping ${f.bookkeepingPerJob === null ? "n/a" : n(f.bookkeepingPerJob)} requests per job over ${f.jobs.toLocaleString("en-US")} job(s); ` +
    `ShotGrid ${n(f.shotgridRequestsPerUnit)} requests per ${f.unit}`
  );
}
