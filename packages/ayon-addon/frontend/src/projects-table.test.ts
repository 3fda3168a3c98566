// The projects table's data (projects-table.ts): the figures built from AYON's job windows and their sources,
// the projects and links read from allAttrib, the join with the runtime's list, and the bounded number of requests.
import { describe, expect, it } from "@jest/globals";
import type { ImportableProject } from "./api.js";
import { ayonProjectsOf, buildStats, fetchTableStats, JOB_WINDOW, PROJECTS_TABLE_QUERY, syncKindOf, tableRows, TABLE_SOURCES_QUERY } from "./projects-table.js";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const job = (id: string, dependsOn: string, status: string, startedMinAgo: number, endedMinAgo = startedMinAgo) =>
  ({ id, dependsOn, status, createdAt: at(startedMinAgo), updatedAt: at(endedMinAgo) });
const source = (id: string, project: string, summary: Record<string, unknown>, description = "") => ({ id, project, summary: JSON.stringify(summary), description });

describe("syncKindOf", () => {
  it("tells a reconcile, the page's full sync and anything else apart", () => {
    expect(syncKindOf({ sg_project_id: 1, slot: "2026-12-06T00:00:00.000Z" }, "Scheduled reconcile of a")).toBe("reconcile");
    expect(syncKindOf({}, "Sync big_show from ShotGrid")).toBe("full sync");
    expect(syncKindOf({ sg_event_id: 5 }, "Sync big_show from ShotGrid")).toBeNull();
    expect(syncKindOf({}, "Import ShotGrid project 5 as x")).toBeNull();
    // The other direction's full sync (api.ts) is not a ShotGrid → AYON one.
    expect(syncKindOf({}, "Sync big_show to ShotGrid")).toBeNull();
  });
});

describe("buildStats", () => {
  it("counts waiting, running and failed per project and keeps the newest applied event and full sync", () => {
    const sources = [
      source("s1", "a", { sg_event_id: 10 }), source("s2", "a", { sg_event_id: 12 }), source("s3", "a", { sg_event_id: 15 }),
      source("s4", "b", {}, "Sync b from ShotGrid"), source("s5", "b", { slot: "x" }), source("s6", "b", { sg_event_id: 3 }),
    ];
    const stats = buildStats({
      active: [job("j3", "s3", "in_progress", 1), job("j6", "s6", "pending", 1), job("jx", "unknown", "pending", 1)],
      failed: [job("j2", "s2", "failed", 5)],
      recent: [job("j1", "s1", "finished", 9, 8), job("j2", "s2", "failed", 5), job("j3", "s3", "in_progress", 1), job("j4", "s4", "finished", 60, 58), job("j5", "s5", "in_progress", 10)],
    }, sources, NOW);
    expect(stats.get("a")).toEqual({ waiting: 0, running: 1, failed24h: 1, lastEvent: { sgEventId: 10, at: at(8) }, lastSync: null });
    expect(stats.get("b")).toEqual({ waiting: 1, running: 0, failed24h: 0, lastEvent: null, lastSync: { kind: "reconcile", status: "in_progress", startedAt: at(10), durationMs: 10 * 60_000 } });
    expect([...stats.keys()].sort()).toEqual(["a", "b"]);
  });
});

