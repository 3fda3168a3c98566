// Hostile input: property-based (fast-check) `shotgrid.event` payloads — arbitrary and malformed, unknown
// entity types, huge names, unicode, `'` and `;`, path-like names, wrong types — dispatched through the real
// runtime and AYON's queue to the real handlers (full sync, project import, and the live-update handler once
// it exists). Each must end as a failed job (not retried) with a clear description, or skipped where that is
// the handler's documented answer; nothing may crash or reject unhandled, and normal events keep being
// processed in between.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { isPluginDeclaration, type JobReport, type PluginDeclaration } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import projectSyncPlugin from "@ayon-sg/handler-project-sync";
import syncPlugin from "@ayon-sg/handler-sync-from-shotgrid";
import { AYON_KEY, linkedProject, SG_SCRIPT, SMALL_PROJECT, startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import { Capture } from "./capture.js";
import { clearFigures, recordFigures } from "./figures.js";
import { hostileEvent, type HostileEvent } from "./hostile-payloads.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { runSeed } from "./seeded-random.js";

const SCENARIO = "hostile-input";
const profile = currentProfile();
const seed = runSeed();
/** Signs that a handler tripped over the input instead of refusing it. */
const UNCLEAR = /Cannot read propert|is not a function|is not iterable|\[object Object\]|undefined is not|Unexpected token|Maximum call stack|\n\s+at /;
const MAX_DESCRIPTION = 2_000;
const CANARY_EVERY = 25;

let env: SyncEnv;
let runtime: TestRuntime;
let updateLoaded = false;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const outcomes = new Map<string, number>();
let cases = 0;
let canaries = 0;

beforeAll(async () => {
  clearFigures(SCENARIO);
  process.stdout.write(`[reliability] ${SCENARIO}: seed ${seed} (replay with RELIABILITY_SEED=${seed})\n`);
  process.on("unhandledRejection", onUnhandled);
  env = await startSyncEnv();
  await linkedProject(env, "fuzz_ok", SMALL_PROJECT);
  await env.ayon.createProject({ name: "fuzz_unlinked", code: "fuzz_unlinked" });
  const plugins: PluginDeclaration[] = [syncPlugin, projectSyncPlugin];
  const update = (await import("@ayon-sg/handler-update-from-shotgrid").catch(() => ({}))) as { default?: unknown };
  if (isPluginDeclaration(update.default)) {
    plugins.push(update.default);
    updateLoaded = true;
  }
  // A job is tried once: a garbage event must fail for good, not be retried.
  runtime = await syncEnvRuntime(env, plugins, { queue: { maxRetries: 0, concurrency: 2 } });
  await runtime.start();
}, 60_000);

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await runtime?.stop();
  await env?.close();
});

/** What is wrong with a hostile event's outcome; empty when it is the clear refusal the issue asks for. */
function descriptionProblems(report: JobReport): string[] {
  const problems: string[] = [];
  if (!["failed", "skipped", "finished"].includes(report.status)) problems.push(`status ${report.status}`);
  if (report.status === "failed" && report.retryable) problems.push("a hostile event was failed as retryable");
  if (report.description.trim().length <= 10) problems.push("no description");
  if (report.description.length > MAX_DESCRIPTION) problems.push(`a ${report.description.length}-character description`);
  if (UNCLEAR.test(report.description)) problems.push("the description shows a crash, not a reason");
  return problems;
}

async function run(event: HostileEvent): Promise<JobReport> {
  const id = await runtime.dispatch("shotgrid.event", { project: event.project ?? undefined, payload: event.payload });
  return runtime.waitForJob(id, 30_000);
}

/** A normal event after hostile ones: the full sync of a linked project still works. */
async function canary(): Promise<void> {
  canaries += 1;
  const report = await run({ project: "fuzz_ok", payload: { action: "sync-from-shotgrid", project_name: "fuzz_ok" } });
  expect(report).toMatchObject({ status: "finished", description: expect.stringMatching(/^Synced fuzz_ok/) });
}

describe("hostile shotgrid.event payloads through the runtime", () => {
  it(
    "each ends failed (not retried) or skipped with a clear description; nothing crashes; normal events still run",
    async () => {
      await canary();
      await fc.assert(
        fc.asyncProperty(hostileEvent(), async (event) => {
          cases += 1;
          const report = await run(event);
          outcomes.set(report.status, (outcomes.get(report.status) ?? 0) + 1);
          const problems = descriptionProblems(report);
          if (problems.length > 0) throw new Error(`${problems.join("; ")}: ${report.status} "${report.description.slice(0, 400)}"`);
          if (cases % CANARY_EVERY === 0) await canary();
        }),
        { numRuns: profile.fuzzRuns, seed },
      );
      await canary();
      expect(unhandled).toEqual([]);
      expect(runtime.logger.entries.filter((e) => /unhandled|uncaught/i.test(e.message))).toEqual([]);
      recordFigures(SCENARIO, {
        seed,
        fuzzCases: cases,
        canaryEvents: canaries,
        updateHandlerLoaded: updateLoaded,
        outcomes: [...outcomes].map(([status, n]) => `${status}×${n}`).join(" "),
      });
    },
    timeoutFor(profile.fuzzRuns * 150),
  );

  it("writes no secret into any job, event or log line", () => {
    const capture = new Capture();
    capture.addAyonEvents(env.ayonEmulator);
    capture.add("runtime log", runtime.logger.text());
    for (const entry of runtime.logger.entries) if (entry.meta.error) capture.addError(`log error ${entry.message}`, entry.meta.error);
    const secrets = [
      { name: "AYON API key", value: AYON_KEY },
      { name: "ShotGrid script key", value: SG_SCRIPT.key },
      ...env.sgEmulator.issuedTokens().map((value, i) => ({ name: `ShotGrid token #${i + 1}`, value })),
    ];
    expect(scanForSecrets(capture, secrets)).toEqual([]);
  });
});
