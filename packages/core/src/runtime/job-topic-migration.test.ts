// Upgrading to per-plugin queues, against the AYON emulator: events whose jobs an earlier runtime already stored
// under a job topic are not offered again to a plugin that declares that topic, while a plugin with a job topic
// of its own sees every event once (AYON counts an event as processed per job topic: ayon-backend
// ayon_server/events/enroll.py).
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import type { AyonEvent } from "../ayon/types.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";

const API_KEY = "migrationtestkey0000000000000000";
/** The one job topic every job was stored under before plugins had queues of their own. */
const OLD_JOB_TOPIC = "legacy.proc";
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
});
afterAll(async () => {
  await harness?.stop();
  await emulator.close();
});

const seen: Record<string, number[]> = { kept: [], fresh: [] };

function recorder(name: "kept" | "fresh") {
  @Handler({ topic: "mig.event" })
  class Recorder implements EventHandler {
    handle(event: AyonEvent, ctx: HandlerContext) {
      seen[name]!.push(Number(event.payload.seq));
      return ctx.done("recorded");
    }
  }
  return Recorder;
}

describe("a plugin's job topic across an upgrade", () => {
  it("keeps the jobs an earlier runtime stored when the plugin declares their topic; a new topic sees every event", async () => {
    const earlier = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "earlier-w0" });
    await earlier.createProject({ name: "mig", code: "mig" });
    const old = (await earlier.dispatchEvent({ topic: "mig.event", project: "mig", payload: { seq: 1 }, finished: true })).id!;
    const job = await earlier.enroll({ sourceTopic: ["mig.event"], targetTopic: OLD_JOB_TOPIC, sequential: true, ignoreOlderThan: 7 });
    expect(job?.dependsOn).toBe(old);
    await earlier.updateEvent(job!.id, { status: "finished", description: "done by the earlier runtime" });
    const next = (await earlier.dispatchEvent({ topic: "mig.event", project: "mig", payload: { seq: 2 }, finished: true })).id!;

    harness = await createTestRuntime({
      plugins: [
        definePlugin({ id: "kept", handlers: [recorder("kept")], orderGroup: { name: "kept", jobTopic: OLD_JOB_TOPIC } }),
        definePlugin({ id: "fresh", handlers: [recorder("fresh")] }),
      ],
      ayon: { url: emulator.url, apiKey: API_KEY },
    });
    await harness.start();
    await Promise.all([harness.waitForJob(next, 15_000, "kept"), harness.waitForJob(next, 15_000, "fresh")]);

    // Both lanes are ordered: had the old event been offered, it would have come before the next one.
    expect(seen.kept).toEqual([2]);
    expect(seen.fresh).toEqual([1, 2]);
    const oldJobs = await earlier.queryEvents({ topics: [OLD_JOB_TOPIC], last: 10 });
    expect(oldJobs.events.filter((e) => e.dependsOn === old).map((e) => e.description)).toEqual(["done by the earlier runtime"]);
  });
});
