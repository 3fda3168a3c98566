// Two plugins on the same topic, through the real runtime against the AYON emulator: each plugin has its own
// routes, lanes and jobs (routes.ts), so a full sync in flight in one does not hold the other's handler back,
// and one plugin's failure and retry never touch the other's work. Plugins that declare one order group keep
// one order between them.
import "reflect-metadata";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import type { AyonEvent } from "../ayon/types.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import { defineOrderGroup } from "../plugin/order-group.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";

const API_KEY = "isolationtestkey0000000000000000";
const PROJECT = "iso";
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  await new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "setup" }).createProject({ name: PROJECT, code: "iso" });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

/** What the handlers saw, in order, with the time each started. */
const trace: Array<{ who: string; action: string; at: number; syncRunning: boolean }> = [];
let releaseSync: () => void = () => undefined;
let syncRunning = false;

// A sync split over two plugins that declare one order: a project's full sync and its live edits stay in order.
const SYNC_ORDER = defineOrderGroup({ name: "fake-sync", jobTopic: "fakesync.proc", senderType: "fakesync" });

@Handler({ topic: "iso.event", action: "full-sync" })
class FullSyncHandler implements EventHandler {
  async handle(_event: AyonEvent, ctx: HandlerContext) {
    trace.push({ who: "full-sync", action: "full-sync", at: Date.now(), syncRunning });
    syncRunning = true;
    // Runs until the test lets it finish: only then may the group's next event of the project start.
    await new Promise<void>((resolve) => (releaseSync = resolve));
    syncRunning = false;
    return ctx.done("synced");
  }
}

@Handler({ topic: "iso.event", action: "edit" })
class LiveEditHandler implements EventHandler {
  handle(_event: AyonEvent, ctx: HandlerContext) {
    trace.push({ who: "live-edit", action: "edit", at: Date.now(), syncRunning });
    return ctx.done("applied");
  }
}

@Handler({ topic: "iso.event" })
class StudioFlagHandler implements EventHandler {
  constructor(private readonly ayon: AyonClient) {}
  async handle(event: AyonEvent, ctx: HandlerContext) {
    trace.push({ who: "studio", action: String(event.payload.action), at: Date.now(), syncRunning });
    // A write of the studio plugin: it must carry the plugin's own sender type, not the sync's.
    await this.ayon.dispatchEvent({ topic: "iso.studio.note", project: PROJECT, payload: { about: event.id }, finished: true });
    return ctx.done("flagged");
  }
}

const fullSyncPlugin = definePlugin({ id: "fake-full-sync", handlers: [FullSyncHandler], orderGroup: SYNC_ORDER });
const liveEditPlugin = definePlugin({ id: "fake-live-edit", handlers: [LiveEditHandler], orderGroup: SYNC_ORDER });
const studioPlugin = definePlugin({ id: "studio-flag", handlers: [StudioFlagHandler] });

/** Starts a full sync, and once it runs, dispatches an edit of the same project (and when). */
async function editDuringFullSync(t: TestRuntime): Promise<{ sync: string; edit: string; editDispatched: number }> {
  const sync = await t.dispatch("iso.event", { project: PROJECT, payload: { action: "full-sync" } });
  while (!syncRunning) await new Promise((resolve) => setTimeout(resolve, 10));
  const editDispatched = Date.now();
  const edit = await t.dispatch("iso.event", { project: PROJECT, payload: { action: "edit" } });
  return { sync, edit, editDispatched };
}

describe("plugins on the same topic", () => {
  it("a full sync in flight in one plugin does not delay another plugin's handler; the sync's own group keeps its order", async () => {
    trace.length = 0;
    harness = await createTestRuntime({ plugins: [fullSyncPlugin, liveEditPlugin, studioPlugin], ayon: { url: emulator.url, apiKey: API_KEY }, queue: { concurrency: 2 } });
    const t = harness;
    await t.start();

    const { sync, edit, editDispatched } = await editDuringFullSync(t);

    // The studio handler runs for the edit while the full sync still holds the sync group's lane of the project:
    // were they in one lane, this wait would never end (the sync is released only below).
    const studioEdit = await t.waitForJob(edit, 15_000, "studio-flag");
    const studioDelayMs = trace.find((e) => e.who === "studio" && e.action === "edit")!.at - editDispatched;
    expect(studioEdit.status).toBe("finished");
    expect(trace.find((e) => e.who === "studio" && e.action === "edit")?.syncRunning).toBe(true);
    expect(trace.some((e) => e.who === "live-edit")).toBe(false);

    const released = Date.now();
    releaseSync();
    expect((await t.waitForJob(sync, 15_000, "fake-full-sync")).status).toBe("finished");
    const liveEdit = await t.waitForJob(edit, 15_000, "fake-live-edit");
    expect(liveEdit.status).toBe("finished");
    // Within the group, the project's edit waited for the full sync.
    const live = trace.find((e) => e.who === "live-edit")!;
    expect(live.syncRunning).toBe(false);
    expect(live.at).toBeGreaterThanOrEqual(released);
    expect((await t.waitForJob(sync, 15_000, "studio-flag")).status).toBe("finished");

    // Each plugin's jobs under its own job topic, written with its own sender type.
    const jobs = await t.ayon.queryEvents({ topics: ["fakesync.proc", "ayonsg.job.studio_flag"], last: 50 });
    const forEdit = jobs.events.filter((j) => j.dependsOn === edit).map((j) => j.topic).sort();
    expect(forEdit).toEqual(["ayonsg.job.studio_flag", "fakesync.proc"]);
    const notes = await t.ayon.queryEvents({ topics: ["iso.studio.note"], last: 5 });
    const note = await t.ayon.getEvent(notes.events[0]!.id);
    expect(note.senderType).toBe("studio-flag");
    const liveJob = await t.ayon.getEvent(jobs.events.find((j) => j.dependsOn === edit && j.topic === "fakesync.proc")!.id);
    expect(liveJob.senderType).toBe("fakesync");
    t.logger.assertLogged({ level: "info", message: /^job finished: studio-flag on iso\.event, event [0-9a-f]{32}, project iso, \d+ ms$/ });

    const syncHeldMs = released - editDispatched;
    process.stdout.write(
      `\n[plugin isolation] studio handler started ${studioDelayMs} ms after its event was dispatched, while a full sync held ` +
        `its project's lane in another plugin (the sync group's own edit waited ${syncHeldMs} ms for it, then started ${live.at - released} ms after the sync ended)\n`,
    );
  });
});

