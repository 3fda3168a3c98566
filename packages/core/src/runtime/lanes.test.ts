import { describe, expect, it } from "@jest/globals";
import { LaneScheduler, laneFilter, laneKey, type Lane } from "./lanes.js";
import type { Route } from "./routes.js";

const ordered: Route = { key: "ordered", group: "g", jobTopic: "g.job", senderType: "g", sourceTopic: ["shotgrid.event"], ordered: true, ignoreSenderTypes: [], handlers: [] };
const unordered: Route = { key: "unordered", group: "g", jobTopic: "g.job", senderType: "g", sourceTopic: ["shotgrid.page.request"], ordered: false, ignoreSenderTypes: [], handlers: [] };

function takeNow(scheduler: LaneScheduler): Promise<Lane | null> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 20);
  return scheduler.next(abort.signal).finally(() => clearTimeout(timer));
}

describe("laneFilter", () => {
  it("keeps whole projects together: one project, or everything not known plus no project", () => {
    expect(laneFilter({ route: ordered, kind: "project", project: "alpha" }, ["alpha"])).toEqual({ conditions: [{ key: "project", operator: "eq", value: "alpha" }] });
    expect(laneFilter({ route: ordered, kind: "rest" }, ["alpha", "beta"])).toEqual({
      operator: "or",
      conditions: [{ key: "project", operator: "isnull" }, { key: "project", operator: "notin", value: ["alpha", "beta"] }],
    });
    expect(laneFilter({ route: unordered, kind: "any" }, ["alpha"])).toBeUndefined();
  });

  it("sends no filter on the rest lane while no project is known (never an empty notin list)", () => {
    expect(laneFilter({ route: ordered, kind: "rest" }, [])).toBeUndefined();
  });
});

