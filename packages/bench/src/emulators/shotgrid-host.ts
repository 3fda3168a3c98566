// The ShotGrid emulator in its own process. Seeding and the live scenario's edits happen here, in-process, the
// way a person editing in ShotGrid's web UI writes rows and event log entries without going through our API.
import { generateShotgridProject, startShotgridEmulator, type ShotgridProjectSpec } from "@ayon-sg/testkit";
import { hostStats } from "./host-stats.js";
import { EditScript, type EditPlan } from "./edit-script.js";
import { WriteWatcher } from "./write-watcher.js";

export interface ShotgridHostOptions {
  latencyMs: number;
  /** `generateEventLogEntries`: the script's writes are logged, so the push scenario can time them (write-watcher.ts). */
  script: { name: string; key: string; generateEventLogEntries?: boolean };
}

export interface SeededProject {
  projectId: number;
  /** Rows written per entity type. */
  counts: Record<string, number>;
}

export async function startShotgridHost(raw: Record<string, unknown>) {
  const options = raw as unknown as ShotgridHostOptions;
  const emulator = await startShotgridEmulator({ latencyMs: options.latencyMs, scripts: [options.script] });
  let edits: EditScript | null = null;
  const writes = new WriteWatcher(emulator.store);
  return {
    url: emulator.url,
    close: async () => {
      edits?.stop();
      await emulator.close();
    },
    commands: {
      stats: () => hostStats(emulator.stats()),
      resetStats: () => emulator.resetStats(),
      seed: (args: { spec: ShotgridProjectSpec }): SeededProject => {
        const generated = generateShotgridProject(emulator.store, args.spec);
        const counts = Object.fromEntries(Object.entries(generated.ids).map(([type, ids]) => [type, ids.length]));
        return { projectId: generated.projectId, counts };
      },
      /** A new ShotGrid Project with nothing in it. */
      emptyProject: (args: { name: string; code: string }): { projectId: number } => ({ projectId: emulator.store.create("Project", { name: args.name, code: args.code }).id }),
      /** Live rows of each entity type in one project. */
      projectCounts: (args: { projectId: number; types: string[] }): Record<string, number> =>
        Object.fromEntries(args.types.map((type) => [type, emulator.store.find(type, [["project", "is", { type: "Project", id: args.projectId }]]).length])),
      /** Starts the scripted edits; they run on their own timer, `editTimes` reports them. */
      startEdits: (args: EditPlan) => {
        edits?.stop();
        edits = new EditScript(emulator.store, emulator.humanUser("bench.artist", "Bench Artist"), args);
        edits.start();
        return { planned: args.total };
      },
      editTimes: () => edits?.report() ?? { done: 0, finishedAt: null, times: {} },
      /** People on the site (HumanUsers), found or created by login: their ids. */
      humanUsers: (args: { logins: string[] }): Record<string, number> => Object.fromEntries(args.logins.map((login) => [login, emulator.humanUser(login, login).id])),
      /** The status codes each type's sg_status_list takes. */
      statusCodes: (args: { types: string[] }): Record<string, string[]> =>
        Object.fromEntries(args.types.map((type) => [type, [...(emulator.store.schema.type(type)?.field("sg_status_list")?.validValues ?? [])]])),
      /** Starts timing the ShotGrid writes that carry the push scenario's edits; `writeTimes` reports them. */
      startWriteWatch: (args: { pattern: string; keyedFields: string[] }) => writes.start(new RegExp(args.pattern), args.keyedFields),
      writeTimes: () => writes.times(),
    },
  };
}
