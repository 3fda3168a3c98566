import { describe, expect, it } from "@jest/globals";
import { definePlugin, isPluginDeclaration } from "./define-plugin.js";
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
