// Linked projects: the ShotGrid half against the ShotGrid emulator, the AYON half through a counting fake
// passed in by DI (the AYON emulator has its own tests with the leecher).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startShotgridEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import type { Project, ProjectSummary } from "@ayon-sg/core";
import { ShotgridClient } from "./client/index.js";
import { AyonProjectLinks, findLinkedProjects, parseShotgridId, type AyonProjectReader } from "./linked-projects.js";

/** An AYON stand-in: projects with attribs and updatedAt, counting reads. */
class FakeAyonProjects implements AyonProjectReader {
  readonly projects = new Map<string, { attrib: Record<string, unknown>; updatedAt?: string; active: boolean }>();
  reads: string[] = [];
  listings = 0;

  async listProjects(opts: { active?: boolean } = {}): Promise<ProjectSummary[]> {
    this.listings += 1;
    return [...this.projects]
      .filter(([, p]) => opts.active === undefined || p.active === opts.active)
      .map(([name, p]) => ({ name, code: name, active: p.active, library: false, updatedAt: p.updatedAt }));
  }

  async getProject(name: string): Promise<Project | null> {
    this.reads.push(name);
    const p = this.projects.get(name);
    if (!p) return null;
    return { name, code: name, library: false, active: p.active, folderTypes: [], taskTypes: [], statuses: [], tags: [], attrib: p.attrib, data: {} };
  }
}

describe("parseShotgridId", () => {
  it.each([
    ["123", 123],
    [" 42 ", 42],
    [77, 77],
    ["", null],
    ["0", null],
    ["-3", null],
    ["12a", null],
    [null, null],
    [undefined, null],
    ["99999999999999999999", null],
  ])("%p → %p", (input, expected) => {
    expect(parseShotgridId(input)).toBe(expected);
  });
});

describe("AyonProjectLinks", () => {
  it("reads each project once, then only when its updatedAt changes", async () => {
    const ayon = new FakeAyonProjects();
    ayon.projects.set("alpha", { attrib: { shotgridId: "10" }, updatedAt: "t1", active: true });
    ayon.projects.set("bravo", { attrib: {}, updatedAt: "t1", active: true });
    const links = new AyonProjectLinks(ayon);
    expect([...(await links.bySgProjectId())]).toEqual([[10, "alpha"]]);
    expect(ayon.reads.sort()).toEqual(["alpha", "bravo"]);

    ayon.reads = [];
    await links.bySgProjectId();
    expect(ayon.reads).toEqual([]);

    ayon.projects.set("bravo", { attrib: { shotgridId: "11" }, updatedAt: "t2", active: true });
    expect([...(await links.bySgProjectId())].sort()).toEqual([[10, "alpha"], [11, "bravo"]]);
    expect(ayon.reads).toEqual(["bravo"]);
  });

  it("forgets deleted and inactive projects", async () => {
    const ayon = new FakeAyonProjects();
    ayon.projects.set("alpha", { attrib: { shotgridId: "10" }, updatedAt: "t1", active: true });
    const links = new AyonProjectLinks(ayon);
    expect((await links.bySgProjectId()).size).toBe(1);
    ayon.projects.get("alpha")!.active = false;
    expect((await links.bySgProjectId()).size).toBe(0);
  });

  it("re-reads a project without updatedAt once maxAge has passed", async () => {
    let now = 1000;
    const ayon = new FakeAyonProjects();
    ayon.projects.set("alpha", { attrib: { shotgridId: "10" }, active: true });
    const links = new AyonProjectLinks(ayon, { maxAgeMs: 500, now: () => now });
    await links.bySgProjectId();
    now += 499;
    await links.bySgProjectId();
    expect(ayon.reads).toEqual(["alpha"]);
    now += 1;
    await links.bySgProjectId();
    expect(ayon.reads).toEqual(["alpha", "alpha"]);
  });

  it("reports two AYON projects claiming one ShotGrid id once and keeps the first by name", async () => {
    const ayon = new FakeAyonProjects();
    ayon.projects.set("zulu", { attrib: { shotgridId: "10" }, updatedAt: "t", active: true });
    ayon.projects.set("alpha", { attrib: { shotgridId: "10" }, updatedAt: "t", active: true });
    const reported: Array<[number, string[]]> = [];
    const links = new AyonProjectLinks(ayon, { onDuplicate: (id, names) => reported.push([id, names]) });
    expect((await links.bySgProjectId()).get(10)).toBe("alpha");
    await links.bySgProjectId();
    expect(reported).toEqual([[10, ["alpha", "zulu"]]]);
  });
});

describe("findLinkedProjects against the ShotGrid emulator", () => {
  let emu: ShotgridEmulator;
  let sg: ShotgridClient;

  beforeAll(async () => {
    emu = await startShotgridEmulator();
    sg = new ShotgridClient({ siteUrl: emu.url, scriptName: "ayon-sg", scriptKey: "sg-key" });
  });
  afterAll(async () => emu?.close());

  it("keeps projects with auto-sync on that an active AYON project links, with their code", async () => {
    const on = emu.store.create("Project", { name: "Linked", code: "lnk", sg_ayon_auto_sync: true });
    const off = emu.store.create("Project", { name: "Auto sync off", code: "off", sg_ayon_auto_sync: false });
    const unlinked = emu.store.create("Project", { name: "Not in AYON", code: "nia", sg_ayon_auto_sync: true });
    const ayon = new FakeAyonProjects();
    ayon.projects.set("linked_ayon", { attrib: { shotgridId: String(on.id) }, updatedAt: "t", active: true });
    ayon.projects.set("off_ayon", { attrib: { shotgridId: String(off.id) }, updatedAt: "t", active: true });
    ayon.projects.set("other", { attrib: { shotgridId: String(unlinked.id + 1000) }, updatedAt: "t", active: true });

    const linked = await findLinkedProjects(sg, ayon, { projectCodeField: "code" });
    expect(linked).toEqual([
      { sgProjectId: on.id, sgProjectName: "Linked", projectCode: "lnk", projectCodeField: "code", ayonProjectName: "linked_ayon" },
    ]);

    emu.store.update("Project", off.id, { sg_ayon_auto_sync: true });
    const after = await findLinkedProjects(sg, ayon, { projectCodeField: "name" });
    expect(after.map((p) => [p.ayonProjectName, p.projectCode])).toEqual([
      ["linked_ayon", "Linked"],
      ["off_ayon", "Auto sync off"],
    ]);
  });
});
