// The runtime against the emulator where the real AYON server has quirks a queue can meet: the enroll filter
// builder's empty-list failure (answered 204) and the enroll hash taken before X-Sender is merged.
import "reflect-metadata";
import { afterEach, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import type { AyonEvent } from "../ayon/types.js";
import type { AyonRequestInfo } from "../ayon/transport.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";

const API_KEY = "realquirkstestkey000000000000000";
let emulator: AyonEmulator | null = null;
let harness: TestRuntime | null = null;
afterEach(async () => {
  await harness?.stop();
  await emulator?.close();
  harness = null;
  emulator = null;
});

@Handler({ topic: "test.create_project" })
class CreateProjectHandler implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    return ctx.done(`created ${String(event.payload.name)}`);
  }
}

@Handler({ topic: "test.unordered", ordered: false })
class UnorderedHandler implements EventHandler {
  async handle(_event: AyonEvent, ctx: HandlerContext) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return ctx.done("ok");
  }
}

const plugin = definePlugin({ id: "quirks", handlers: [CreateProjectHandler, UnorderedHandler] });

describe("runtime against the real server's enroll quirks", () => {
  it("picks up a project-less event on an ordered route while AYON has no project at all", async () => {
    emulator = await startAyonEmulator({ apiKey: API_KEY });
    expect(emulator.state.projects.size).toBe(0);
    harness = await createTestRuntime({ plugins: [plugin], ayon: { url: emulator.url, apiKey: API_KEY } });
    await harness.start();
    const source = await harness.dispatch("test.create_project", { payload: { name: "first" } });
    expect(await harness.waitForJob(source, 5000)).toMatchObject({ status: "finished", description: "created first" });
  });

  it("two worker slots enrolling the same lane at once never share a hash (no 503 'already running')", async () => {
    emulator = await startAyonEmulator({ apiKey: API_KEY, enrollDelayMs: 100 });
    const enrolls: AyonRequestInfo[] = [];
    harness = await createTestRuntime({
      plugins: [plugin],
      ayon: { url: emulator.url, apiKey: API_KEY },
      queue: { concurrency: 2 },
      onAyonRequest: (info) => {
        if (info.route === "/api/enroll") enrolls.push(info);
      },
    });
    const sources = [];
    for (let i = 0; i < 4; i++) sources.push(await harness.dispatch("test.unordered", { project: "p" }));
    await harness.start();
    for (const source of sources) expect(await harness.waitForJob(source, 5000)).toMatchObject({ status: "finished" });
    expect(enrolls.filter((r) => r.status === 503)).toEqual([]);
    const jobs = emulator.state.events.ofTopic(plugin.orderGroup.jobTopic);
    expect(new Set(jobs.map((j) => j.sender)).size).toBe(2);
  });
});
