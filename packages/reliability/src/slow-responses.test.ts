// Responses slower than the clients' timeouts: a runtime (in this process, so its clients can be given short
// timeouts — the binary's are 30 s for AYON and 60 s for ShotGrid) works through ordered events and full syncs
// while a quarter of AYON's answers and of ShotGrid's entity answers arrive after the timeout. Nothing may be
// lost, no project's order broken, and the synced trees must come out exact.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  AddonSettings, AyonClient, defaultJobTopic, definePlugin, Handler, Runtime, RuntimeInfo, type AyonEvent, type HandlerContext, type JobReport,
} from "@ayon-sg/core";
import { CapturingLogger } from "@ayon-sg/testing";
import syncPlugin from "@ayon-sg/handler-sync-from-shotgrid";
import { ShotgridClient } from "@ayon-sg/shotgrid";
import type { GeneratedShotgridProject } from "@ayon-sg/testkit";
import {
  actualTree, AYON_KEY, expectedTree, linkedProject, SG_SCRIPT, shotgridAyonIds, SMALL_PROJECT, startSyncEnv, type SyncEnv,
} from "@ayon-sg/shotgrid/testing";
import { Capture } from "./capture.js";
import { clearFigures, recordFigures } from "./figures.js";
import { scanForSecrets } from "./secret-scan.js";
import { waitUntil } from "./world.js";

const SCENARIO = "slow-responses";
const CLIENT_TIMEOUT_MS = 400;
const SLOW_MS = 1_200;
const SLOW_SHARE = 0.25;
const SLOW_SECONDS = 20;
const PROJECTS = ["slow_a", "slow_b"];
const PER_PROJECT = 60;

/** Records what the runtime hands it, in order, per project. */
const handled: Array<{ id: string; project: string | null; seq: number }> = [];

@Handler({ topic: "reliability.slow" })
class RecordHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    handled.push({ id: event.id, project: event.project, seq: Number(event.payload.seq) });
    return ctx.done("recorded");
  }
}

let env: SyncEnv;
let runtime: Runtime;
const logger = new CapturingLogger();
const reports: JobReport[] = [];
const generated = new Map<string, GeneratedShotgridProject>();

