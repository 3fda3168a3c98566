import { describe, it, expect } from "@jest/globals";
import { EventStore } from "./event-store.js";
import type { EventRecord } from "./types.js";

function fields(n: number, over: Partial<EventRecord> = {}): Omit<EventRecord, "creationOrder"> {
  return {
    id: n.toString(16).padStart(32, "0"), hash: `h${n}`, topic: "a.topic", sender: null, senderType: "api", project: null, user: null,
    dependsOn: null, status: "finished", retries: 0, description: "", summary: {}, payload: {}, createdAt: 1000 + n, updatedAt: 1000 + n,
    ...over,
  };
}

describe("EventStore indexes", () => {
  it("indexes by id, hash, creation order and topic", () => {
    const store = new EventStore();
    const a = store.insert(fields(1));
    const b = store.insert(fields(2, { topic: "b.topic" }));
    expect(store.get(a.id)).toBe(a);
    expect(store.getByHash("h2")).toBe(b);
    expect(store.all().map((e) => e.creationOrder)).toEqual([1, 2]);
    expect(store.ofTopic("a.topic")).toEqual([a]);
    expect(store.ofTopicByOrder("b.topic")).toEqual([b]);
    expect([...store.topics()].sort()).toEqual(["a.topic", "b.topic"]);
    expect(() => store.insert(fields(3, { hash: "h1" }))).toThrow(/duplicate/);
  });

  it("keeps the created_at order separate from creation order", () => {
    const store = new EventStore();
    const late = store.insert(fields(1, { createdAt: 5000 }));
    const early = store.insert(fields(2, { createdAt: 100 }));
    expect(store.ofTopic("a.topic")).toEqual([early, late]);
    expect(store.ofTopicByOrder("a.topic")).toEqual([late, early]);
  });

  it("re-keys id, hash, topic and target links on update", () => {
    const store = new EventStore();
    const source = store.insert(fields(1));
    const target = store.insert(fields(2, { topic: "job.topic", dependsOn: source.id, status: "pending" }));
    expect(store.targetOf(source.id, "job.topic")).toBe(target);
    store.update(target, { id: "f".repeat(32), hash: "new", topic: "other.topic" });
    expect(store.get("f".repeat(32))).toBe(target);
    expect(store.getByHash("h2")).toBeUndefined();
    expect(store.getByHash("new")).toBe(target);
    expect(store.targetOf(source.id, "job.topic")).toBeUndefined();
    expect(store.targetOf(source.id, "other.topic")).toBe(target);
    expect(store.ofTopic("job.topic")).toEqual([]);
  });

  it("deletes from every index", () => {
    const store = new EventStore();
    const source = store.insert(fields(1));
    const target = store.insert(fields(2, { topic: "job.topic", dependsOn: source.id }));
    store.delete(target);
    expect(store.get(target.id)).toBeUndefined();
    expect(store.getByHash(target.hash)).toBeUndefined();
    expect(store.all()).toEqual([source]);
    expect(store.targetOf(source.id, "job.topic")).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it("indexes each topic per project in created_at order, following project changes and deletes", () => {
    const store = new EventStore();
    const a2 = store.insert(fields(1, { project: "alpha", createdAt: 2000 }));
    const b1 = store.insert(fields(2, { project: "beta" }));
    const a1 = store.insert(fields(3, { project: "alpha", createdAt: 500 }));
    store.insert(fields(4)); // no project: in the topic only
    expect(store.ofTopicInProject("a.topic", "alpha")).toEqual([a1, a2]);
    expect(store.ofTopicInProject("a.topic", "beta")).toEqual([b1]);
    expect(store.ofTopic("a.topic")).toHaveLength(4);
    store.update(b1, { project: "alpha" });
    expect(store.ofTopicInProject("a.topic", "alpha")).toEqual([a1, b1, a2]);
    expect(store.ofTopicInProject("a.topic", "beta")).toEqual([]);
    store.delete(a1);
    expect(store.ofTopicInProject("a.topic", "alpha")).toEqual([b1, a2]);
  });

  it("keeps a done-prefix per project beside the topic's, and forgets both when a finished target changes", () => {
    const store = new EventStore();
    const source = store.insert(fields(1, { project: "alpha" }));
    const target = store.insert(fields(2, { topic: "job.topic", dependsOn: source.id, status: "finished" }));
    store.setDonePrefix("a.topic", "job.topic", 1, "alpha");
    expect([store.getDonePrefix("a.topic", "job.topic", "alpha"), store.getDonePrefix("a.topic", "job.topic")]).toEqual([1, 0]);
    store.update(target, { status: "restarted" });
    expect(store.getDonePrefix("a.topic", "job.topic", "alpha")).toBe(0);
  });

  it("forgets enroll done-prefixes when a finished target changes or disappears", () => {
    const store = new EventStore();
    const source = store.insert(fields(1));
    const target = store.insert(fields(2, { topic: "job.topic", dependsOn: source.id, status: "finished" }));
    store.setDonePrefix("a.topic", "job.topic", 1);
    store.update(target, { status: "restarted" });
    expect(store.getDonePrefix("a.topic", "job.topic")).toBe(0);
    store.setDonePrefix("a.topic", "job.topic", 1);
    store.insert(fields(3, { createdAt: 0 })); // an older source shifts positions
    expect(store.getDonePrefix("a.topic", "job.topic")).toBe(0);
  });
});
