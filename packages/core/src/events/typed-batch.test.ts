// The edge check on the batch path: a malformed event of a catalogued topic in a batch fails alone, for good,
// and the handler's handleBatch gets the well-formed events around it.
import "reflect-metadata";
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext, type HandlerOutcome } from "../plugin/handler.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import type { TopicEvent } from "./catalogue.js";

const API_KEY = "typedbatchtestkey000000000000000";
const PROJECT = "batch_demo";
type StatusChanged = TopicEvent<"entity.task.status_changed">;
const batches: string[][] = [];
/** Holds the first call until released, so the events behind it queue up and are taken as one batch. */
let gate: Promise<void> = Promise.resolve();
let entered: () => void = () => undefined;

@Handler({ topic: "entity.task.status_changed", batch: 5 })
class StatusBatch implements EventHandler<"entity.task.status_changed"> {
  async handle(event: StatusChanged, ctx: HandlerContext): Promise<HandlerOutcome> {
    const [result] = await this.handleBatch([event], ctx);
    if (result!.status === "rejected") throw result!.reason;
    return result!.value;
  }

  async handleBatch(events: readonly StatusChanged[], ctx: HandlerContext): Promise<Array<PromiseSettledResult<HandlerOutcome>>> {
    entered();
    await gate;
    batches.push(events.map((e) => e.summary.entityId));
    return events.map((e) => ({ status: "fulfilled", value: ctx.done(`${e.summary.entityId} is ${e.payload.newValue ?? "?"}`) }));
  }
}

let emulator: AyonEmulator;
let harness: TestRuntime;
beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  harness = await createTestRuntime({ plugins: [definePlugin({ id: "typed-batch", handlers: [StatusBatch] })], ayon: { url: emulator.url, apiKey: API_KEY } });
  await harness.ayon.createProject({ name: PROJECT, code: "bat" });
});
afterAll(async () => {
  await harness?.stop();
  await emulator?.close();
});

it("fails the malformed event of a batch alone and hands the others to handleBatch", async () => {
  const change = (entityId: string) => ({ project: PROJECT, summary: { entityId, parentId: "p", entityPath: `/sh/${entityId}` }, payload: { oldValue: "Ready", newValue: "Done" } });
  await harness.start();
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const lead = await harness.dispatch("entity.task.status_changed", change("t0"));
  await inside;
  const first = await harness.dispatch("entity.task.status_changed", change("t1"));
  const malformed = await harness.dispatch("entity.task.status_changed", { ...change("t2"), summary: { entityId: "t2" } });
  const third = await harness.dispatch("entity.task.status_changed", change("t3"));
  // Let the runtime's event feed read them all before the first call goes on: the next claim takes all three.
  await new Promise((resolve) => setTimeout(resolve, 300));
  open();

  expect(await harness.waitForJob(lead)).toMatchObject({ status: "finished", description: "t0 is Done" });
  expect(await harness.waitForJob(first)).toMatchObject({ status: "finished", description: "t1 is Done" });
  expect(await harness.waitForJob(third)).toMatchObject({ status: "finished", description: "t3 is Done" });
  expect(await harness.waitForJob(malformed)).toMatchObject({ status: "failed", retryable: false });
  expect((await harness.waitForJob(malformed)).description).toMatch(/^StatusBatch failed: event \S+ \(entity\.task\.status_changed\) is not what AYON sends for this topic: summary\.parentId: .*\(not retried\)$/);
  // It went the batch path (its report counts the batch), and handleBatch never saw it.
  expect((await harness.waitForJob(malformed)).batch).toBeGreaterThan(1);
  expect(batches).toEqual([["t0"], ["t1", "t3"]]);
});
