// The page's "Runtime instances" view in real headless Chromium, with the REAL runtime binary writing its
// heartbeat into the AYON emulator: no runtime → the "no runtime" banner; the runtime starts → the banner goes
// within seconds and its instance is listed alive; it stops → marked stopped and the banner is back (with the last
// heartbeat); it restarts → the banner goes again, re-using the same instance event. Screenshots go to .artifacts/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { INSTANCE_TOPIC } from "@ayon-sg/core";
import { CORE_PACKAGE_DIR, createStudioDir, runBinary, startBinary, type RunningBinary } from "@ayon-sg/testing";
import { join } from "node:path";
import type { AddonPageDriver } from "./page-driver.js";
import { ARTIFACTS, PageWorld } from "./page-world.test-helpers.js";

const SERVICE_KEY = "ayonsginstancespagekey01234567890";
const MANAGER = { name: "manager", password: "manager-password-4", isManager: true };
const INSTANCE = "render-farm-7";

/** A plugin with one handler, so the binary has something to run. */
const NOOP_PLUGIN = `import { definePlugin, Handler } from "@ayon-sg/core";
class Noop { async handle(_event, ctx) { return ctx.done("nothing"); } }
Handler({ topic: "studio.noop", description: "does nothing" })(Noop);
export default definePlugin({ id: "noop", handlers: [Noop] });
`;

let world: PageWorld;
let studio: string;
let runtime: RunningBinary | null = null;
let page: AddonPageDriver | null = null;
const env = () => ({ AYON_SERVER_URL: world.ayon.url, AYON_API_KEY: SERVICE_KEY, AYON_SG_INSTANCE: INSTANCE });
const shot = (name: string) => page!.screenshot(join(ARTIFACTS, `addon-page-instances-${name}.png`));

beforeAll(async () => {
  world = await PageWorld.start({ serviceKey: SERVICE_KEY, users: [MANAGER] });
  studio = createStudioDir({
    links: { "@ayon-sg/core": CORE_PACKAGE_DIR },
    packages: { "@studio/noop": { packageJson: { "ayon-sg": { role: "handler" } }, files: { "index.js": NOOP_PLUGIN } } },
    config: { heartbeatSeconds: 1, concurrency: 3 },
  });
}, 120_000);

afterEach(async () => {
  await world?.closePage();
  page = null;
  await runtime?.stop("SIGKILL");
  runtime = null;
});

afterAll(async () => world?.close());

async function startRuntime(): Promise<number> {
  runtime = startBinary(["run", "--studio", studio], { env: env() });
  await runtime.waitFor("starting");
  return Date.now();
}

describe("the Runtime instances view", () => {
  it("shows the banner while no runtime runs, and the live instance within seconds of a (re)start", async () => {
    page = await world.open(MANAGER);
    const banner = page.byTestId("no-runtime-banner");
    const row = page.byTestId(`instance-${INSTANCE}`);

    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.innerText()).toContain("No ayon-sg runtime is running — nothing is being synced (no heartbeat in the last day)");
    await shot("none");

    const started = await startRuntime();
    await banner.waitFor({ state: "detached", timeout: 10_000 });
    const firstGone = Date.now() - started;
    await row.waitFor({ timeout: 5000 });
    expect(await row.getAttribute("data-alive")).toBe("true");
    const cells = await row.innerText();
    for (const text of ["alive", INSTANCE, "noop", "3"]) expect(cells).toContain(text);
    await shot("alive");
    const cli = await runBinary(["instances", "--studio", studio], { env: env() });
    expect([cli.code, cli.stdout]).toEqual([0, expect.stringMatching(new RegExp(`alive\\s+${INSTANCE}[\\s\\S]*1 runtime instance\\(s\\) alive`))]);

    await runtime!.stop("SIGTERM");
    runtime = null;
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toMatch(/nothing is being synced \(last heartbeat .+\)/);
    expect(await row.innerText()).toContain("stopped");
    await shot("stopped");
    const none = await runBinary(["instances", "--studio", studio], { env: env() });
    expect([none.code, none.stdout]).toEqual([1, expect.stringContaining("No ayon-sg runtime is running — nothing is being synced.")]);

    const restarted = await startRuntime();
    await banner.waitFor({ state: "detached", timeout: 10_000 });
    const againGone = Date.now() - restarted;
    expect(await row.getAttribute("data-alive")).toBe("true");
    await shot("restarted");
    // The restart re-used the stopped process's event: one instance event however often it restarts.
    const events = world.ayon.state.events.all().filter((e) => e.topic === INSTANCE_TOPIC);
    expect(events).toHaveLength(1);
    process.stdout.write(`banner gone ${firstGone} ms after the runtime started, ${againGone} ms after its restart\n`);
  }, 90_000);
});
