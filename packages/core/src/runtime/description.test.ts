// Job descriptions stay readable whatever a handler echoes from a hostile event.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { definePlugin } from "../plugin/define-plugin.js";
import { InvalidEventError } from "../plugin/errors.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import type { AyonEvent } from "../ayon/types.js";
import { createTestRuntime } from "@ayon-sg/testing";
import { clipDescription, MAX_DESCRIPTION_LENGTH } from "./description.js";

const API_KEY = "descriptiontestkey00000000000000";
let emulator: AyonEmulator;

@Handler({ topic: "test.echo", action: "echo" })
class EchoHandler implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    const name = String(event.payload.name);
    if (event.payload.refuse) throw new InvalidEventError(`the name '${name}' is not valid`);
    return ctx.skip(`nothing to do for '${name}'`);
  }
}

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
});
afterAll(async () => emulator.close());

describe("clipDescription", () => {
  it("leaves short text alone and cuts long text to the limit, saying how much was left out", () => {
    expect(clipDescription("short")).toBe("short");
    const clipped = clipDescription("x".repeat(5_000));
    expect(clipped).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(clipped).toMatch(/x… \(4\d{3} more characters\)$/);
  });

  it("never splits a surrogate pair", () => {
    const clipped = clipDescription("🎬".repeat(100), 50);
    expect(clipped.length).toBeLessThanOrEqual(50);
    expect(clipped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("job descriptions through the runtime", () => {
  it("are clipped for failures and skips that echo a 20,000-character name", async () => {
    const harness = await createTestRuntime({
      plugins: [definePlugin({ id: "echo", handlers: [EchoHandler] })],
      ayon: { url: emulator.url, apiKey: API_KEY },
      queue: { maxRetries: 0 },
    });
    await harness.start();
    try {
      const name = "n".repeat(20_000);
      const refused = await harness.waitForJob(await harness.dispatch("test.echo", { payload: { action: "echo", name, refuse: true } }));
      const skipped = await harness.waitForJob(await harness.dispatch("test.echo", { payload: { action: "echo", name } }));
      const unrouted = await harness.waitForJob(await harness.dispatch("test.echo", { payload: { action: name } }));
      for (const report of [refused, skipped, unrouted]) expect(report.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
      expect(refused.description).toMatch(/^EchoHandler failed: the name 'nnn.*more characters\)/);
      expect(skipped.description).toMatch(/^Skipped: EchoHandler skipped: nothing to do for 'nnn/);
      expect(unrouted.description).toMatch(/^Skipped: no handler for topic 'test.echo' and action 'nnn/);
    } finally {
      await harness.stop();
    }
  });
});
