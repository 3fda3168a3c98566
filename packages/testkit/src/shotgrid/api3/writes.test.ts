// create / update / delete / revive / batch with the payloads shotgun_api3 sends, their results, the event
// log rows the script's writes leave (or not), and the Faults of bad writes.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestSite, type TestSite } from "../rest/sg-http.test-helpers.js";
import { createPayload, fault, results, SCRIPT_AUTH } from "./api3.test-helpers.js";

let site: TestSite;
let project: { type: string; id: number };
let seq: { type: string; id: number };

beforeAll(async () => {
  site = await startTestSite({
    scripts: [{ name: "ayon-sg", key: "sg-key", generateEventLogEntries: true }, { name: "quiet", key: "q" }],
    now: () => new Date("2026-05-04T10:00:00Z"),
  });
  project = { type: "Project", id: site.emu.store.create("Project", { name: "Writes" }).id };
  seq = { type: "Sequence", id: site.emu.store.create("Sequence", { project, code: "sq010" }).id };
});
afterAll(() => site.close());

function eventsOf(type: string, id: number): string[] {
  return site.emu.store.find("EventLogEntry", [["entity", "is", { type, id }]], { fields: ["event_type"] }).map((e) => e.event_type as string);
}

describe("create", () => {
  it("returns [record] with type, id, the fields sent and the return_fields", async () => {
    // Captured from create("Shot", {...}, ["created_at", "sg_status_list"]): the link keeps the caller's extra keys.
    const payload = {
      type: "Shot",
      fields: [
        { field_name: "code", value: "api3_shot" },
        { field_name: "project", value: project },
        { field_name: "sg_sequence", value: { type: "Sequence", id: seq.id, code: "sq010" } },
        { field_name: "sg_cut_in", value: 1001 },
      ],
      return_fields: ["created_at", "sg_status_list"],
    };
    const created = await results(site, "create", payload);
    expect(created).toEqual([
      {
        type: "Shot",
        id: expect.any(Number),
        code: "api3_shot",
        project: { type: "Project", id: project.id, name: "Writes" },
        sg_sequence: { type: "Sequence", id: seq.id, name: "sq010" },
        sg_cut_in: 1001,
        created_at: "2026-05-04T10:00:00Z",
        sg_status_list: "wtg",
      },
    ]);
    expect(eventsOf("Shot", created[0].id)).toContain("Shotgun_Shot_New");
  });

  it("takes dates and datetimes as `_transform_outbound` sends them", async () => {
    const [made] = await results(site, "create", createPayload("Task", { project, content: "dated", start_date: "2026-06-01", due_date: "2026-06-30" }, ["start_date", "due_date"]));
    expect(made).toMatchObject({ start_date: "2026-06-01", due_date: "2026-06-30" });
    const bad = await fault(site, "create", createPayload("Task", { project, content: "x", start_date: "June 1st" }));
    expect(bad.error_code).toBe(103);
  });

  it("a script whose generate_event_log_entries is off (the default) writes without events", async () => {
    const [quiet] = await results(site, "create", createPayload("Shot", { project, code: "quiet_shot" }), { script_name: "quiet", script_key: "q" });
    expect(eventsOf("Shot", quiet.id)).toEqual([]);
  });

  it("Faults: missing project, unknown field, read-only field, unknown type", async () => {
    expect((await fault(site, "create", createPayload("Shot", { code: "orphan" }))).message).toMatch(/missing 'project'/);
    expect((await fault(site, "create", createPayload("Shot", { project, nope: 1 }))).message).toBe("API create() Shot.nope doesn't exist.");
    expect((await fault(site, "create", createPayload("Shot", { project, id: 5 }))).message).toMatch(/read only/);
    expect((await fault(site, "create", createPayload("Shoot", { project }))).message).toMatch(/Shoot/);
    expect((await fault(site, "create", { type: "Shot", fields: { code: "x" } })).message).toMatch(/field_name/);
  });
});

describe("update", () => {
  it("returns type, id and the fields set; multi_entity_update_mode add/remove/set", async () => {
    const [shotA] = await results(site, "create", createPayload("Shot", { project, code: "a" }));
    const [shotB] = await results(site, "create", createPayload("Shot", { project, code: "b" }));
    const [asset] = await results(site, "create", createPayload("Asset", { project, code: "prop" }));
    const updated = await results(site, "update", { type: "Shot", id: shotA.id, fields: [{ field_name: "sg_status_list", value: "ip" }, { field_name: "sg_cut_out", value: 1100 }] });
    expect(updated).toEqual({ type: "Shot", id: shotA.id, sg_status_list: "ip", sg_cut_out: 1100 });
    // Captured: update("Asset", id, {"shots": [...]}, multi_entity_update_modes={"shots": "add"}).
    const mode = (m: string, shots: number[]) => ({
      type: "Asset",
      id: asset.id,
      fields: [{ field_name: "shots", value: shots.map((id) => ({ type: "Shot", id })), multi_entity_update_mode: m }],
    });
    await results(site, "update", mode("set", [shotA.id]));
    const added = await results(site, "update", mode("add", [shotB.id]));
    expect(added.shots.map((s: { id: number }) => s.id)).toEqual([shotA.id, shotB.id]);
    const removed = await results(site, "update", mode("remove", [shotA.id]));
    expect(removed.shots.map((s: { id: number }) => s.id)).toEqual([shotB.id]);
    expect((await fault(site, "update", mode("merge", [shotA.id]))).message).toMatch(/multi_entity_update_mode/);
  });

  it("Faults: a retired or missing record, a bad value", async () => {
    expect(await fault(site, "update", { type: "Shot", id: 999999, fields: [{ field_name: "code", value: "x" }] })).toMatchObject({
      message: "Entity of type [Shot] with id=999999 does not exist.",
      error_code: 104,
    });
    const [shot] = await results(site, "create", createPayload("Shot", { project, code: "c" }));
    expect((await fault(site, "update", { type: "Shot", id: shot.id, fields: [{ field_name: "sg_status_list", value: "bogus" }] })).error_code).toBe(104);
    expect((await fault(site, "update", { type: "Shot", id: "1", fields: [] })).message).toMatch(/id must be an Integer/);
  });
});