describe("ayonProjectsOf and tableRows", () => {
  const ayon = ayonProjectsOf([
    { name: "a", active: true, allAttrib: JSON.stringify({ shotgridId: "101", shotgridPush: true }) },
    { name: "b", active: true, allAttrib: JSON.stringify({ shotgridId: null, shotgridPush: true }) },
    { name: "c", active: false, allAttrib: JSON.stringify({ shotgridId: "103" }) },
    { name: "d", active: true, allAttrib: "not json" },
    { name: "e", active: true, allAttrib: JSON.stringify({ shotgridId: "0" }) },
  ]);
  const listed: ImportableProject[] = [
    { shotgridId: 101, name: "Show A", code: "a", autoSync: true, ayonProject: "a", importable: false },
    { shotgridId: 104, name: "Old", code: "o", autoSync: false, ayonProject: "old", importable: false },
    { shotgridId: 105, name: "New", code: "n", autoSync: false, ayonProject: null, importable: true },
    { shotgridId: 106, name: "Python era", code: "d", autoSync: true, ayonProject: "d", importable: false },
  ];

  it("reads every AYON project's link and push switch from allAttrib; no usable id is no link", () => {
    expect(ayon).toEqual([
      { name: "a", active: true, shotgridId: 101, push: true },
      { name: "b", active: true, shotgridId: null, push: true },
      { name: "c", active: false, shotgridId: 103, push: false },
      { name: "d", active: true, shotgridId: null, push: false },
      { name: "e", active: true, shotgridId: null, push: false },
    ]);
  });

  it("has a row per active AYON project, linked or not, joined with the runtime's list (Python-era links it alone knows)", () => {
    expect(tableRows(listed, ayon)).toEqual([
      { ayonProject: "a", shotgridId: 101, sgName: "Show A", autoSync: true, push: true, inAyon: true },
      { ayonProject: "b", shotgridId: null, sgName: null, autoSync: null, push: true, inAyon: true },
      { ayonProject: "d", shotgridId: 106, sgName: "Python era", autoSync: true, push: false, inAyon: true },
      { ayonProject: "e", shotgridId: null, sgName: null, autoSync: null, push: false, inAyon: true },
      // Listed, but not an active project in AYON's read (deleted since the list, or inactive).
      { ayonProject: "old", shotgridId: 104, sgName: "Old", autoSync: false, push: null, inAyon: false },
    ]);
  });

  it("before the runtime's list has AYON's projects alone, and before AYON's read trusts the list", () => {
    expect(tableRows(null, ayon).map((r) => [r.ayonProject, r.shotgridId, r.autoSync])).toEqual([["a", 101, null], ["b", null, null], ["d", null, null], ["e", null, null]]);
    expect(tableRows(listed, null)).toEqual([
      { ayonProject: "a", shotgridId: 101, sgName: "Show A", autoSync: true, push: null, inAyon: true },
      { ayonProject: "old", shotgridId: 104, sgName: "Old", autoSync: false, push: null, inAyon: true },
      { ayonProject: "d", shotgridId: 106, sgName: "Python era", autoSync: true, push: null, inAyon: true },
    ]);
  });
});

describe("fetchTableStats", () => {
  function fakeAyon(jobs: number) {
    const bodies: Array<{ query: string; variables: Record<string, unknown> }> = [];
    const edges = (list: unknown[]) => ({ edges: list.map((node) => ({ node })) });
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      bodies.push(body);
      const window = Array.from({ length: Math.min(jobs, body.variables.window ?? 0) }, (_, i) => job(`j${i}`, `s${i % 7}`, "pending", 1));
      const data = body.query === PROJECTS_TABLE_QUERY
        ? { projects: edges([{ name: "a", active: true, allAttrib: "{\"shotgridId\":\"1\"}" }]), leecher: edges([{ summary: "{\"low_water\":40,\"open_holes\":2}", updatedAt: at(1) }]), active: edges(window), failed: edges([]), recent: edges([]) }
        : { events: edges(body.variables.ids.map((id: string) => ({ id, project: "a", summary: "{}", description: "" }))) };
      return new Response(JSON.stringify({ data }), { status: 200 });
    }) as typeof fetch;
    return { bodies, conn: { accessToken: "t", fetchImpl } };
  }

  it("reads everything in two requests however many jobs there are, and says when a window was full", async () => {
    const small = fakeAyon(3);
    const early: unknown[] = [];
    const few = await fetchTableStats(small.conn, NOW, (partial) => early.push(partial));
    expect(early).toEqual([expect.objectContaining({ figures: false, byProject: new Map(), ayonProjects: [expect.objectContaining({ name: "a" })] })]);
    expect(few.figures).toBe(true);
    expect(small.bodies.map((b) => b.query)).toEqual([PROJECTS_TABLE_QUERY, TABLE_SOURCES_QUERY]);
    expect(few).toMatchObject({ requests: 2, capped: { active: false, failed: false, recent: false }, leecher: { lowWater: 40, openHoles: 2, savedAt: at(1) }, ayonProjects: [{ name: "a", shotgridId: 1 }] });
    expect(few.byProject.get("a")?.waiting).toBe(3);
    expect(small.bodies[0]!.variables).toMatchObject({ since: new Date(NOW - 86_400_000).toISOString(), window: JOB_WINDOW });

    const big = fakeAyon(50_000);
    const many = await fetchTableStats(big.conn, NOW);
    expect(big.bodies).toHaveLength(2);
    expect(many.capped).toEqual({ active: true, failed: false, recent: false });
    expect(many.byProject.get("a")?.waiting).toBe(JOB_WINDOW);
    expect(big.bodies[1]!.variables.ids).toHaveLength(7);
  });
});
