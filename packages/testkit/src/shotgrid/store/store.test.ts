// The in-process API: same semantics as HTTP, flat records, acting as a user, bulk seeding.
import { beforeEach, describe, expect, it } from "@jest/globals";
import { SgError } from "../errors.js";
import { ShotgridSchema } from "../schema/schema.js";
import { ShotgridStore } from "./store.js";
import { DEFAULT_TRACKING_SETTINGS } from "./write-engine.js";

const schema = ShotgridSchema.load();
let store: ShotgridStore;
let project: { type: string; id: number };

beforeEach(() => {
  // A shared schema keeps each fresh store cheap; no test here edits the schema.
  store = new ShotgridStore({ schema });
  project = { type: "Project", id: store.create("Project", { name: "Store" }).id };
});

const eventCount = () => store.find("EventLogEntry", [], { fields: ["id"] }).length;

describe("seed", () => {
  it("bulk-inserts without event log rows and keeps reverse links", () => {
    const before = eventCount();
    const [seq] = store.seed("Sequence", [{ project, code: "sq" }]);
    const shots = store.seed("Shot", [
      { project, code: "a", sg_sequence: { type: "Sequence", id: seq } },
      { project, code: "b", sg_sequence: { type: "Sequence", id: seq } },
    ]);
    expect(eventCount()).toBe(before);
    expect((store.findOne("Sequence", seq!, { fields: ["shots"] })!.shots as any[]).map((s) => s.id)).toEqual(shots);
  });

  it("validates like create and inserts nothing when one row is bad", () => {
    expect(() => store.seed("Shot", [{ project, code: "ok" }, { project, sg_status_list: "bogus" }])).toThrow(SgError);
    expect(store.find("Shot")).toEqual([]);
  });
});

describe("find and flat records", () => {
  it("takes array and hash filters, sort and limit", () => {
    store.seed("Shot", ["c", "a", "b"].map((code) => ({ project, code })));
    expect(store.find("Shot", [["code", "in", ["a", "b"]]], { fields: ["code"], sort: "-code" }).map((r) => r.code)).toEqual(["b", "a"]);
    const hash = { logical_operator: "or", conditions: [["code", "is", "a"], ["code", "is", "c"]] };
    expect(store.find("Shot", hash, { fields: ["code"] }).map((r) => r.code)).toEqual(["c", "a"]);
    expect(store.find("Shot", [], { limit: 1, fields: ["code"] })).toHaveLength(1);
  });

  it("returns links as {id,name,type}, floats as numbers and dotted fields flat", () => {
    const seq = store.create("Sequence", { project, code: "sq1" });
    const shot = store.create("Shot", { project, code: "s1", sg_sequence: { type: "Sequence", id: seq.id }, sg_fps: "25.0" });
    expect(shot).toMatchObject({ type: "Shot", id: shot.id, code: "s1", sg_fps: 25 });
    expect(shot.sg_sequence).toEqual({ id: seq.id, name: "sq1", type: "Sequence" });
    const read = store.findOne("Shot", shot.id, { fields: ["sg_sequence.Sequence.code", "assets.Asset.code"] });
    expect(read).toEqual({ type: "Shot", id: shot.id, "sg_sequence.Sequence.code": "sq1" });
  });

  it("findOne is null for missing and retired rows unless asked for retired ones", () => {
    const id = store.create("Shot", { project, code: "x" }).id;
    store.retire("Shot", id);
    expect(store.findOne("Shot", id)).toBeNull();
    expect(store.findOne("Shot", 9999)).toBeNull();
    expect(store.findOne("Shot", id, { retired: true, fields: ["code"] })).toEqual({ type: "Shot", id, code: "x" });
    expect(store.revive("Shot", id)).toBe(true);
    expect(store.revive("Shot", id)).toBe(false);
  });
});

describe("acting as a user", () => {
  it("defaults to the site admin and refuses unknown users", () => {
    const shot = store.create("Shot", { project, code: "who" }, {});
    expect(shot.created_by).toMatchObject({ type: "HumanUser", name: "Site Admin" });
    expect(() => store.create("Shot", { project }, { as: { type: "HumanUser", id: 4242 } })).toThrow(SgError);
  });

  it("humanUser and apiUser find or create exactly one row", () => {
    const a = store.humanUser("bob", "Bob");
    expect(store.humanUser("bob")).toEqual(a);
    const s = store.apiUser("script-x");
    expect(store.apiUser("script-x", true)).toEqual(s);
    const flag = (ref: { id: number }) => store.findOne("ApiUser", ref.id, { fields: ["generate_event_log_entries"] })!.generate_event_log_entries;
    expect(flag(s)).toBe(false); // the real site schema's default_value
    expect(flag(store.apiUser("script-y", true))).toBe(true);
    const edit = store.update("Shot", store.create("Shot", { project, code: "e" }).id, { code: "f" }, { as: a });
    expect(edit.updated_by).toMatchObject({ type: "HumanUser", id: a.id });
  });
});

describe("indexes", () => {
  it("moving a row to another project moves it in the per-project index", () => {
    const other = { type: "Project", id: store.create("Project", { name: "Other" }).id };
    const shot = store.create("Shot", { project, code: "mover" }).id;
    const inProject = (p: { id: number }) => store.find("Shot", [["project", "is", p]], { fields: ["id"] }).map((r) => r.id);
    expect(inProject(project)).toEqual([shot]);
    store.update("Shot", shot, { project: other });
    expect(inProject(project)).toEqual([]);
    expect(inProject(other)).toEqual([shot]);
    expect(store.find("Shot", [["project.Project.id", "in", [project.id, other.id]]], { fields: ["id"] }).map((r) => r.id)).toEqual([shot]);
  });
});

describe("transactions", () => {
  it("undo every write of a failing transaction, reverse links included", () => {
    const seq = store.create("Sequence", { project, code: "tx" }).id;
    const events = eventCount();
    expect(() =>
      store.transaction(() => {
        store.create("Shot", { project, code: "t1", sg_sequence: { type: "Sequence", id: seq } });
        store.update("Sequence", seq, { code: "renamed" });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(store.findOne("Sequence", seq, { fields: ["code", "shots"] })).toMatchObject({ code: "tx", shots: [] });
    expect(store.find("Shot")).toEqual([]);
    expect(eventCount()).toBe(events);
  });
});

describe("Project.tracking_settings", () => {
  it("defaults to the stock navchains, is settable per project, and reads as a copy", () => {
    const read = store.findOne("Project", project.id, { fields: ["tracking_settings"] })!;
    expect(read.tracking_settings).toEqual(DEFAULT_TRACKING_SETTINGS);
    (read.tracking_settings as any).navchains.Shot = "tampered";
    expect((store.findOne("Project", project.id, { fields: ["tracking_settings"] })!.tracking_settings as any).navchains.Shot).toBe(
      "Shot.sg_sequence",
    );
    const custom = { navchains: { Shot: "Shot.sg_scene", Asset: "__flat__" } };
    const other = store.create("Project", { name: "Custom", tracking_settings: custom });
    expect(other.tracking_settings).toEqual(custom);
  });

  it("is an auto-sync checkbox on the default site and absent on a fresh one", () => {
    expect(store.findOne("Project", project.id, { fields: ["sg_ayon_auto_sync"] })!.sg_ayon_auto_sync).toBe(false);
    const fresh = new ShotgridStore({ freshSite: true });
    expect(() => fresh.create("Project", { name: "F", sg_ayon_auto_sync: true })).toThrow("Project.sg_ayon_auto_sync doesn't exist.");
  });
});
