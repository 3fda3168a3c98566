// A handler declared for a catalogued topic gets the typed event (checked by `pnpm typecheck`: this file reads
// summary/payload keys without casts, and a handler typed for another topic does not compile), and the runtime
// checks such events at the edge: a malformed one fails its job for good, before the handler sees it.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import type { TopicEvent } from "./catalogue.js";

const API_KEY = "typedhandlertestkey0000000000000";
const PROJECT = "typed_demo";
const handled: Array<{ entityId: string; entityPath: string; from: string | undefined; to: string | undefined }> = [];

@Handler({ topic: "entity.task.status_changed" })
class RecordStatusChange implements EventHandler<"entity.task.status_changed"> {
  handle(event: TopicEvent<"entity.task.status_changed">, ctx: HandlerContext) {
    const { entityId, entityPath } = event.summary;
    const { oldValue, newValue } = event.payload;
    handled.push({ entityId, entityPath, from: oldValue, to: newValue });
    return ctx.done(`${entityPath}: ${oldValue ?? "?"} → ${newValue ?? "?"}`);
  }
}

// @ts-expect-error -- a handler typed for another topic's events does not compile
@Handler({ topic: "entity.folder.created" })
class MistypedHandler {
  handle(event: TopicEvent<"entity.task.status_changed">): void {
    handled.push({ entityId: event.summary.entityId, entityPath: "", from: undefined, to: event.payload.newValue });
  }
}

let emulator: AyonEmulator;
let harness: TestRuntime;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  harness = await createTestRuntime({ plugins: [definePlugin({ id: "typed", handlers: [RecordStatusChange] })], ayon: { url: emulator.url, apiKey: API_KEY } });
  await harness.start();
});
afterAll(async () => {
  await harness?.stop();
  await emulator?.close();
});

describe("a handler of a catalogued topic", () => {
  it("gets the event AYON emits for a task's status change, with its summary and payload keys", async () => {
    const ayon = harness.ayon;
    await ayon.createProject({ name: PROJECT, code: "typ" });
    const anatomy = emulator.state.projects.get(PROJECT)!;
    const [before, after] = anatomy.statuses.map((s) => s.name);
    const folder = await ayon.createFolder(PROJECT, { name: "sh010", folderType: anatomy.folderTypes[0]!.name });
    const task = await ayon.createTask(PROJECT, { name: "anim", taskType: anatomy.taskTypes[0]!.name, folderId: folder, status: before });
    await ayon.updateTask(PROJECT, task, { status: after });
    const page = await ayon.queryEvents({ topics: ["entity.task.status_changed"], projects: [PROJECT], first: 10 });
    const source = page.events[0]!.id;

    expect(await harness.waitForJob(source)).toMatchObject({ status: "finished", description: `/sh010/anim: ${before} → ${after}` });
    expect(handled).toEqual([{ entityId: task, entityPath: "/sh010/anim", from: before, to: after }]);
  });

  it("is not called for a malformed event of its topic: the job fails at once, not retried, saying what is wrong", async () => {
    const calls = handled.length;
    const source = await harness.dispatch("entity.task.status_changed", { project: PROJECT, summary: { entityId: 7 }, payload: { newValue: "Done" } });
    const report = await harness.waitForJob(source);
    expect(report).toMatchObject({ status: "failed", retryable: false });
    expect(report.description).toBe(
      `RecordStatusChange failed: event ${source} (entity.task.status_changed) is not what AYON sends for this topic: ` +
        "summary.entityId: Invalid input: expected string, received number; summary.parentId: Invalid input: expected string, received undefined; " +
        "summary.entityPath: Invalid input: expected string, received undefined (not retried)",
    );
    expect(handled).toHaveLength(calls);
  });

  it("keeps the mistyped handler out of the runtime's way (it exists only for the type check)", () => {
    expect(typeof MistypedHandler).toBe("function");
  });
});
