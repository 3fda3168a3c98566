import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "../ayon/client.js";
import { CORE_PACKAGE_DIR, createStudioDir, runBinary, startAyonEmulator, startBinary, type AyonEmulator, type BinaryResult } from "@ayon-sg/testing";
import { approvalPlugin, compiledPluginStudio } from "./compiled-plugin.test-helpers.js";

const API_KEY = "e2estartcheckkey00000000000000000";
const LEGACY_DECORATORS = { experimentalDecorators: true, emitDecoratorMetadata: true };

/**
 * The ordinary mistakes of a studio plugin, each made for real (the plugin compiled by tsc with the TD's
 * tsconfig): `check` and `run` both refuse at start with one sentence naming the problem, exit non-zero, and
 * print no stack trace.
 */
describe("a studio plugin's mistakes are refused at start", () => {
  let ayon: AyonEmulator;
  const env = () => ({ AYON_SERVER_URL: ayon.url, AYON_API_KEY: API_KEY, AYON_SG_INSTANCE: "startcheck" });

  beforeAll(async () => {
    ayon = await startAyonEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => ayon?.close());

  async function checkAndRun(studio: string): Promise<{ check: BinaryResult; run: BinaryResult }> {
    const check = await runBinary(["check", "--studio", studio], { env: env() });
    const run = await runBinary(["run", "--studio", studio], { env: env(), timeoutMs: 20_000 });
    return { check, run };
  }

  function expectRefused({ check, run }: { check: BinaryResult; run: BinaryResult }, sentence: RegExp): void {
    expect(check.stdout).toMatch(new RegExp(`✗ ${sentence.source}`));
    expect(check.stdout).toMatch(/1 check\(s\) failed/);
    expect(check.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: ${sentence.source}`));
    expect(run.code).toBe(3);
    expect(run.stdout).not.toMatch(/runtime '.*' starting/);
    for (const output of [check.stdout, check.stderr, run.stdout, run.stderr]) expect(output).not.toMatch(/\n\s+at /);
  }

  it("passes a plugin that declares its dependencies with deps, compiled with TypeScript's default (TC39) decorators", async () => {
    // The form the docs recommend: nothing to erase, no tsconfig setting to forget (here: none of them set, so
    // no decorator metadata at all).
    const studio = await compiledPluginStudio({
      source: approvalPlugin(`import { AyonClient } from "@ayon-sg/core";`, ", deps: [Logger, AyonClient, PluginConfig]"),
      compilerOptions: {},
      config: { config: { "approval-flag": { minLevel: 2 } } },
    });
    const check = await runBinary(["check", "--studio", studio], { env: env() });
    expect(check.stdout).toMatch(/✓ plugin configs are valid, every handler's and source's constructor can be served/);
    expect(check.stdout).toMatch(/All checks passed/);
    expect(check.code).toBe(0);
    // And run builds the handler from its deps: the event is handled with the studio's config (minLevel 2).
    const running = startBinary(["run", "--studio", studio], { env: env() });
    try {
      await running.waitFor("starting");
      const client = new AyonClient({ serverUrl: ayon.url, apiKey: API_KEY, sender: "e2e-test" });
      // What AYON sends for a task's status change (the runtime checks it at the edge).
      const summary = { entityId: "0".repeat(32), parentId: "1".repeat(32), entityPath: "sq010/sh010/comp" };
      await client.dispatchEvent({ topic: "entity.task.status_changed", summary, payload: { oldValue: "In progress", newValue: "Approved" }, finished: true });
      await running.waitFor("sq010/sh010/comp is Approved at level 3 via object");
    } finally {
      expect((await running.stop("SIGTERM")).code).toBe(0);
    }
  }, 60_000);

  it("`import type` of an injected class", async () => {
    const studio = await compiledPluginStudio({ source: approvalPlugin(`import type { AyonClient } from "@ayon-sg/core";`), compilerOptions: LEGACY_DECORATORS });
    expectRefused(
      await checkAndRun(studio),
      /plugin 'approval-flag': handler FlagApprovedTask cannot be created: its constructor parameter #1 has no class at run time, only an erased type — the class is likely imported with `import type`/,
    );
  }, 60_000);

  it.each([
    ["legacy decorators", { experimentalDecorators: true }],
    ["TypeScript's default (TC39) decorators", {}],
  ])("a tsconfig without emitDecoratorMetadata (%s)", async (_name, compilerOptions) => {
    const studio = await compiledPluginStudio({ source: approvalPlugin(`import { AyonClient } from "@ayon-sg/core";`), compilerOptions });
    expectRefused(
      await checkAndRun(studio),
      /plugin 'approval-flag': handler FlagApprovedTask cannot be created: its constructor takes 3 parameter\(s\) but no types were recorded for them .*"emitDecoratorMetadata": true/,
    );
  }, 60_000);

  it("a misspelled plugin section", async () => {
    const studio = await compiledPluginStudio({
      source: approvalPlugin(`import { AyonClient } from "@ayon-sg/core";`),
      compilerOptions: LEGACY_DECORATORS,
      config: { config: { "aproval-flag": { minLevel: 2 } } },
    });
    expectRefused(await checkAndRun(studio), /ayon-sg\.config\.aproval-flag: no loaded plugin has the id 'aproval-flag' \(a misspelled plugin id\? loaded plugins: approval-flag\)/);
  }, 60_000);

  it("a wrong-typed key in a plugin section", async () => {
    const studio = await compiledPluginStudio({
      source: approvalPlugin(`import { AyonClient } from "@ayon-sg/core";`),
      compilerOptions: LEGACY_DECORATORS,
      config: { config: { "approval-flag": { minLevel: "2" } } },
    });
    expectRefused(await checkAndRun(studio), /ayon-sg\.config\.approval-flag\.minLevel: expected number, got string/);
  }, 60_000);
});

/**
 * `check` makes run's own start-up checks with every plugin's services declared: a source that needs a service
 * another part of its plugin provides passes (it once failed with tsyringe's "TypeInfo not known" while `run`
 * started it fine), and a service that cannot start says why in its own words.
 */
describe("check on a plugin whose source needs the plugin's own service", () => {
  let ayon: AyonEmulator;
  beforeAll(async () => {
    ayon = await startAyonEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => ayon?.close());

  const plugin = (create: string) => `import { defineService, definePlugin, Logger, Source } from "@ayon-sg/core";
export class SiteClient { constructor(options) { this.site = options.site; } }
const siteService = defineService({ token: SiteClient, name: "Site", create: () => ${create}, check: async (c) => "Site answers at " + c.site });
class Poller { constructor(log, site) { this.site = site; } start() {} stop() {} }
Source({ name: "poller", deps: [Logger, SiteClient] })(Poller);
export default definePlugin({ id: "site-poller", sources: [Poller], services: [siteService] });
`;
  const studio = (create: string) =>
    createStudioDir({
      links: { "@ayon-sg/core": CORE_PACKAGE_DIR },
      packages: { "@studio/site-poller": { packageJson: { "ayon-sg": { role: "source" } }, files: { "index.js": plugin(create) } } },
    });

  it("passes when the service starts", async () => {
    const check = await runBinary(["check", "--studio", studio(`new SiteClient({ site: "https://site" })`)], { env: { AYON_SERVER_URL: ayon.url, AYON_API_KEY: API_KEY } });
    expect(check.stdout).toMatch(/✓ plugin configs are valid, every handler's and source's constructor can be served/);
    expect(check.stdout).toMatch(/✓ Site answers at https:\/\/site/);
    expect(check.code).toBe(0);
  });

  it("names the service's own reason when it cannot start, not an injection failure", async () => {
    const check = await runBinary(["check", "--studio", studio(`{ throw new Error("the site URL is not set in the addon settings"); }`)], { env: { AYON_SERVER_URL: ayon.url, AYON_API_KEY: API_KEY } });
    expect(check.stdout).toMatch(/✓ plugin configs are valid/);
    expect(check.stdout).toMatch(/✗ Site: the site URL is not set in the addon settings/);
    expect(check.stdout).not.toMatch(/TypeInfo|Cannot inject/);
    expect(check.code).toBe(1);
  });
});

