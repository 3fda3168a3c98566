// The test-only seeding path, and the two server behaviours a backlog check relies on: enroll skips sources past
// ignoreOlderThan (ayon_server/events/enroll.py), and GraphQL events filter on created_at and hasChildren
// (ayon_server/graphql/resolvers/events.py).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

const DAY = 86_400_000;

describe("seedEventForTest", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
  });
  afterAll(() => t.emu.close());

  const ids = async (args: string) => {
    const res = await t.service.graphql(`{ events(${args}) { edges { node { id createdAt updatedAt } } } }`);
    return (res.body.data.events.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
  };

  it("stores an old event that enroll passes over and GraphQL finds by age; hasChildren as the server answers it", async () => {
    const old = t.emu.seedEventForTest({ topic: "seed.source", project: "p1", createdAt: new Date(Date.now() - 10 * DAY) });
    const fresh = (await t.service.post("/api/events", { topic: "seed.source", project: "p1", finished: true })).body.id as string;
    expect(t.emu.state.events.get(old)).toMatchObject({ status: "finished", project: "p1" });

    const cutoff = new Date(Date.now() - 7 * DAY).toISOString();
    expect(await ids(`topics: ["seed.source"], olderThan: "${cutoff}", first: 10`)).toEqual([old]);

    const enroll = (ignoreOlderThan: number) =>
      t.service.post("/api/enroll", { sourceTopic: "seed.source", targetTopic: "seed.job", sender: "w1", ignoreOlderThan });
    const first = await enroll(7);
    expect(first.body.dependsOn).toBe(fresh);
    await t.service.patch(`/api/events/${first.body.id}`, { status: "finished" });
    expect((await enroll(7)).status).toBe(204);

    // The fresh source now has a job. hasChildren false is a NOT IN over a column holding NULLs: nothing matches.
    expect(await ids(`topics: ["seed.source"], hasChildren: true, first: 10`)).toEqual([fresh]);
    expect(await ids(`topics: ["seed.source"], hasChildren: false, first: 10`)).toEqual([]);
    // 0 = no limit: the old one is offered too.
    expect((await enroll(0)).body.dependsOn).toBe(old);
  });

  it("stores a job of a backlog: its source, status, retries and the time it was last touched", async () => {
    const source = t.emu.seedEventForTest({ topic: "seed.source", project: "p2", createdAt: new Date(Date.now() - DAY) });
    const job = t.emu.seedEventForTest({
      topic: "seed.job", dependsOn: source, status: "failed", retries: 3, description: "it broke",
      createdAt: new Date(Date.now() - DAY + 1000), updatedAt: new Date(Date.now() - DAY + 5000),
    });
    const res = await t.service.graphql(`{ events(ids: ["${job}"]) { edges { node { dependsOn status retries description createdAt updatedAt } } } }`);
    const node = res.body.data.events.edges[0].node;
    expect(node).toMatchObject({ dependsOn: source, status: "failed", retries: 3, description: "it broke" });
    expect(Date.parse(node.updatedAt) - Date.parse(node.createdAt)).toBe(4000);
  });
});
