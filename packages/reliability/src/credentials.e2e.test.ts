// Wrong credentials are the likeliest way for a key to end up in an error message: the binary with a refused
// AYON key, and with a wrong ShotGrid script key in AYON's secret (`check`, then a sync job that meets it).
// Each failure must say what to fix, and no output, job or event may contain either key.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runBinary } from "@ayon-sg/testing";
import { scanForSecrets } from "./secret-scan.js";
import { ADDON, AYON_KEY, SCRIPT_KEY_SECRET, waitUntil, World } from "./world.js";

const WRONG_AYON_KEY = "WrongAyonKey_93b1c7e2f4a6d8e0c2b4a6f8";
const WRONG_SCRIPT_KEY = "WrongSgScriptKey_5d7f9b1c3e5a7c9e";

let world: World;

beforeAll(async () => {
  world = await World.start();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

function env(apiKey: string): Record<string, string> {
  return { AYON_SERVER_URL: world.ayonEmu.url, AYON_API_KEY: apiKey, AYON_ADDON_NAME: ADDON.name, AYON_ADDON_VERSION: ADDON.version, LOG_FORMAT: "json" };
}

describe("wrong credentials", () => {
  it("a refused AYON key: exit 3, one sentence naming AYON_API_KEY, the key nowhere", async () => {
    const studio = world.studio(["sync"]);
    const result = await runBinary(["run", "--studio", studio], { env: env(WRONG_AYON_KEY) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/rejected the API key \(401\): check AYON_API_KEY/);
    world.capture.add("binary run with a wrong AYON key", result.stdout + result.stderr);
    expect(scanForSecrets([{ source: "output", text: result.stdout + result.stderr }], [{ name: "wrong AYON key", value: WRONG_AYON_KEY }])).toEqual([]);
  });

  it("a wrong ShotGrid script key: check fails and a sync job fails clearly, the key nowhere", async () => {
    await world.ayon.setSecret(SCRIPT_KEY_SECRET, WRONG_SCRIPT_KEY);
    const studio = world.studio(["sync"]);
    const check = await runBinary(["check", "--studio", studio], { env: env(AYON_KEY) });
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(/ShotGrid/);
    world.capture.add("binary check with a wrong ShotGrid key", check.stdout + check.stderr);

    await world.ayon.createProject({ name: "cred_show", code: "cred_show" });
    await world.ayon.updateProject("cred_show", { attrib: { shotgridId: "1", shotgridType: "Project" } });
    const id = await world.dispatch({ topic: "shotgrid.event", project: "cred_show", payload: { action: "sync-from-shotgrid", project_name: "cred_show" } });
    const run = world.launch(studio, "cred-check");
    await waitUntil(() => world.ayonEmu.state.events.ofTopic("shotgrid.proc").some((j) => j.dependsOn === id && j.status === "failed"), "the sync job to fail", 30_000);
    const job = world.ayonEmu.state.events.ofTopic("shotgrid.proc").find((j) => j.dependsOn === id)!;
    expect(job.description).toMatch(/script|credential|key|authenticat/i);
    await run.stop("SIGTERM");
    const secrets = [...world.secrets(), { name: "wrong ShotGrid key", value: WRONG_SCRIPT_KEY }, { name: "wrong AYON key", value: WRONG_AYON_KEY }];
    expect(scanForSecrets(world.collect(), secrets)).toEqual([]);
  }, 60_000);
});
