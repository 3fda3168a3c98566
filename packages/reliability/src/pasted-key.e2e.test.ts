// A pasted key: the ShotGrid script key pasted into the secret-NAME setting (service_settings.script_key), as a new
// user would. The real binary's `check` and `run` refuse it with a sentence naming the setting, before any request
// carries it; a name that is no existing secret is refused without repeating it either. After the setting is
// corrected, the sync asked for meanwhile runs (nothing lost; AYON equals a fresh full sync). The key is in no
// captured output: stdout, stderr, AYON events, nor in any request AYON or ShotGrid received (the binary exits
// at start, before it would serve /metrics; the request log of both emulators stands for what metrics could see).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { expectEqualTrees } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { runBinary } from "@ayon-sg/testing";
import { generateShotgridProject, startAyonEmulator, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { freshFullSync } from "./fresh-sync.js";
import { scanForSecrets, type NamedSecret } from "./secret-scan.js";
import { ADDON, AYON_KEY, logLines, SCRIPT_KEY_SECRET, waitUntil, World } from "./world.js";

/** The shape of a ShotGrid script key that passes AYON's name pattern: only its look gives it away. */
const PASTED_KEY = "wxqkbz8vfd2hmjrnq4tuegpyc7";
/** A name-like value that is no AYON secret (a key with a separator would look like this). */
const NOT_A_SECRET = "Rel_k3y_not_a_secret_8fd2";
const P = "pasted_show";

let world: World;
let project: GeneratedShotgridProject;

beforeAll(async () => {
  world = await World.start({ settings: { service_settings: { script_key: PASTED_KEY } } });
  project = generateShotgridProject(world.sgEmu.store, { name: P, episodes: 1, sequencesPerEpisode: 2, shots: 4, assets: 2, assetCategories: ["Prop"], tasksPerEntity: 2, autoSync: true });
  await world.ayon.createProject({ name: P, code: P });
  await world.ayon.updateProject(P, { attrib: { shotgridId: String(project.projectId), shotgridType: "Project" } });
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const secrets = (): NamedSecret[] => [...world.secrets(), { name: "pasted ShotGrid key", value: PASTED_KEY }, { name: "value that is no secret", value: NOT_A_SECRET }];

function env(): Record<string, string> {
  return { AYON_SERVER_URL: world.ayonEmu.url, AYON_API_KEY: AYON_KEY, AYON_ADDON_NAME: ADDON.name, AYON_ADDON_VERSION: ADDON.version, LOG_FORMAT: "json" };
}

async function saveScriptKeySetting(value: string): Promise<void> {
  const saved = await fetch(`${world.ayonEmu.url}/api/addons/${ADDON.name}/${ADDON.version}/settings`, {
    method: "POST",
    headers: { "x-api-key": AYON_KEY, "content-type": "application/json" },
    body: JSON.stringify({ shotgrid_server: world.sgEmu.url, service_settings: { script_name: "ayon-sg", script_key: value, polling_frequency: 1 } }),
  });
  expect(saved.status).toBeLessThan(300);
}

describe("a ShotGrid key pasted into the secret-name setting (real binary)", () => {
  it("check refuses it naming the setting; a name that is no secret is refused unrepeated too", async () => {
    const pasted = await runBinary(["check", "--studio", world.studio(["sync"])], { env: env() });
    world.capture.add("check with the pasted key", pasted.stdout + pasted.stderr);
    expect(pasted.code).toBe(1);
    expect(pasted.stdout + pasted.stderr).toContain("service_settings.script_key in the 'shotgrid' addon settings must name the AYON secret that holds the ShotGrid script key, but it looks like a key, not a secret name");

    await saveScriptKeySetting(NOT_A_SECRET);
    const missing = await runBinary(["check", "--studio", world.studio(["sync"])], { env: env() });
    world.capture.add("check with a name that is no secret", missing.stdout + missing.stderr);
    expect(missing.code).toBe(1);
    expect(missing.stdout + missing.stderr).toContain("the AYON secret named in the settings does not exist");
    await saveScriptKeySetting(PASTED_KEY);
  }, 60_000);

  it("run refuses it without a crash; the sync asked for meanwhile runs once the setting is fixed, nothing lost", async () => {
    const studio = world.studio(["sync"]);
    const id = await world.dispatch({ topic: "shotgrid.event", project: P, payload: { action: "sync-from-shotgrid", project_name: P } });
    const first = world.launch(studio, "pasted", { LOG_FORMAT: "json" });
    // A setting no retry can mend: the binary exits 3 (configuration) at start, by itself, with the sentence and
    // no stack. (Stopped after 30 s if it does not, so that the code then read is not 3.)
    const stopper = setTimeout(() => void first.stop("SIGTERM"), 30_000);
    const exit = await first.exited;
    clearTimeout(stopper);
    expect(exit.code).toBe(3);
    expect(first.output().stdout + first.output().stderr).toContain("service_settings.script_key in the 'shotgrid' addon settings must name the AYON secret");
    expect(logLines(first).filter((l) => l.level === "raw" && /at .*\.js:\d+/.test(l.message))).toEqual([]);

    await saveScriptKeySetting(SCRIPT_KEY_SECRET);
    const fixed = world.launch(studio, "fixed");
    const done = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").find((j) => j.dependsOn === id && j.status === "finished");
    await waitUntil(() => done() !== undefined, "the sync asked for with the pasted key to finish", 60_000);
    expect((await fixed.stop("SIGTERM")).code).toBe(0);

    const fresh = await startAyonEmulator({ apiKey: AYON_KEY });
    try {
      await freshFullSync(world, fresh, P, project.projectId);
      const { size } = expectEqualTrees(world.ayonEmu, fresh, P, world.sgEmu.store);
      process.stdout.write(`[reliability] pasted-key: refused by check and run; after the fix ${size} AYON entities equal to a fresh full sync\n`);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it("the key is in no output, AYON event, nor in any request AYON or ShotGrid received", () => {
    world.capture.addJson("AYON emulator requests", world.ayonEmu.stats());
    world.capture.addJson("ShotGrid emulator requests", world.sgEmu.stats());
    expect(scanForSecrets(world.collect(), secrets().filter((s) => s.value !== NOT_A_SECRET))).toEqual([]);
    // The name-like value was looked up as a secret name (GET /api/secrets/{name}), but never printed.
    const printed = world.collect();
    expect(scanForSecrets(printed, [{ name: "value that is no secret", value: NOT_A_SECRET }]).filter((f) => !f.source.includes("requests"))).toEqual([]);
  });
});
