// Runtime.prepare, shared by `run` and `check`: every plugin's constructors checked before anything is created,
// and a handler that cannot be created at job time failing its job for good.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "../ayon/client.js";
import { Logger, SilentLogger } from "../logging/logger.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import { defineService } from "../plugin/service.js";
import { Source } from "../plugin/source.js";
import { createTestRuntime, startAyonEmulator, type AyonEmulator } from "@ayon-sg/testing";
import { Runtime, RuntimeConfigError } from "./runtime.js";
import { AddonSettings, RuntimeInfo } from "./tokens.js";

const API_KEY = "startupwiringkey0000000000000000";

class SiteClient {
  constructor(readonly site: string) {}
}
interface Mailer {
  send(text: string): void;
}

describe("Runtime.prepare", () => {
  const ayon = new AyonClient({ serverUrl: "http://127.0.0.1:9", apiKey: API_KEY });
  const base = {
    ayon,
    logger: new SilentLogger(),
    settings: new AddonSettings("shotgrid", null, {}, ayon),
    info: new RuntimeInfo("test", "test", "test", process.cwd()),
  };

  it("reports every plugin's problems at once and creates no service", async () => {
    let created = 0;
    const site = defineService({ token: SiteClient, name: "Site", create: () => (created++, new SiteClient("https://site")) });
    @Source({ name: "poller" })
    class Poller {
      constructor(readonly site: SiteClient) {}
      start() {}
      stop() {}
    }
    @Handler({ topic: "studio.mail" })
    class MailOnEvent implements EventHandler {
      constructor(readonly log: Logger, readonly mailer: Mailer) {}
      handle() {}
    }
    const sources = definePlugin({ id: "site-poller", sources: [Poller], services: [site] });
    const mail = definePlugin({ id: "mail", handlers: [MailOnEvent] });
    // The poller's service is declared by its plugin: it passes, though nothing has created it yet.
    expect(() => Runtime.prepare({ ...base, plugins: [sources] })).not.toThrow();
    const failure = Runtime.create({ ...base, plugins: [sources, mail], pluginConfig: { mial: {} } });
    await expect(failure).rejects.toThrow(RuntimeConfigError);
    const lines = String(await failure.then(() => "", (error: Error) => error.message)).split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^ayon-sg\.config\.mial: no loaded plugin has the id 'mial'/),
      expect.stringMatching(/^plugin 'mail': handler MailOnEvent cannot be created: its constructor parameter #1 has no class at run time/),
    ]);
    expect(created).toBe(0);
  });
});

describe("a handler that cannot be created when its job runs", () => {
  let emulator: AyonEmulator;
  beforeAll(async () => {
    emulator = await startAyonEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => emulator.close());

  it("fails the job once, not retryable, naming the class", async () => {
    @Handler({ topic: "studio.fragile", deps: [Logger] })
    class Fragile implements EventHandler {
      constructor(readonly log: Logger) {
        throw new Error("the template file is missing");
      }
      handle(_event: unknown, ctx: HandlerContext) {
        return ctx.done();
      }
    }
    const t = await createTestRuntime({ plugins: [definePlugin({ id: "fragile", handlers: [Fragile] })], ayon: { url: emulator.url, apiKey: API_KEY } });
    await t.start();
    try {
      const report = await t.waitForJob(await t.dispatch("studio.fragile"));
      expect(report).toMatchObject({ status: "failed", retryable: false });
      expect(report.description).toBe("Fragile failed: Fragile cannot be created: the template file is missing (not retried)");
    } finally {
      await t.stop();
    }
  });
});
