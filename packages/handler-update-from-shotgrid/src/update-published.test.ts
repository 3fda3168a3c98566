// Published content stops a deletion, through the real runtime against the AYON emulator, which stores
// products and versions and refuses as ayon-backend 1.16 does: a folder holding a product cannot be
// deleted (schemas/schema.project.sql: products reference folders without cascade → 409
// "delete-folder-with-children"), and a folder with a version below it reports hasVersions
// (ayon_server/entities/folder.py). The products are made the way a publisher makes them: operations.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonTree, editAndReplay, publish, smallProject, startUpdateWorld, type UpdateWorld } from "./update.test-helpers.js";

let world: UpdateWorld;

beforeAll(async () => {
  world = await startUpdateWorld();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const tree = (name: string) => ayonTree(world.env.ayonEmulator, name);

describe("published content blocks deletion", () => {
  it("keeps a retired Shot whose folder holds a published version, inactive with shotgridId 'removed'", async () => {
    const { g, p } = await smallProject(world, "pub_version");
    const shot = g.tree.shots[0]!;
    const folderId = tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id;
    await publish(world, p.ayon, folderId, true);

    const reports = await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    expect(reports.map((r) => r.status)).not.toContain("failed");
    expect(reports.map((r) => r.description).join("\n")).toMatch(/Shot \d+ deactivated in AYON \(shotgridId 'removed'\)/);
    const state = world.env.ayonEmulator.state.project(p.ayon)!;
    expect(state.folders.get(folderId)).toMatchObject({ active: false, attrib: expect.objectContaining({ shotgridId: "removed" }) });
    expect(state.published.products.childrenOf(folderId)).toHaveLength(1);
  });

  it("keeps a retired Shot whose folder holds a product without versions: its Tasks count as published, so the Shot stays, inactive", async () => {
    const { g, p } = await smallProject(world, "pub_product");
    const shot = g.tree.shots[0]!;
    const folderId = tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id;
    await publish(world, p.ayon, folderId, false);

    const reports = await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    const state = world.env.ayonEmulator.state.project(p.ayon)!;
    expect(state.folders.get(folderId)).toMatchObject({ active: false, attrib: expect.objectContaining({ shotgridId: "removed" }) });
    expect(state.published.products.childrenOf(folderId)).toHaveLength(1);
    expect(reports.map((r) => r.status)).not.toContain("failed");
    // A task reads its folder's products (AYON computes no hasVersions for a task's folder), so nothing is deleted.
    const text = reports.map((r) => r.description).join("\n");
    expect(text).toMatch(/Task \d+ deactivated in AYON \(shotgridId 'removed'\): it has published content/);
    expect(text).toMatch(/Shot \d+ deactivated in AYON \(shotgridId 'removed'\): something below it stays in AYON, so it is kept, inactive/);
  });

  it("keeps a retired Shot without Tasks whose folder holds a product without versions: AYON refuses the delete (409), the folder stays", async () => {
    const { g, p } = await smallProject(world, "pub_409");
    const sequence = g.tree.sequences[0]!;
    let shotId = 0;
    await editAndReplay(world, p, (store, as) => {
      shotId = store.create("Shot", { project: { type: "Project", id: g.projectId }, code: "sh_plate", sg_sequence: { type: "Sequence", id: sequence.id } }, as).id as number;
    });
    const folderId = tree(p.ayon).linked.get(`Shot:${shotId}`)!.id;
    await publish(world, p.ayon, folderId, false);

    const reports = await editAndReplay(world, p, (store, as) => store.retire("Shot", shotId, as));
    const state = world.env.ayonEmulator.state.project(p.ayon)!;
    expect(state.folders.get(folderId)).toMatchObject({ active: false, attrib: expect.objectContaining({ shotgridId: "removed" }) });
    expect(reports.map((r) => r.status)).not.toContain("failed");
    // Nothing the lookup reads says "published" (no versions, no tasks): reconcile.ts answers the server's 409.
    expect(reports.map((r) => r.description).join("\n")).toMatch(/Shot \d+ deactivated in AYON \(shotgridId 'removed'\): AYON holds products below it, so it is kept, inactive/);
  });

  it("deletes a retired Shot that holds no product (the control case)", async () => {
    const { g, p } = await smallProject(world, "pub_none");
    const shot = g.tree.shots[0]!;
    const folderId = tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id;
    await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    expect(world.env.ayonEmulator.state.project(p.ayon)!.folders.has(folderId)).toBe(false);
  });
});