describe("LaneScheduler", () => {
  it("serves dirty lanes, one local slot per ordered lane, round-robin", async () => {
    const scheduler = new LaneScheduler([ordered]);
    scheduler.setKnownProjects(["alpha", "beta"]);
    scheduler.markAllDirty();
    const first = await takeNow(scheduler);
    const second = await takeNow(scheduler);
    const third = await takeNow(scheduler);
    const keys = [first, second, third].map((l) => (l ? laneKey(l) : null));
    expect(new Set(keys).size).toBe(3);
    expect(await takeNow(scheduler)).toBeNull(); // every lane is busy locally
    scheduler.release(first!, "job"); // still has work: drains again
    expect(laneKey((await takeNow(scheduler))!)).toBe(keys[0]);
  });

  it("routes events to their project's lane, unknown projects and project-less events to the rest lane", async () => {
    const scheduler = new LaneScheduler([ordered]);
    scheduler.setKnownProjects(["alpha"]);
    scheduler.markEvent(ordered, "alpha");
    scheduler.markEvent(ordered, "newcomer");
    scheduler.markEvent(ordered, null);
    const served = [await takeNow(scheduler), await takeNow(scheduler), await takeNow(scheduler)];
    expect(served.filter(Boolean).map((l) => laneKey(l!)).sort()).toEqual(["ordered#project:alpha", "ordered#rest"]);
  });

  it("marks a project's own lane when a rest-lane job reveals the project", async () => {
    const scheduler = new LaneScheduler([ordered]);
    scheduler.markEvent(ordered, "newcomer");
    const rest = (await takeNow(scheduler))!;
    expect(laneKey(rest)).toBe("ordered#rest");
    scheduler.learnProject("newcomer");
    expect(laneKey((await takeNow(scheduler))!)).toBe("ordered#project:newcomer");
    expect(scheduler.knownProjects()).toEqual(["newcomer"]);
  });

  it("forgets a lane once the server says there is nothing (204)", async () => {
    const scheduler = new LaneScheduler([ordered]);
    scheduler.markEvent(ordered, null);
    const lane = (await takeNow(scheduler))!;
    scheduler.release(lane, "empty");
    expect(await takeNow(scheduler)).toBeNull();
  });

  it("lets several slots share the unordered lane", async () => {
    const scheduler = new LaneScheduler([unordered]);
    scheduler.markAllDirty();
    expect(await takeNow(scheduler)).not.toBeNull();
    expect(await takeNow(scheduler)).not.toBeNull();
  });

  it("stops re-probing a shared lane once one slot finds it empty, even while another slot is busy on it", async () => {
    const scheduler = new LaneScheduler([unordered]);
    scheduler.markAllDirty();
    const a = (await takeNow(scheduler))!;
    const b = (await takeNow(scheduler))!;
    scheduler.release(a, "empty");
    expect(await takeNow(scheduler)).toBeNull();
    scheduler.release(b, "job"); // b found work after all: the lane is worth another look
    expect(await takeNow(scheduler)).not.toBeNull();
  });

  it("leaves a lane quiet after an empty answer given a quiet window, announcements or not, then serves it again", async () => {
    let now = 1_000_000;
    const scheduler = new LaneScheduler([ordered], () => now);
    scheduler.setKnownProjects(["alpha"]);
    expect(scheduler.announced({ route: ordered, kind: "project", project: "alpha" })).toBe(false);
    scheduler.markEvent(ordered, "alpha");
    const lane = (await takeNow(scheduler))!;
    expect(scheduler.announced(lane)).toBe(true);
    scheduler.release(lane, "empty", 2000);
    scheduler.markEvent(ordered, "alpha");
    expect(await takeNow(scheduler)).toBeNull();
    now += 2001;
    expect(laneKey((await takeNow(scheduler))!)).toBe(laneKey(lane));
    scheduler.release(lane, "job");
    expect(scheduler.announced(lane)).toBe(false);
  });

  it("serves a lane again after a failure once cooled, even with no new announcement", async () => {
    let now = 1_000_000;
    const scheduler = new LaneScheduler([ordered], () => now, { baseMs: 1000, maxMs: 8000 });
    scheduler.markEvent(ordered, null);
    const lane = (await takeNow(scheduler))!;
    scheduler.release(lane, "empty"); // drained: not dirty any more
    scheduler.release(lane, "failed"); // a job the slot kept the lane for (pipelined) then failed
    now += 1001;
    expect(laneKey((await takeNow(scheduler))!)).toBe(laneKey(lane));
  });

  it("cools a failing lane down with a growing backoff, then serves it again", async () => {
    let now = 1_000_000;
    const scheduler = new LaneScheduler([ordered], () => now, { baseMs: 1000, maxMs: 8000 });
    scheduler.markEvent(ordered, null);
    let lane = (await takeNow(scheduler))!;
    scheduler.release(lane, "failed");
    expect(await takeNow(scheduler)).toBeNull();
    now += 1000;
    lane = (await takeNow(scheduler))!;
    expect(lane).not.toBeNull();
    scheduler.release(lane, "failed"); // second failure: up to 2 s
    now += 900;
    expect(await takeNow(scheduler)).toBeNull();
    now += 1200;
    expect(await takeNow(scheduler)).not.toBeNull();
  });

  it("reports a lane whose events keep waiting while enroll answers nothing to do, once per period; a job ends it", async () => {
    let now = 0;
    const scheduler = new LaneScheduler([ordered], () => now);
    scheduler.setKnownProjects(["alpha"]);
    const alpha: Lane = { route: ordered, kind: "project", project: "alpha" };
    const serveEmpty = async () => {
      scheduler.markEvent(ordered, "alpha");
      const lane = await takeNow(scheduler);
      expect(laneKey(lane!)).toBe(laneKey(alpha));
      scheduler.release(lane!, "empty");
    };
    await serveEmpty();
    now = 9 * 60_000;
    await serveEmpty();
    expect(scheduler.stalled(alpha, 10 * 60_000)).toBeNull();
    now = 10 * 60_000;
    await serveEmpty();
    expect(scheduler.stalled(alpha, 10 * 60_000)).toBe(10 * 60_000);
    expect(scheduler.stalled(alpha, 10 * 60_000)).toBeNull(); // reported: quiet for the next period
    now = 20 * 60_000;
    expect(scheduler.stalled(alpha, 10 * 60_000)).toBe(20 * 60_000);
    const lane = await (async () => {
      scheduler.markEvent(ordered, "alpha");
      return takeNow(scheduler);
    })();
    scheduler.release(lane!, "job");
    now = 40 * 60_000;
    expect(scheduler.stalled(alpha, 10 * 60_000)).toBeNull(); // a job came: nothing waits unserved
  });

  it("wakes a waiting slot when a lane becomes dirty", async () => {
    const scheduler = new LaneScheduler([ordered]);
    const abort = new AbortController();
    const waiting = scheduler.next(abort.signal);
    scheduler.markEvent(ordered, null);
    await expect(waiting).resolves.toMatchObject({ kind: "rest" });
  });

  it("says whether another lane waits for a slot, so a slot that could keep its lane takes turns instead", async () => {
    const scheduler = new LaneScheduler([ordered]);
    scheduler.setKnownProjects(["alpha", "beta"]);
    const alpha: Lane = { route: ordered, kind: "project", project: "alpha" };
    const beta: Lane = { route: ordered, kind: "project", project: "beta" };
    scheduler.markDirty(alpha);
    const taken = await takeNow(scheduler);
    expect(laneKey(taken!)).toBe(laneKey(alpha));
    expect(scheduler.othersWaiting(alpha)).toBe(false); // nothing else to do: keep alpha
    scheduler.markDirty(beta);
    expect(scheduler.othersWaiting(alpha)).toBe(true); // beta has work and no slot
    const second = await takeNow(scheduler);
    expect(laneKey(second!)).toBe(laneKey(beta));
    expect(scheduler.othersWaiting(alpha)).toBe(false); // beta is served
    scheduler.release(beta, "error"); // cooling off after a failure: not waiting yet
    expect(scheduler.othersWaiting(alpha)).toBe(false);
  });
});