describe("plugins that opt into one order group", () => {
  it("keep one order: the studio handler in the sync's group waits for the full sync (the layout before isolation)", async () => {
    trace.length = 0;
    const sharedStudio = definePlugin({ id: "studio-flag", handlers: [StudioFlagHandler], orderGroup: SYNC_ORDER });
    harness = await createTestRuntime({ plugins: [fullSyncPlugin, liveEditPlugin, sharedStudio], ayon: { url: emulator.url, apiKey: API_KEY }, queue: { concurrency: 2 } });
    const t = harness;
    await t.start();
    const { sync, edit, editDispatched } = await editDuringFullSync(t);
    // The sync is held for a while (no assertion rests on how long): the figure printed below shows the cost.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(trace.some((e) => e.action === "edit")).toBe(false);
    const released = Date.now();
    releaseSync();
    const [editJob] = await Promise.all([t.waitForJob(edit, 15_000, "fake-live-edit"), t.waitForJob(sync, 15_000, "fake-full-sync")]);
    // One job for both handlers of the edit, after the full sync.
    expect(editJob).toMatchObject({ status: "finished", handlers: ["fake-live-edit/LiveEditHandler", "studio-flag/StudioFlagHandler"] });
    const studio = trace.find((e) => e.who === "studio" && e.action === "edit")!;
    expect(studio.syncRunning).toBe(false);
    expect(studio.at).toBeGreaterThanOrEqual(released);
    process.stdout.write(`\n[plugin isolation] in one order group the studio handler started ${studio.at - editDispatched} ms after its event (the full sync held the lane ${released - editDispatched} ms)\n`);
  });
});

let flakyCalls = 0;
let steadyCalls = 0;

@Handler({ topic: "iso.fail" })
class FlakyHandler implements EventHandler {
  handle(_event: AyonEvent, ctx: HandlerContext) {
    flakyCalls += 1;
    if (flakyCalls === 1) throw new Error("the first attempt fails");
    return ctx.done("second attempt worked");
  }
}

@Handler({ topic: "iso.fail" })
class SteadyHandler implements EventHandler {
  handle(_event: AyonEvent, ctx: HandlerContext) {
    steadyCalls += 1;
    return ctx.done("done once");
  }
}

describe("a failing handler", () => {
  it("leaves the other plugin's outcome alone and is retried without re-running the other plugin", async () => {
    harness = await createTestRuntime({
      plugins: [definePlugin({ id: "flaky", handlers: [FlakyHandler] }), definePlugin({ id: "steady", handlers: [SteadyHandler] })],
      ayon: { url: emulator.url, apiKey: API_KEY },
    });
    const t = harness;
    await t.start();
    const source = await t.dispatch("iso.fail", { project: PROJECT });

    const [failed, steady] = await Promise.all([t.waitForJob(source, 15_000, "flaky"), t.waitForJob(source, 15_000, "steady")]);
    expect(failed).toMatchObject({ status: "failed", retryable: true, handlers: ["flaky/FlakyHandler"] });
    expect(steady).toMatchObject({ status: "finished", description: "done once", handlers: ["steady/SteadyHandler"] });

    const jobEvent = async (topic: string) => {
      const page = await t.ayon.queryEvents({ topics: [topic], last: 50 });
      const node = page.events.find((e) => e.dependsOn === source);
      return node ? t.ayon.getEvent(node.id) : null;
    };
    const deadline = Date.now() + 15_000;
    let flakyJob = await jobEvent("ayonsg.job.flaky");
    while (flakyJob?.status !== "finished" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      flakyJob = await jobEvent("ayonsg.job.flaky");
    }
    expect(flakyJob).toMatchObject({ status: "finished", description: "second attempt worked", retries: 1 });
    expect(flakyCalls).toBe(2);
    // The retry was the flaky plugin's alone: the steady plugin ran once and its job was never failed or retried.
    expect(steadyCalls).toBe(1);
    expect(await jobEvent("ayonsg.job.steady")).toMatchObject({ status: "finished", description: "done once", retries: 0 });
  });
});