beforeAll(async () => {
  clearFigures(SCENARIO);
  env = await startSyncEnv();
  for (const name of PROJECTS) generated.set(name, await linkedProject(env, name, { ...SMALL_PROJECT, shots: 40, tasksPerEntity: 3 }));
  const ayon = new AyonClient({
    serverUrl: env.ayonEmulator.url, apiKey: AYON_KEY, sender: "slow-runtime", senderType: "shotgrid", logger: logger.child({ component: "ayon" }),
    timeoutMs: CLIENT_TIMEOUT_MS, retry: { limit: 3, baseDelayMs: 50, maxDelayMs: 400 },
  });
  const sg = new ShotgridClient({
    siteUrl: env.sgEmulator.url, scriptName: SG_SCRIPT.name, scriptKey: SG_SCRIPT.key, logger: logger.child({ component: "shotgrid" }),
    timeoutMs: CLIENT_TIMEOUT_MS, retry: { limit: 3, baseDelayMs: 50, maxDelayMs: 400 },
  });
  runtime = await Runtime.create({
    plugins: [syncPlugin, definePlugin({ id: "slow-recorder", handlers: [RecordHandler] })],
    ayon,
    logger,
    settings: new AddonSettings("shotgrid", null, env.studioSettings, ayon),
    info: new RuntimeInfo("reliability", "slow-runtime", "test", process.cwd()),
    queue: { concurrency: 3, pollIntervalMs: 100, sweepIntervalMs: 1000, stuckJobMs: 5_000, outageBackoffMaxMs: 2_000, progressIntervalMs: 200 },
    services: [{ token: ShotgridClient, value: sg }],
  });
  runtime.events.on("job:done", (report) => reports.push(report));
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

describe(`answers slower than the ${CLIENT_TIMEOUT_MS} ms client timeouts`, () => {
  it(
    `loses nothing and keeps order while ${SLOW_SHARE * 100}% of AYON's and ShotGrid's answers take ${SLOW_MS} ms`,
    async () => {
      const plain = new AyonClient({ serverUrl: env.ayonEmulator.url, apiKey: AYON_KEY, sender: "slow-test", senderType: "test" });
      const ids = new Set<string>();
      for (let seq = 1; seq <= PER_PROJECT; seq++) {
        for (const project of PROJECTS) ids.add(await dispatch(plain, { topic: "reliability.slow", project, payload: { seq } }));
      }
      const syncs: string[] = [];
      for (const project of PROJECTS) syncs.push(await dispatch(plain, { topic: "shotgrid.event", project, payload: { action: "sync-from-shotgrid", project_name: project } }));
      // The slow answers start with the runtime, so they hit its work, not the test's dispatching.
      const slowAyon = env.ayonEmulator.faults.add({ match: { path: "^/(api|graphql)" }, delayMs: SLOW_MS, probability: SLOW_SHARE });
      const slowSg = env.sgEmulator.faults.add({ match: { path: "^/api/v1/entity" }, delayMs: SLOW_MS, probability: SLOW_SHARE });
      const started = Date.now();
      await runtime.start();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, SLOW_SECONDS * 1000 - (Date.now() - started))));
      const slowAnswers = fired(env.ayonEmulator.faults.list(), slowAyon) + fired(env.sgEmulator.faults.list(), slowSg);
      env.ayonEmulator.faults.clear();
      env.sgEmulator.faults.clear();

      // The sync's jobs and the recorder's (a plugin of its own, with its own job topic).
      const jobs = () => [...env.ayonEmulator.state.events.ofTopic("shotgrid.proc"), ...env.ayonEmulator.state.events.ofTopic(defaultJobTopic("slow-recorder"))];
      await waitUntil(() => jobs().length >= ids.size + syncs.length && jobs().every((j) => j.status === "finished"), "every job finished", 120_000, 100).catch((error: Error) => {
        throw new Error(`${error.message}: ${jobs().filter((j) => j.status !== "finished").map((j) => `${j.status} ${j.description}`).join("; ")}`);
      });

      const counts = new Map<string, number>();
      for (const line of handled) counts.set(line.id, (counts.get(line.id) ?? 0) + 1);
      expect([...ids].filter((id) => !counts.has(id))).toEqual([]); // nothing lost
      for (const project of PROJECTS) {
        // At-least-once where an answer was lost after the server acted; the order of first handling is kept.
        const firsts = handled.filter((l) => l.project === project).filter((l, i, all) => all.findIndex((o) => o.id === l.id) === i);
        expect(firsts.map((l) => l.seq)).toEqual(Array.from({ length: PER_PROJECT }, (_, i) => i + 1));
      }
      for (const [project, gen] of generated) {
        const { tree, ids: ayonIds } = actualTree(env.ayonEmulator, project);
        expect(tree).toEqual(expectedTree(gen));
        for (const [key, value] of shotgridAyonIds(env.sgEmulator, gen)) expect([key, value]).toEqual([key, ayonIds.get(key)]);
      }
      const repeats = [...counts.values()].filter((n) => n > 1).length;
      recordFigures(SCENARIO, {
        clientTimeoutMs: CLIENT_TIMEOUT_MS,
        slowAnswerMs: SLOW_MS,
        slowAnswers,
        eventsChecked: ids.size,
        eventsHandledTwice: repeats,
        syncsChecked: syncs.length,
        seconds: (Date.now() - started) / 1000,
      });
    },
    180_000,
  );

  it("leaks no secret into logs, jobs or events", () => {
    const capture = new Capture();
    capture.add("runtime log", logger.text());
    for (const entry of logger.entries) if (entry.meta.error) capture.addError(`log error ${entry.message}`, entry.meta.error);
    capture.addJson("job reports", reports);
    capture.addAyonEvents(env.ayonEmulator);
    const secrets = [
      { name: "AYON API key", value: AYON_KEY },
      { name: "ShotGrid script key", value: SG_SCRIPT.key },
      ...env.sgEmulator.issuedTokens().map((value, i) => ({ name: `ShotGrid token #${i + 1}`, value })),
    ];
    expect(scanForSecrets(capture, secrets)).toEqual([]);
  });
});

function fired(rules: Array<{ id: string; fired: number }>, id: string): number {
  return rules.find((r) => r.id === id)?.fired ?? 0;
}

async function dispatch(ayon: AyonClient, event: { topic: string; project: string; payload: Record<string, unknown> }): Promise<string> {
  const { id } = await ayon.dispatchEvent({ ...event, finished: true });
  return id!;
}
