// The worker pool's local hint (worker-pool.ts start): an event a part of this process dispatches marks its lane
// at once, so a slot here enrolls it without waiting for the event feed's next look. Against the AYON emulator.
import "reflect-metadata";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import type { AyonEvent } from "../ayon/types.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";

const API_KEY = "workerpooltestkey000000000000000";
const TOPIC = "pool.ledger";
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;
const handled: string[] = [];

@Handler({ topic: TOPIC })
class LedgerHandler implements EventHandler {
  async handle(event: AyonEvent, ctx: HandlerContext) {
    handled.push(event.id);
    return ctx.done("noted");
  }
}

const plugin = definePlugin({ id: "pool-test", handlers: [LedgerHandler] });

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  const admin = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "pool-admin" });
  await admin.createProject({ name: "pa", code: "pa" });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await harness?.stop();
  harness = null;
  handled.length = 0;
});

describe("events dispatched by this process", () => {
  it("are enrolled at once, while another process's event waits for the feed's next look", async () => {
    // The feed and the sweep look only every 30 s: after the start-up sweep, nothing but the local hint marks a lane.
    harness = await createTestRuntime({ plugins: [plugin], ayon: { url: emulator.url, apiKey: API_KEY }, queue: { pollIntervalMs: 30_000, sweepIntervalMs: 30_000 } });
    await harness.start();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The harness's client shares the runtime's connection, as a source plugin's does.
    const local = await harness.dispatch(TOPIC, { project: "pa", payload: { seq: 1 } });
    const report = await harness.waitForJob(local, 5000);
    expect(report.status).toBe("finished");

    const elsewhere = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "other-process", senderType: "test" });
    const { id: foreign } = await elsewhere.dispatchEvent({ topic: TOPIC, project: "pa", payload: { seq: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(handled).toEqual([local]);
    expect(foreign).not.toBeNull();
  }, 20_000);
});