const watched: string[] = [];

@Handler({ topic: "iso.changed", ignoreSenderTypes: ["fakesync"] })
class EchoWatcher implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    watched.push(String(event.payload.by));
    return ctx.done("pushed");
  }
}

/** Writes an `iso.changed` event with the client its plugin is given. */
function writer(by: string) {
  @Handler({ topic: "iso.write" })
  class Writer implements EventHandler {
    constructor(private readonly ayon: AyonClient) {}
    async handle(_event: AyonEvent, ctx: HandlerContext) {
      await this.ayon.dispatchEvent({ topic: "iso.changed", project: PROJECT, payload: { by }, finished: true });
      return ctx.done(`${by} wrote`);
    }
  }
  return Writer;
}

describe("loop prevention across plugins", () => {
  it("a group ignoring its own sender type still takes the changes a studio plugin writes", async () => {
    harness = await createTestRuntime({
      plugins: [
        definePlugin({ id: "fake-push", handlers: [EchoWatcher], orderGroup: SYNC_ORDER }),
        definePlugin({ id: "fake-writer", handlers: [writer("sync")], orderGroup: SYNC_ORDER }),
        definePlugin({ id: "studio-writer", handlers: [writer("studio")] }),
      ],
      ayon: { url: emulator.url, apiKey: API_KEY },
    });
    const t = harness;
    await t.start();
    const write = await t.dispatch("iso.write", { project: PROJECT });
    await Promise.all([t.waitForJob(write, 15_000, "fake-writer"), t.waitForJob(write, 15_000, "studio-writer")]);
    // The watcher's lane is ordered: once an event written after both is handled, every earlier one of the
    // project was handled or never offered.
    const marker = await t.dispatch("iso.changed", { project: PROJECT, payload: { by: "marker" } });
    await t.waitForJob(marker, 15_000, "fake-push");
    expect(watched).toEqual(["studio", "marker"]);
    const changes = await t.ayon.queryEvents({ topics: ["iso.changed"], last: 10 });
    const own = changes.events.find((e) => e.payload?.by === "sync")!;
    const jobs = await t.ayon.queryEvents({ topics: ["fakesync.proc"], last: 50 });
    expect(jobs.events.filter((j) => j.dependsOn === own.id)).toEqual([]);
  });
});

const crossed: string[] = [];
let releaseFirst: () => void = () => undefined;

@Handler({ topic: "iso.sg" })
class FromOneSide implements EventHandler {
  async handle(event: AyonEvent, ctx: HandlerContext) {
    crossed.push(`start ${String(event.payload.name)}`);
    if (event.payload.name === "first") await new Promise<void>((resolve) => (releaseFirst = resolve));
    crossed.push(`end ${String(event.payload.name)}`);
    return ctx.done("applied");
  }
}

@Handler({ topic: "iso.ayon", ignoreSenderTypes: ["fakesync"] })
class FromOtherSide implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    crossed.push(`start ${String(event.payload.name)}`);
    crossed.push(`end ${String(event.payload.name)}`);
    return ctx.done("pushed");
  }
}

describe("one order across both directions of a group", () => {
  it("runs a project's events of both topics one at a time, in creation order, and never enrolls the group's own echoes", async () => {
    harness = await createTestRuntime({
      plugins: [
        definePlugin({ id: "fake-live", handlers: [FromOneSide], orderGroup: SYNC_ORDER }),
        definePlugin({ id: "fake-push", handlers: [FromOtherSide], orderGroup: SYNC_ORDER }),
      ],
      ayon: { url: emulator.url, apiKey: API_KEY },
    });
    const t = harness;
    expect(t.runtime.routes.filter((r) => r.ordered)).toHaveLength(1);
    await t.start();
    const as = (senderType: string) => new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: `as-${senderType}`, senderType });
    const dispatch = async (client: AyonClient, topic: string, name: string) => (await client.dispatchEvent({ topic, project: PROJECT, payload: { name }, finished: true })).id!;
    const first = await dispatch(as("leecher"), "iso.sg", "first");
    await waitFor(() => crossed.includes("start first"));
    const echo = await dispatch(as("fakesync"), "iso.ayon", "echo");
    const person = await dispatch(as("api"), "iso.ayon", "person");
    const last = await dispatch(as("leecher"), "iso.sg", "last");
    // The person's edit waits for the first event of the project, though it is another topic and plugin.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(crossed).toEqual(["start first"]);
    releaseFirst();
    await t.waitForJob(last, 15_000, "fake-live");
    expect(crossed).toEqual(["start first", "end first", "start person", "end person", "start last", "end last"]);
    expect(await t.jobEvent(echo)).toBeNull();
    expect((await t.jobEvent(first))?.status).toBe("finished");
    expect((await t.jobEvent(person))?.status).toBe("finished");
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
