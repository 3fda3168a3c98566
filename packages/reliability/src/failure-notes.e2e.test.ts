// Failure notifications through the real binary against both emulators, switched on in the addon settings saved in
// AYON: an import refused for good makes one comment in the project manager's AYON inbox and one ShotGrid Note on
// the ShotGrid project; a storm of 200 more refusals within the window makes one summary of each, sent when the binary stops; a
// project whose own settings turn them off gets nothing;
// no secret reaches the comments, the Notes, the output or AYON's events.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { activitiesOf, generateShotgridProject, inboxOf, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { scanForSecrets } from "./secret-scan.js";
import { ADDON, AYON_KEY, waitUntil, World } from "./world.js";

const SHOW = "notify_show";
const QUIET = "quiet_show";
/** Failures after the first, within one throttle window. */
const STORM = 200;
let world: World;
let show: GeneratedShotgridProject;
let quiet: GeneratedShotgridProject;

beforeAll(async () => {
  world = await World.start({ settings: { notification_settings: { ayon_inbox: true, shotgrid_note: true, window_minutes: 30 } } });
  show = generateShotgridProject(world.sgEmu.store, { name: SHOW, episodes: 1, sequencesPerEpisode: 1, shots: 2, assets: 1, assetCategories: ["Prop"], tasksPerEntity: 1 });
  // An AYON project of that name exists and is not linked: importing onto it is refused for good.
  await world.ayon.createProject({ name: SHOW, code: SHOW });
  await world.ayon.createFolder(SHOW, { name: "root", folderType: "Folder" });
  await world.ayon.createUser("lead", { data: { isManager: true } });
  // A second such project whose own addon settings (a project override saved in AYON) turn notifications off.
  quiet = generateShotgridProject(world.sgEmu.store, { name: QUIET, episodes: 1, sequencesPerEpisode: 1, shots: 1, assets: 1, assetCategories: ["Prop"], tasksPerEntity: 1 });
  await world.ayon.createProject({ name: QUIET, code: QUIET });
  await world.ayon.createFolder(QUIET, { name: "root", folderType: "Folder" });
  const saved = await fetch(`${world.ayonEmu.url}/api/addons/${ADDON.name}/${ADDON.version}/settings/${QUIET}`, {
    method: "POST",
    headers: { "x-api-key": AYON_KEY, "content-type": "application/json" },
    body: JSON.stringify({ notification_settings: { ayon_inbox: false, shotgrid_note: false } }),
  });
  expect(saved.status).toBeLessThan(300);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const comments = (project = SHOW) => [...activitiesOf(world.ayonEmu.state.project(project)!).values()];
const notes = (id = show.projectId) => world.sgEmu.store.find("Note", [["project", "is", { type: "Project", id }]], { fields: ["subject", "content"] });
const refused = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").filter((j) => j.status === "failed").length;
const importRequest = (n: number, name = SHOW, id = show.projectId) => ({ action: "create-project", project_name: name, project_code: name, sg_project_id: id, n });

describe("failure notifications (real binary)", () => {
  it("one refusal: one comment in the manager's inbox and one Note; a storm of 200 more: one summary of each at stop; no secret anywhere", async () => {
    const run = world.launch(world.studio(["project-sync"], { sweepIntervalSeconds: 1 }), "notify");
    await world.dispatch({ topic: "shotgrid.event", project: SHOW, payload: importRequest(0) });
    await waitUntil(() => comments().length === 1 && notes().length === 1, "the first comment and Note", 60_000);
    expect(comments()[0]!.body).toContain("[lead](user:lead)");
    expect(inboxOf(world.ayonEmu.state.project(SHOW)!, "lead")).toHaveLength(1);
    expect(notes()[0]!.subject).toBe("ayon-sg: a shotgrid.event (create-project) job failed in project notify_show");

    for (let n = 1; n <= STORM; n++) await world.dispatch({ topic: "shotgrid.event", project: SHOW, payload: importRequest(n) });
    await world.dispatch({ topic: "shotgrid.event", project: QUIET, payload: importRequest(0, QUIET, quiet.projectId) });
    await waitUntil(() => refused() === STORM + 2, `${STORM + 2} refused imports`, 180_000);
    expect([comments().length, notes().length]).toEqual([1, 1]);
    await run.stop("SIGTERM");
    expect([comments().length, notes().length]).toEqual([2, 2]);
    expect(notes()[1]!.subject).toMatch(new RegExp(`^ayon-sg: ${STORM} more jobs failed in project notify_show since `));
    // The summary lists the storm's first few failures and counts the rest.
    expect(notes()[1]!.content).toMatch(new RegExp(`^The first 10 of ${STORM}:\n- shotgrid.event \\(create-project\\), job `));
    expect(comments()[1]!.body).toContain(`${STORM} more jobs failed`);
    expect([comments(QUIET).length, notes(quiet.projectId).length]).toEqual([0, 0]);

    const capture = world.collect();
    capture.add("comments", JSON.stringify(comments()));
    capture.add("notes", JSON.stringify(notes()));
    expect(scanForSecrets(capture, world.secrets())).toEqual([]);
  }, 240_000);
});
