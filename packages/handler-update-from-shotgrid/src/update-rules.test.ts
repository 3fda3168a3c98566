// One scenario per rule of the shotgrid-event handler, through the real runtime and AYON's queue against both
// emulators. ShotGrid edits are made as an artist; the EventLogEntry rows they log are dispatched as the leecher
// would (its own payload code), in id order.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  SG_SCRIPT, ayonTree, dispatchEvents, editAndReplay, lastEventId, leechableEvents, publish, sgIdentity, smallProject, startUpdateWorld, type UpdateWorld,
} from "./update.test-helpers.js";

let world: UpdateWorld;

beforeAll(async () => {
  world = await startUpdateWorld();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const project = (name: string) => smallProject(world, name);

const tree = (name: string) => ayonTree(world.env.ayonEmulator, name);

describe("a New event: create, with the missing parents", () => {
  it("creates a Task whose Shot and Sequence are not in AYON yet, all three linked both ways", async () => {
    const { g, p, ref } = await project("create_parents");
    const before = lastEventId(world.store);
    const seq = world.store.create("Sequence", { project: ref, code: "sq900", episode: { type: "Episode", id: g.ids.Episode[0]! } }, { as: world.artist });
    const shot = world.store.create("Shot", { project: ref, code: "sq900_sh010", sg_sequence: { type: "Sequence", id: seq.id } }, { as: world.artist });
    const task = world.store.create("Task", { project: ref, content: "comp", entity: { type: "Shot", id: shot.id }, step: { type: "Step", id: g.tree.steps.find((s) => s.code === "Compositing")!.id } }, { as: world.artist });
    const events = leechableEvents(world.env, before, g.projectId);
    const taskNew = events.filter((e) => e.event_type === "Shotgun_Task_New");
    expect(taskNew).toHaveLength(1);

    const [report] = await dispatchEvents(world, p.ayon, p.sgId, taskNew);
    expect(report).toMatchObject({ status: "finished", description: expect.stringMatching(/Task \d+ created in AYON; also Shot \d+ created, Sequence \d+ created/) });
    const { linked } = tree(p.ayon);
    expect(linked.get(`Sequence:${seq.id}`)).toMatchObject({ name: "sq900", type: "Sequence", parent: `Episode:${g.ids.Episode[0]}`, active: true });
    expect(linked.get(`Shot:${shot.id}`)).toMatchObject({ name: "sq900_sh010", parent: `Sequence:${seq.id}` });
    expect(linked.get(`Task:${task.id}`)).toMatchObject({ name: "comp", type: "Compositing", parent: `Shot:${shot.id}` });
    for (const [type, id] of [["Sequence", seq.id], ["Shot", shot.id], ["Task", task.id]] as const) {
      expect(sgIdentity(world.store, type, id)).toEqual({ sg_ayon_id: linked.get(`${type}:${id}`)!.id, sg_ayon_sync_status: "Synced" });
    }

    // The Sequence's and Shot's own New events, arriving later, find everything in place.
    const rest = await dispatchEvents(world, p.ayon, p.sgId, events.filter((e) => e !== taskNew[0]));
    expect(rest.map((r) => r.status)).toEqual(rest.map(() => expect.stringMatching(/finished|skipped/)));
    expect(rest.filter((r) => r.status === "finished").every((r) => /already in sync/.test(r.description))).toBe(true);
    expect(tree(p.ayon).linked.size).toBe(linked.size);
  });
});

describe("a change of code/content: rename", () => {
  it("renames name and label of an unpublished Shot, the label only of one with versions", async () => {
    const { g, p } = await project("rename");
    const [free, published] = [g.ids.Shot[0]!, g.ids.Shot[1]!];
    const state = world.env.ayonEmulator.state.project(p.ayon)!;
    const publishedId = tree(p.ayon).linked.get(`Shot:${published}`)!.id;
    state.folders.get(publishedId)!.hasVersions = true;

    const reports = await editAndReplay(world, p, (store, as) => {
      store.update("Shot", free, { code: "hero shot 01" }, as);
      store.update("Shot", published, { code: "kept shot" }, as);
    });
    expect(reports.map((r) => r.status)).toEqual(["finished", "finished"]);
    const { linked } = tree(p.ayon);
    expect(linked.get(`Shot:${free}`)).toMatchObject({ name: "hero_shot_01", label: "hero shot 01" });
    const kept = g.tree.shots[1]!.code;
    expect(linked.get(`Shot:${published}`)).toMatchObject({ name: kept, label: "kept shot" });
  });

  it("changes the label only under the label_only rename policy (sync_settings.rename_policy)", async () => {
    const labelOnly = await startUpdateWorld({ settings: { sync_settings: { rename_policy: "label_only" } } });
    try {
      const { g, p } = await smallProject(labelOnly, "label_only");
      const shot = g.tree.shots[0]!;
      await editAndReplay(labelOnly, p, (store, as) => store.update("Shot", shot.id, { code: "new label" }, as));
      expect(ayonTree(labelOnly.env.ayonEmulator, "label_only").linked.get(`Shot:${shot.id}`)).toMatchObject({ name: shot.code, label: "new label" });
    } finally {
      await labelOnly.close();
    }
  });

  it("renames a Task's name and label from its content", async () => {
    const { g, p } = await project("rename_task");
    const taskId = g.ids.Task[0]!;
    await editAndReplay(world, p, (store, as) => store.update("Task", taskId, { content: "Layout v2" }, as));
    expect(tree(p.ayon).linked.get(`Task:${taskId}`)).toMatchObject({ name: "Layout_v2", label: "Layout v2" });
  });

  it("leaves a name the Python addon made alone on a status change; a real ShotGrid rename renames (issue 14)", async () => {
    const { g, p } = await project("python_names");
    const [dashed, circled] = [g.tree.shots[0]!.id, g.tree.shots[1]!.id];
    const taskId = g.ids.Task[0]!;
    // Set up silently (no event replayed): ShotGrid names, and the AYON names and labels the Python addon gave them
    // (ayon_api.slugify_string: "sh010-a" -> sh010_a; "sh①" -> sh1, where our transliteration gives "sh"; task
    // "Comp - Final" -> Comp_Final).
    world.store.update("Shot", dashed, { code: "sh010-a" }, { as: world.artist });
    world.store.update("Shot", circled, { code: "sh①" }, { as: world.artist });
    world.store.update("Task", taskId, { content: "Comp - Final" }, { as: world.artist });
    const state = world.env.ayonEmulator.state.project(p.ayon)!;
    const before = tree(p.ayon).linked;
    for (const [key, name, label] of [[`Shot:${dashed}`, "sh010_a", "sh010-a"], [`Shot:${circled}`, "sh1", "sh①"], [`Task:${taskId}`, "Comp_Final", "Comp - Final"]] as const) {
      const entity = before.get(key)!;
      Object.assign(entity.kind === "folder" ? state.folders.get(entity.id)! : state.tasks.get(entity.id)!, { name, label });
    }

    const touched = await editAndReplay(world, p, (store, as) => {
      for (const id of [dashed, circled]) store.update("Shot", id, { sg_status_list: "fin" }, as);
      store.update("Task", taskId, { sg_status_list: "fin" }, as);
    });
    expect(touched.map((r) => r.status)).toEqual(["finished", "finished", "finished"]);
    const after = tree(p.ayon).linked;
    expect(after.get(`Shot:${dashed}`)).toMatchObject({ name: "sh010_a", label: "sh010-a" });
    expect(after.get(`Shot:${circled}`)).toMatchObject({ name: "sh1", label: "sh①" });
    expect(after.get(`Task:${taskId}`)).toMatchObject({ name: "Comp_Final", label: "Comp - Final" });
    expect(after.get(`Shot:${dashed}`)!.status).not.toBe(before.get(`Shot:${dashed}`)!.status);

    await editAndReplay(world, p, (store, as) => {
      store.update("Shot", dashed, { code: "sh010-b" }, as);
      store.update("Task", taskId, { content: "Comp - Final v2" }, as);
    });
    const renamed = tree(p.ayon).linked;
    expect(renamed.get(`Shot:${dashed}`)).toMatchObject({ name: "sh010_b", label: "sh010-b" });
    expect(renamed.get(`Task:${taskId}`)).toMatchObject({ name: "Comp_Final_v2", label: "Comp - Final v2" });
  });

  it("solves a clash with a sibling with the de-duplicated name (<name>_<ShotGrid id>)", async () => {
    const { g, p } = await project("rename_clash");
    const [a, b] = g.tree.shots;
    const reports = await editAndReplay(world, p, (store, as) => store.update("Shot", b!.id, { code: a!.code }, as));
    expect(reports[0]!.status).toBe("finished");
    expect(tree(p.ayon).linked.get(`Shot:${b!.id}`)).toMatchObject({ name: `${a!.code}_${b!.id}`, label: a!.code });
    expect(tree(p.ayon).linked.get(`Shot:${a!.id}`)).toMatchObject({ name: a!.code });
  });
});

describe("a change of the parent link: move", () => {
  it("moves a Shot (with its Tasks) to another Sequence", async () => {
    const { g, p } = await project("move");
    const shot = g.tree.shots[0]!;
    const other = g.tree.sequences.find((s) => s.id !== shot.sequence)!;
    const reports = await editAndReplay(world, p, (store, as) => store.update("Shot", shot.id, { sg_sequence: { type: "Sequence", id: other.id } }, as));
    expect(reports.filter((r) => r.status === "finished").length).toBeGreaterThanOrEqual(1);
    const { linked } = tree(p.ayon);
    expect(linked.get(`Shot:${shot.id}`)).toMatchObject({ parent: `Sequence:${other.id}` });
    for (const t of g.tree.tasks.filter((t) => t.entity.id === shot.id)) expect(linked.get(`Task:${t.id}`)?.parent).toBe(`Shot:${shot.id}`);
  });

  it("moves an Asset to another category, creating it with the Python addon's name and id, and deletes the category it emptied", async () => {
    const { g, p } = await project("move_asset");
    const prop = g.tree.assets.find((a) => a.category === "Prop")!;
    await editAndReplay(world, p, (store, as) => store.update("Asset", prop.id, { sg_asset_type: "Matte Painting" }, as));
    const { linked } = tree(p.ayon);
    expect(linked.get(`Asset:${prop.id}`)?.parent).toBe("AssetCategory:matte_painting");
    expect(linked.get("AssetCategory:matte_painting")).toMatchObject({
      name: "matte_painting", label: "Matte Painting", type: "AssetCategory", parent: null, shotgridId: "matte_painting", shotgridType: "AssetCategory",
    });
    expect(linked.has("AssetCategory:prop")).toBe(false);
    expect(linked.has("AssetCategory:character")).toBe(true);
  });

  it("keeps a category that still holds another Asset when one leaves (AYON counts children only with hasChildren)", async () => {
    const { g, p } = await project("move_asset_shared");
    const props = g.tree.assets.filter((a) => a.category === "Prop");
    if (props.length < 2) {
      const [report] = await editAndReplay(world, p, (store, as) => store.create("Asset", { project: { type: "Project", id: p.sgId }, code: "prop_extra", sg_asset_type: "Prop" }, as));
      expect(report?.status).toBe("finished");
    }
    const { linked: before } = tree(p.ayon);
    const stayers = [...before.entries()].filter(([key, e]) => key.startsWith("Asset:") && e.parent === "AssetCategory:prop");
    expect(stayers.length).toBeGreaterThanOrEqual(2);
    const [leaverKey] = stayers[0]!;
    await editAndReplay(world, p, (store, as) => store.update("Asset", Number(leaverKey.slice("Asset:".length)), { sg_asset_type: "Vehicle" }, as));
    const { linked } = tree(p.ayon);
    expect(linked.get(leaverKey)?.parent).toBe("AssetCategory:vehicle");
    expect(linked.has("AssetCategory:prop")).toBe(true);
    for (const [key] of stayers.slice(1)) expect(linked.get(key)).toMatchObject({ parent: "AssetCategory:prop", active: true });
  });

  it("keeps a published folder where it is, fails the event with the reason and marks it Failed in ShotGrid", async () => {
    const { g, p } = await project("move_published");
    const shot = g.tree.shots[0]!;
    const other = g.tree.sequences.find((s) => s.id !== shot.sequence)!;
    world.env.ayonEmulator.state.project(p.ayon)!.folders.get(tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id)!.hasVersions = true;
    const reports = await editAndReplay(world, p, (store, as) => store.update("Shot", shot.id, { sg_sequence: { type: "Sequence", id: other.id } }, as));
    const failed = reports.find((r) => r.status === "failed")!;
    expect(failed).toMatchObject({ retryable: false, description: expect.stringMatching(/published versions and stays where it is/) });
    expect(tree(p.ayon).linked.get(`Shot:${shot.id}`)?.parent).toBe(`Sequence:${shot.sequence}`);
    expect(sgIdentity(world.store, "Shot", shot.id).sg_ayon_sync_status).toBe("Failed");
  });
});

describe("a Task AYON cannot hold any more", () => {
  it("removes the AYON task of a Task unlinked from its entity, and marks it Skipped in ShotGrid", async () => {
    const { g, p } = await project("unlinked_task");
    const task = g.tree.tasks[0]!;
    const [report] = await editAndReplay(world, p, (store, as) => store.update("Task", task.id, { entity: null }, as));
    expect(report).toMatchObject({ status: "skipped", description: expect.stringMatching(/the Task is not linked to any entity \(AYON tasks need a folder\); its AYON task is deleted/) });
    expect(tree(p.ayon).linked.has(`Task:${task.id}`)).toBe(false);
    expect(sgIdentity(world.store, "Task", task.id).sg_ayon_sync_status).toBe("Skipped");
  });
});

describe("a change of step: task type", () => {
  it("follows the Step, adding a new Step's code to the anatomy", async () => {
    const { g, p } = await project("step");
    const [t1, t2] = g.tree.tasks;
    const fx = g.tree.steps.find((s) => s.code === "FX")!;
    const newStep = world.store.create("Step", { code: "Matte Paint", short_name: "mp", entity_type: "Shot" });
    await editAndReplay(world, p, (store, as) => {
      store.update("Task", t1!.id, { step: { type: "Step", id: fx.id } }, as);
      store.update("Task", t2!.id, { step: { type: "Step", id: newStep.id } }, as);
    });
    const { linked } = tree(p.ayon);
    expect(linked.get(`Task:${t1!.id}`)?.type).toBe("FX");
    expect(linked.get(`Task:${t2!.id}`)?.type).toBe("Matte Paint");
    const anatomy = (await world.env.ayon.getProject(p.ayon))!.taskTypes.map((t) => t.name);
    expect(anatomy).toContain("Matte Paint");
  });
});

describe("Retirement and Revival", () => {
  it("deletes a retired Shot and its Tasks (Tasks' events first), and a revival brings them back with their AYON ids", async () => {
    const { g, p } = await project("retire_revive");
    const shot = g.tree.shots[0]!;
    const taskIds = g.tree.tasks.filter((t) => t.entity.id === shot.id).map((t) => t.id);
    const before = tree(p.ayon).linked;
    const ids = new Map([`Shot:${shot.id}`, ...taskIds.map((t) => `Task:${t}`)].map((k) => [k, before.get(k)!.id]));

    const retired = await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    expect(retired.filter((r) => r.status === "finished").map((r) => r.description).join("\n")).toMatch(/Shot \d+ deleted in AYON/);
    const after = tree(p.ayon);
    for (const key of ids.keys()) expect(after.linked.has(key)).toBe(false);
    expect(after.other).toEqual([]);

    const revived = await editAndReplay(world, p, (store, as) => store.revive("Shot", shot.id, as));
    expect(revived.every((r) => r.status !== "failed")).toBe(true);
    const back = tree(p.ayon).linked;
    for (const [key, id] of ids) expect([key, back.get(key)?.id, back.get(key)?.active]).toEqual([key, id, true]);
    expect(back.get(`Shot:${shot.id}`)?.parent).toBe(`Sequence:${shot.sequence}`);
  });

  it("deactivates a published Shot (and its Tasks) with shotgridId 'removed'; a revival reactivates the same entities", async () => {
    const { g, p } = await project("retire_published");
    const shot = g.tree.shots[0]!;
    const folderId = tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id;
    await publish(world, p.ayon, folderId, true);
    const taskCount = g.tree.tasks.filter((t) => t.entity.id === shot.id).length;

    const reports = await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    expect(reports.map((r) => r.description).join("\n")).toMatch(/Shot \d+ deactivated in AYON \(shotgridId 'removed'\)/);
    const kept = tree(p.ayon).other;
    expect(kept).toHaveLength(1 + taskCount);
    for (const e of kept) expect(e).toMatchObject({ active: false, shotgridId: "removed" });
    expect(kept.find((e) => e.id === folderId)).toMatchObject({ shotgridType: "Shot" });

    await editAndReplay(world, p, (store, as) => store.revive("Shot", shot.id, as));
    const { linked, other } = tree(p.ayon);
    expect(other).toEqual([]);
    expect(linked.get(`Shot:${shot.id}`)).toMatchObject({ id: folderId, active: true, shotgridId: String(shot.id) });
    for (const t of g.tree.tasks.filter((t) => t.entity.id === shot.id)) expect(linked.get(`Task:${t.id}`)).toMatchObject({ active: true, parent: `Shot:${shot.id}` });
  });

  it("deletes what an earlier retirement kept as 'removed' when the entity is retired again and nothing stays below", async () => {
    const { g, p } = await project("retire_remnant");
    const shot = g.tree.shots[0]!;
    const folderId = tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id;
    // A folder made in AYON below the Shot: its retirement keeps the Shot, inactive and marked "removed".
    const handMade = await world.env.ayon.createFolder(p.ayon, { name: "hand_made", folderType: "Folder", parentId: folderId });
    await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    expect(tree(p.ayon).other.find((e) => e.id === folderId)).toMatchObject({ active: false, shotgridId: "removed", shotgridType: "Shot" });

    // The hand-made folder goes; the Shot is revived and retired again before its events run: each event re-reads a
    // retired Shot and meets the entity the first retirement kept, now with nothing below it.
    await world.env.ayon.deleteFolder(p.ayon, handMade);
    const reports = await editAndReplay(world, p, (store, as) => {
      store.revive("Shot", shot.id, as);
      store.retire("Shot", shot.id, as);
    });
    expect(reports.every((r) => r.status !== "failed")).toBe(true);
    const { linked, other } = tree(p.ayon);
    expect(linked.has(`Shot:${shot.id}`)).toBe(false);
    expect(other).toEqual([]);
  });

  it("PR #122: an Asset's revival whose Tasks' events come first brings the Asset back at the first Task event", async () => {
    const { g, p } = await project("out_of_order");
    const asset = g.tree.assets[0]!;
    const assetAyonId = tree(p.ayon).linked.get(`Asset:${asset.id}`)!.id;
    await editAndReplay(world, p, (store, as) => store.retire("Asset", asset.id, as));
    expect(tree(p.ayon).linked.has(`Asset:${asset.id}`)).toBe(false);

    const before = lastEventId(world.store);
    world.store.revive("Asset", asset.id, { as: world.artist });
    const events = leechableEvents(world.env, before, g.projectId);
    // ShotGrid's event log order: the Tasks' retirement_date changes, then the Asset's, then the Revival.
    expect(events.map((e) => `${e.event_type}.${e.attribute_name ?? ""}`)).toEqual([
      ...g.tree.tasks.filter((t) => t.entity.id === asset.id).map(() => "Shotgun_Task_Change.retirement_date"),
      "Shotgun_Asset_Change.retirement_date",
      "Shotgun_Asset_Revival.",
    ]);
    const [first] = await dispatchEvents(world, p.ayon, p.sgId, events.slice(0, 1));
    expect(first!.description).toMatch(/Task \d+ created in AYON; also Asset \d+ created/);
    expect(tree(p.ayon).linked.get(`Asset:${asset.id}`)).toMatchObject({ id: assetAyonId, parent: `AssetCategory:${asset.category.toLowerCase()}` });
    const rest = await dispatchEvents(world, p.ayon, p.sgId, events.slice(1));
    // The other Tasks find their Asset in place; the Asset's own retirement_date change leaves the work to its Revival.
    expect(rest.map((r) => r.status)).toEqual([...rest.slice(0, -2).map(() => "finished"), "skipped", "finished"]);
    expect(rest.at(-2)!.description).toMatch(/its Revival event syncs it/);
    const { linked } = tree(p.ayon);
    for (const t of g.tree.tasks.filter((t) => t.entity.id === asset.id)) expect(linked.get(`Task:${t.id}`)?.parent).toBe(`Asset:${asset.id}`);
  });

  it("moves a retired Sequence's Shots to the root (their link now reads empty) and back under it on revival", async () => {
    const { g, p } = await project("retire_parent");
    const seq = g.tree.sequences[0]!;
    const shots = g.tree.shots.filter((s) => s.sequence === seq.id);
    expect(shots.length).toBeGreaterThan(0);
    await editAndReplay(world, p, (store, as) => store.retire("Sequence", seq.id, as));
    let linked = tree(p.ayon).linked;
    expect(linked.has(`Sequence:${seq.id}`)).toBe(false);
    for (const s of shots) expect(linked.get(`Shot:${s.id}`)?.parent).toBeNull();

    await editAndReplay(world, p, (store, as) => store.revive("Sequence", seq.id, as));
    linked = tree(p.ayon).linked;
    for (const s of shots) expect(linked.get(`Shot:${s.id}`)?.parent).toBe(`Sequence:${seq.id}`);
  });
});

describe("identity matching (identity.ts) without a usable sg_ayon_id", () => {
  it("finds the entity under its parent when ShotGrid lost its sg_ayon_id, instead of making a second one", async () => {
    const { g, p, ref } = await project("lost_id");
    let shotId = 0;
    const events: Awaited<ReturnType<typeof editAndReplay>> = await editAndReplay(world, p, (store, as) => {
      shotId = store.create("Shot", { project: ref, code: "sh_lost", sg_sequence: { type: "Sequence", id: g.ids.Sequence[0]! } }, as).id;
    });
    expect(events.some((r) => /created in AYON/.test(r.description))).toBe(true);
    const made = tree(p.ayon).linked.get(`Shot:${shotId}`)!;
    // The write-back is lost (cleared by the script: no event), then the New event is replayed.
    world.store.update("Shot", shotId, { sg_ayon_id: "", sg_ayon_sync_status: null }, { as: world.env.sgEmulator.script(SG_SCRIPT.name) });
    const newEvent = world.store.find("EventLogEntry", [["event_type", "is", "Shotgun_Shot_New"]], { fields: ["id", "event_type", "attribute_name", "meta", "entity", "user", "project", "session_uuid", "created_at"], sort: "-id", limit: 1 });
    const [replayed] = await dispatchEvents(world, p.ayon, p.sgId, newEvent);
    expect(replayed!.description).toMatch(/already in sync with AYON/);
    expect(tree(p.ayon).linked.get(`Shot:${shotId}`)!.id).toBe(made.id);
    expect(sgIdentity(world.store, "Shot", shotId)).toEqual({ sg_ayon_id: made.id, sg_ayon_sync_status: "Synced" });
  });

  it("adopts, by name under the parent, an AYON folder nobody linked (a folder made by hand before ShotGrid had it)", async () => {
    const { g, p, ref } = await project("adopt");
    const seqFolder = tree(p.ayon).linked.get(`Sequence:${g.ids.Sequence[0]}`)!.id;
    const handMade = await world.env.ayon.createFolder(p.ayon, { name: "sh_hand", folderType: "Shot", parentId: seqFolder });
    let shotId = 0;
    const reports = await editAndReplay(world, p, (store, as) => {
      shotId = store.create("Shot", { project: ref, code: "sh_hand", sg_sequence: { type: "Sequence", id: g.ids.Sequence[0]! } }, as).id;
    });
    expect(reports[0]!.description).toMatch(/Shot \d+ updated in AYON: linked to the AYON entity of the same name that was already there/);
    expect(tree(p.ayon).linked.get(`Shot:${shotId}`)).toMatchObject({ id: handMade, name: "sh_hand", parent: `Sequence:${g.ids.Sequence[0]}` });
    expect(sgIdentity(world.store, "Shot", shotId).sg_ayon_id).toBe(handMade);
  });
});
