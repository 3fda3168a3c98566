import { describe, expect, it } from "@jest/globals";
import { definePlugin, isPluginDeclaration } from "./define-plugin.js";
import { defineOrderGroup } from "./order-group.js";
import { Handler, handlerMetadata, type EventHandler } from "./handler.js";
import { Source, type EventSource } from "./source.js";

@Handler({ topic: "entity.task.status_changed", description: "notify" })
class Notify implements EventHandler { handle() {} }
@Source({ name: "ticker" })
class Ticker implements EventSource { start() {} stop() {} }
class Undecorated implements EventHandler { handle() {} }

describe("definePlugin", () => {
  it("returns a frozen, branded declaration", () => {
    const plugin = definePlugin({ id: "studio-notify", handlers: [Notify], sources: [Ticker] });
    expect(isPluginDeclaration(plugin)).toBe(true);
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(plugin.handlers).toEqual([Notify]);
    expect(isPluginDeclaration({ id: "x", handlers: [] })).toBe(false);
  });

  it("gives a plugin an order group of its own unless it declares one, and records its addon", () => {
    expect(definePlugin({ id: "studio-notify" })).toMatchObject({ orderGroup: { name: "studio-notify", jobTopic: "ayonsg.job.studio_notify", senderType: "studio-notify" }, addon: null });
    const shared = defineOrderGroup({ name: "sync", jobTopic: "sync.proc", senderType: "sync" });
    expect(definePlugin({ id: "live", orderGroup: shared, addon: "sync_addon" })).toMatchObject({ orderGroup: shared, addon: "sync_addon" });
    expect(definePlugin({ id: "custom", orderGroup: { name: "custom", jobTopic: "studio.custom.jobs" } }).orderGroup).toEqual({ name: "custom", jobTopic: "studio.custom.jobs", senderType: "custom" });
  });

  it("refuses job topics, sender types and addon names AYON would refuse", () => {
    expect(() => definePlugin({ id: "x", orderGroup: { name: "x", jobTopic: "jobs.*" } })).toThrow(/plugin 'x': job topic 'jobs\.\*'/);
    expect(() => definePlugin({ id: "x", orderGroup: { name: "x", senderType: "no spaces" } })).toThrow(/sender type 'no spaces'/);
    expect(() => definePlugin({ id: "x", orderGroup: { name: "Bad Group" } })).toThrow(/order group 'Bad Group' must be kebab-case/);
    expect(() => definePlugin({ id: "x", addon: "a b" })).toThrow(/addon 'a b' is not an AYON addon name/);
    expect(() => definePlugin({ id: `a${"-b".repeat(30)}` })).toThrow(/at most 65 characters/);
  });

  it("refuses bad ids and undecorated classes with a sentence naming them", () => {
    expect(() => definePlugin({ id: "Studio Notify" })).toThrow(/kebab-case/);
    expect(() => definePlugin({ id: "x", handlers: [Undecorated] })).toThrow(/Undecorated is listed as a handler but has no @Handler/);
  });
});

describe("@Handler", () => {
  it("records normalized metadata", () => {
    expect(handlerMetadata(Notify)).toEqual({ topics: ["entity.task.status_changed"], actions: null, ordered: true, ignoreSenderTypes: [], batch: 1, description: "notify" });
  });
  it("refuses invalid topics at decoration time", () => {
    expect(() => Handler({ topic: "no spaces allowed" })).toThrow(/not a valid AYON topic/);
    expect(() => Handler({ topic: [] })).toThrow(/at least one topic/);
  });
});
