import { describe, expect, it } from "@jest/globals";
import { EventStore } from "@ayon-sg/testkit";
import { jobTimeline } from "./job-timeline.js";

const JOB = "shotgrid.proc";

function event(store: EventStore, id: string, fields: { topic: string; project?: string; dependsOn?: string; sender?: string; createdAt: number; updatedAt?: number }) {
  return store.insert({
    id, hash: id, topic: fields.topic, sender: fields.sender ?? null, senderType: null, project: fields.project ?? null, user: null,
    dependsOn: fields.dependsOn ?? null, status: "finished", retries: 0, description: "", summary: {},
    payload: fields.topic === JOB || fields.topic.startsWith("entity.") ? {} : { action: "shotgrid-event" }, createdAt: fields.createdAt, updatedAt: fields.updatedAt ?? fields.createdAt,
  });
}

describe("the live jobs' timeline", () => {
  it("measures batches, the time in the queue and each runtime process's share", () => {
    const store = new EventStore();
    event(store, "s1", { topic: "shotgrid.event", project: "p", createdAt: 1000 });
    event(store, "s2", { topic: "shotgrid.event", project: "p", createdAt: 1100 });
    event(store, "s3", { topic: "shotgrid.event", project: "p", createdAt: 1200 });
    // A batch of two (lead + claimed follower) by process a, then one job alone by process b.
    event(store, "j1", { topic: JOB, dependsOn: "s1", sender: "bench-live-a-w0", createdAt: 1300, updatedAt: 1500 });
    event(store, "j2", { topic: JOB, dependsOn: "s2", sender: "bench-live-a-w0-b1", createdAt: 1310, updatedAt: 1500 });
    event(store, "j3", { topic: JOB, dependsOn: "s3", sender: "bench-live-b-w3", createdAt: 1700, updatedAt: 1800 });
    const t = jobTimeline(store, JOB, 0);
    expect(t).toMatchObject({ jobs: 3, projects: 1, batches: 2, meanRunMs: 150, meanCycleMs: 400 });
    expect(t.waitMs).toEqual({ mean: 1010 / 3, p50: 300, p99: 500 });
    expect(t.jobsByInstance).toEqual({ "bench-live-a": 2, "bench-live-b": 1 });
  });

  it("counts the jobs of AYON's entity events for the push scenario, and only those", () => {
    const store = new EventStore();
    event(store, "s1", { topic: "shotgrid.event", project: "p", createdAt: 1000 });
    event(store, "e1", { topic: "entity.folder.label_changed", project: "p", createdAt: 1000 });
    event(store, "j1", { topic: JOB, dependsOn: "s1", sender: "bench-push-a-w0", createdAt: 1100, updatedAt: 1200 });
    event(store, "j2", { topic: JOB, dependsOn: "e1", sender: "bench-push-a-w1", createdAt: 1100, updatedAt: 1300 });
    expect(jobTimeline(store, JOB, 0, "ayon-entity")).toMatchObject({ jobs: 1, batches: 1, meanRunMs: 200 });
    expect(jobTimeline(store, JOB, 0)).toMatchObject({ jobs: 1, batches: 1, meanRunMs: 100 });
  });
});
