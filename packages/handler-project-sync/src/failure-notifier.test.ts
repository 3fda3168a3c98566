// Failure notifications through the real runtime (DI, AYON's queue) against both emulators: a job that fails for
// good makes one AYON comment in the managers' inbox and one ShotGrid Note; a storm makes one summary of each;
// the studio and project switches turn them off; a key in the error reaches neither.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, definePlugin, Handler, HandlerError, type AyonEvent } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import { ShotgridClient } from "@ayon-sg/shotgrid";
import { activitiesOf, inboxOf } from "@ayon-sg/testkit";
import { linkedProject, SMALL_PROJECT, startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

const SECRET = "sk_live_0123456789abcdefSECRET";
class AlwaysFails {
  async handle(event: AyonEvent): Promise<never> {
    throw new HandlerError(`ShotGrid refused ${String(event.payload?.n)}: api_key=${SECRET}`, { retryable: false });
  }
}
Handler({ topic: "test.doomed", description: "fails for good" })(AlwaysFails);
const runs = new Map<string, number>();
class KeepsFailing {
  async handle(event: AyonEvent): Promise<never> {
    runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
    throw new HandlerError("ShotGrid is busy", { retryable: true });
  }
}
Handler({ topic: "test.flaky", description: "fails, retryable" })(KeepsFailing);
const doomed = definePlugin({ id: "doomed", handlers: [AlwaysFails, KeepsFailing] });

/** Studio settings with notifications on; a project named "quiet" turns them off for itself. */
class ProjectSwitches extends AddonSettings {
  override forProject(project: string): Promise<Record<string, unknown>> {
    if (project !== "quiet") return Promise.resolve(this.studio);
    return Promise.resolve({ ...this.studio, notification_settings: { ayon_inbox: false, shotgrid_note: false, window_minutes: 60 } });
  }
}

let env: SyncEnv;
const sgProject: Record<string, number> = {};
const sgShot: Record<string, number> = {};
const on = { notification_settings: { ayon_inbox: true, shotgrid_note: true, window_minutes: 60 } };

beforeAll(async () => {
  env = await startSyncEnv();
  await env.ayon.createUser("lead", { data: { isManager: true } });
  await env.ayon.createUser("artist", {});
  for (const name of ["loud", "storm", "quiet", "studiooff", "retried"]) {
    const generated = await linkedProject(env, name, SMALL_PROJECT);
    sgProject[name] = generated.projectId;
    sgShot[name] = generated.ids.Shot![0]!;
    await env.ayon.createFolder(name, { name: "root", folderType: "Folder" });
  }
});
afterAll(async () => {
  await env?.close();
});

async function runWith(settings: Record<string, unknown>, failures: Array<{ project: string; n: number }>): Promise<void> {
  const studio = { ...env.studioSettings, ...settings };
  const runtime: TestRuntime = await syncEnvRuntime(env, [plugin, doomed], {
    settings: studio,
    services: [{ token: AddonSettings, value: new ProjectSwitches("shotgrid", null, studio, null) }, { token: ShotgridClient, value: env.sg }],
  });
  await runtime.start();
  try {
    const sources = await Promise.all(failures.map(({ project, n }) => runtime.dispatch("test.doomed", {
      project, payload: { n, sg_payload: { entity: { type: "Shot", id: sgShot[project] }, project: { type: "Project", id: sgProject[project] } } },
    })));
    for (const source of sources) expect(await runtime.waitForJob(source, 30_000, "doomed")).toMatchObject({ status: "failed", retryable: false });
  } finally {
    // Stopping the runtime stops the notifier: held failures go out as summaries, and it waits for them.
    await runtime.stop();
  }
}

const activities = (project: string) => [...activitiesOf(env.ayonEmulator.state.project(project)!).values()];
const notes = (project: string) => env.sgEmulator.store.find("Note", [["project", "is", { type: "Project", id: sgProject[project] }]], { fields: ["subject", "content", "note_links", "project"] });

describe("failure notifications", () => {
  it("one failure: one comment in the managers' inbox and one Note on the Shot, no key in either", async () => {
    await runWith(on, [{ project: "loud", n: 1 }]);
    const [comment, ...more] = activities("loud");
    expect(more).toHaveLength(0);
    expect(comment!.body).toMatch(/^\[lead\]\(user:lead\) \*\*ayon-sg: a test\.doomed job failed in project loud\*\*/);
    expect(inboxOf(env.ayonEmulator.state.project("loud")!, "lead")).toHaveLength(1);
    expect(inboxOf(env.ayonEmulator.state.project("loud")!, "artist")).toHaveLength(0);
    const sgNotes = notes("loud");
    expect(sgNotes).toHaveLength(1);
    expect(sgNotes[0]).toMatchObject({ subject: "ayon-sg: a test.doomed job failed in project loud", note_links: [expect.objectContaining({ type: "Shot", id: sgShot.loud })] });
    expect(String(sgNotes[0]!.content)).toContain("ShotGrid refused 1: api_key=[redacted]");
    expect(JSON.stringify([comment, sgNotes])).not.toContain(SECRET);
  });

  it("a storm of 200 failures: the first at once, then one summary of each kind", async () => {
    await runWith(on, Array.from({ length: 200 }, (_, n) => ({ project: "storm", n })));
    const comments = activities("storm");
    const sgNotes = notes("storm");
    expect([comments.length, sgNotes.length]).toEqual([2, 2]);
    expect(sgNotes.map((n) => n.subject)).toEqual([
      "ayon-sg: a test.doomed job failed in project storm",
      expect.stringMatching(/^ayon-sg: 199 more jobs failed in project storm since /),
    ]);
    expect(comments[1]!.body).toContain("199 more jobs failed");
    expect(JSON.stringify([comments, sgNotes])).not.toContain(SECRET);
  });

  it("a retryable failure notifies once, when its retries are spent, not at each try", async () => {
    const runtime = await syncEnvRuntime(env, [plugin, doomed], { settings: { ...env.studioSettings, ...on }, queue: { maxRetries: 1, sweepIntervalMs: 200 } });
    await runtime.start();
    try {
      const source = await runtime.dispatch("test.flaky", { project: "retried", payload: { sg_payload: { project: { type: "Project", id: sgProject.retried } } } });
      const deadline = Date.now() + 20_000;
      while (((await runtime.jobEvent(source))?.retries ?? 0) <= 1 || (await runtime.jobEvent(source))?.status !== "failed") {
        if (Date.now() > deadline) throw new Error("the job never spent its retries");
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(runs.get(source)).toBe(3);
    } finally {
      await runtime.stop();
    }
    expect([activities("retried").length, notes("retried").length]).toEqual([1, 1]);
  });

  it("switched off for a project, or for the studio: nothing is sent", async () => {
    await runWith(on, [{ project: "quiet", n: 1 }]);
    await runWith({ notification_settings: { ayon_inbox: false, shotgrid_note: false } }, [{ project: "studiooff", n: 1 }]);
    expect([activities("quiet").length, notes("quiet").length, activities("studiooff").length, notes("studiooff").length]).toEqual([0, 0, 0, 0]);
  });
});