describe("delete and revive", () => {
  it("delete: true, then false once retired; revive: true, then false once alive; a missing id is a Fault", async () => {
    const [shot] = await results(site, "create", createPayload("Shot", { project, code: "to_retire" }));
    expect(await results(site, "delete", { type: "Shot", id: shot.id })).toBe(true);
    expect(eventsOf("Shot", shot.id)).toEqual([]); // a retirement unlinks the entity's earlier events
    expect(site.emu.store.row("Shot", shot.id)!.retired).toBe(true);
    expect(await results(site, "delete", { type: "Shot", id: shot.id })).toBe(false);
    expect(await results(site, "revive", { type: "Shot", id: shot.id })).toBe(true);
    expect(await results(site, "revive", { type: "Shot", id: shot.id })).toBe(false);
    expect(eventsOf("Shot", shot.id)).toContain("Shotgun_Shot_Revival");
    expect((await fault(site, "delete", { type: "Shot", id: 999999 })).error_code).toBe(104);
    expect((await fault(site, "revive", { type: "Shot", id: 999999 })).error_code).toBe(104);
  });
});

describe("batch", () => {
  it("runs create, update and delete in order: records, then true per delete", async () => {
    const [target] = await results(site, "create", createPayload("Shot", { project, code: "batch_target" }));
    // Captured from sg.batch([...]) with the client's `entity_type`/`entity_id`/`data` keys translated.
    const out = await results(site, "batch", [
      { request_type: "create", type: "Shot", fields: [{ field_name: "code", value: "b1" }, { field_name: "project", value: project }], return_fields: ["id"] },
      { request_type: "update", type: "Shot", id: target.id, fields: [{ field_name: "code", value: "renamed" }] },
      { request_type: "delete", type: "Shot", id: target.id },
    ]);
    expect(out).toEqual([
      { type: "Shot", id: expect.any(Number), code: "b1", project: { type: "Project", id: project.id, name: "Writes" } },
      { type: "Shot", id: target.id, code: "renamed" },
      true,
    ]);
    expect(site.emu.store.row("Shot", target.id)!.retired).toBe(true);
  });

  it("is atomic: one failing request leaves no row and no event behind", async () => {
    const lastEvent = () => site.emu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 })[0]?.id ?? 0;
    const mark = lastEvent();
    const failed = await fault(site, "batch", [
      { request_type: "create", type: "Shot", fields: [{ field_name: "code", value: "b2" }, { field_name: "project", value: project }], return_fields: ["id"] },
      { request_type: "update", type: "Shot", id: 999999, fields: [{ field_name: "code", value: "x" }] },
    ]);
    expect(failed).toMatchObject({ error_code: 104, message: "Entity of type [Shot] with id=999999 does not exist." });
    expect(site.emu.store.find("Shot", [["code", "is", "b2"]])).toEqual([]);
    expect(lastEvent()).toBe(mark);
    expect((await fault(site, "batch", [{ request_type: "upsert", type: "Shot" }])).message).toMatch(/request_type/);
    expect((await fault(site, "batch", { request_type: "create" })).message).toMatch(/Array/);
  });

  it("a batched update carries multi_entity_update_mode per field, as `batch` merges multi_entity_update_modes in", async () => {
    const [a] = await results(site, "create", createPayload("Shot", { project, code: "ma" }));
    const [b] = await results(site, "create", createPayload("Shot", { project, code: "mb" }));
    const [asset] = await results(site, "create", createPayload("Asset", { project, code: "batched", shots: [{ type: "Shot", id: a.id }] }));
    const [out] = await results(site, "batch", [
      { request_type: "update", type: "Asset", id: asset.id, fields: [{ field_name: "shots", value: [{ type: "Shot", id: b.id }], multi_entity_update_mode: "add" }] },
    ]);
    expect(out.shots.map((s: { id: number }) => s.id)).toEqual([a.id, b.id]);
  });

  it("an empty list is never sent (the client returns [] itself) but answers []", async () => {
    expect(await results(site, "batch", [], SCRIPT_AUTH)).toEqual([]);
  });
});
