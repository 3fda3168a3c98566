import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { HASH, link, startTestSite, type TestSite } from "../rest/sg-http.test-helpers.js";
import { ShotgridStore, type FlatRecord } from "./store.js";

let site: TestSite;
let project: { type: string; id: number };

beforeAll(async () => {
  // "silent" keeps the real default (no events); "ayon-sg" turned its flag on to be observed.
  site = await startTestSite({ scripts: [{ name: "ayon-sg", key: "k", generateEventLogEntries: true }, { name: "silent", key: "s" }] });
  project = link("Project", site.emu.store.create("Project", { name: "Events" }).id);
});
afterAll(() => site.close());

const FIELDS = ["event_type", "attribute_name", "meta", "entity", "project", "user", "session_uuid", "created_at", "description"];
function eventsAfter(lastId: number): FlatRecord[] {
  return site.emu.store.find("EventLogEntry", [["id", "greater_than", lastId]], { fields: FIELDS });
}
function lastEventId(): number {
  const all = site.emu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 });
  return all[0]?.id ?? 0;
}

describe("a create", () => {
  it("logs _New first, then one in_create _Change per populated field, server defaults included", async () => {
    const mark = lastEventId();
    const r = await site.call("POST", "/api/v1/entity/shots", { body: { project, code: "sh010", description: "d" } });
    const shotId = r.body.data.id;
    const events = eventsAfter(mark);
    expect(events[0]).toMatchObject({ event_type: "Shotgun_Shot_New", attribute_name: null, meta: { type: "new_entity", entity_type: "Shot", entity_id: shotId } });
    const changes = events.slice(1);
    expect(changes.every((e) => e.event_type === "Shotgun_Shot_Change" && (e.meta as any).in_create === true)).toBe(true);
    expect(changes.map((e) => e.attribute_name).sort()).toEqual(["code", "description", "project", "sg_shot_type", "sg_status_list"]);
    expect(changes.every((e) => e.id > events[0]!.id)).toBe(true);
  });

  it("a scalar change carries old_value/new_value and the field's data type", async () => {
    const mark = lastEventId();
    await site.call("POST", "/api/v1/entity/shots", { body: { project, code: "sh020" } });
    const status = eventsAfter(mark).find((e) => e.attribute_name === "sg_status_list")!;
    expect(status.meta).toEqual({
      type: "attribute_change",
      attribute_name: "sg_status_list",
      entity_type: "Shot",
      entity_id: (status.entity as any).id,
      field_data_type: "status_list",
      old_value: null,
      new_value: "wtg",
      in_create: true,
    });
  });
});

describe("updates", () => {
  it("log one _Change per changed field, nothing for unchanged values", async () => {
    const shot = site.emu.store.create("Shot", { project, code: "upd", description: "same" });
    const mark = lastEventId();
    await site.call("PUT", `/api/v1/entity/shots/${shot.id}`, { body: { sg_status_list: "ip", description: "same" } });
    const events = eventsAfter(mark);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_type: "Shotgun_Shot_Change", attribute_name: "sg_status_list" });
    expect(events[0]!.meta).toMatchObject({ old_value: "wtg", new_value: "ip" });
    expect(events[0]!.meta).not.toHaveProperty("in_create");
  });

  it("a multi-entity change carries added/removed and no old/new values", async () => {
    const a = site.emu.store.create("Shot", { project, code: "m1" }).id;
    const b = site.emu.store.create("Shot", { project, code: "m2" }).id;
    const asset = site.emu.store.create("Asset", { project, code: "multi", shots: [link("Shot", a)] }).id;
    const mark = lastEventId();
    await site.call("PUT", `/api/v1/entity/assets/${asset}`, { body: { shots: [link("Shot", b)] } });
    const change = eventsAfter(mark).find((e) => e.event_type === "Shotgun_Asset_Change")!;
    expect(change.meta).toMatchObject({
      field_data_type: "multi_entity",
      added: [{ id: b, name: "m2", type: "Shot" }],
      removed: [{ id: a, name: "m1", type: "Shot" }],
    });
    expect(change.meta).not.toHaveProperty("old_value");
  });

  it("a paired link also logs the back-reference change on the other side", async () => {
    const shot = site.emu.store.create("Shot", { project, code: "backref" }).id;
    const mark = lastEventId();
    const task = (await site.call("POST", "/api/v1/entity/tasks", { body: { project, content: "comp", entity: link("Shot", shot) } })).body.data.id;
    const events = eventsAfter(mark);
    const origin = events.find((e) => e.event_type === "Shotgun_Task_Change" && e.attribute_name === "entity")!;
    const back = events.find((e) => e.event_type === "Shotgun_Shot_Change" && e.attribute_name === "tasks")!;
    expect(back.entity).toMatchObject({ type: "Shot", id: shot });
    expect(back.meta).toMatchObject({
      entity_type: "Task",
      entity_id: task,
      added: [{ id: task, name: "comp", type: "Task" }],
      removed: [],
      original_event_log_entry_id: origin.id,
    });
  });
});

describe("retire and revive", () => {
  it("a delete logs _Retirement plus a retirement_date change", async () => {
    const shot = site.emu.store.create("Shot", { project, code: "doomed" }).id;
    const mark = lastEventId();
    await site.call("DELETE", `/api/v1/entity/shots/${shot}`);
    const [retirement, change] = eventsAfter(mark);
    expect(retirement).toMatchObject({ event_type: "Shotgun_Shot_Retirement", attribute_name: null });
    expect(retirement!.meta).toMatchObject({ type: "entity_retirement", id: shot, entity_id: shot, class_name: "Shot", entity_type: "Shot", display_name: "doomed" });
    expect((retirement!.meta as any).retirement_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(change).toMatchObject({ event_type: "Shotgun_Shot_Change", attribute_name: "retirement_date" });
    expect(change!.meta).toMatchObject({ old_value: null, new_value: (retirement!.meta as any).retirement_date });
  });

  it("earlier events lose their entity link once the target is retired (read time), meta keeps the id", async () => {
    const mark = lastEventId();
    const shot = site.emu.store.create("Shot", { project, code: "fleeting" }).id;
    expect(eventsAfter(mark)[0]!.entity).toMatchObject({ id: shot });
    site.emu.store.retire("Shot", shot);
    const first = eventsAfter(mark)[0]!;
    expect(first.entity).toBeNull();
    expect((first.meta as any).entity_id).toBe(shot);
  });

  it("reviving an Asset with Tasks logs the Tasks' retirement_date changes first, then the Asset's, then _Revival", async () => {
    const asset = site.emu.store.create("Asset", { project, code: "phoenix" }).id;
    const task = site.emu.store.create("Task", { project, content: "model", entity: link("Asset", asset) }).id;
    await site.call("DELETE", `/api/v1/entity/assets/${asset}`);
    const mark = lastEventId();
    await site.call("POST", `/api/v1/entity/assets/${asset}?revive=true`);
    const events = eventsAfter(mark).map((e) => [e.event_type, e.attribute_name, (e.entity as any)?.id, (e.meta as any).new_value ?? null]);
    expect(events).toEqual([
      ["Shotgun_Task_Change", "retirement_date", task, null],
      ["Shotgun_Asset_Change", "retirement_date", asset, null],
      ["Shotgun_Asset_Revival", null, asset, null],
    ]);
  });
});

describe("who, where and when", () => {
  it("script writes: user is the ApiUser, session_uuid null, project and created_at set", async () => {
    const mark = lastEventId();
    await site.call("POST", "/api/v1/entity/assets", { body: { project, code: "who" } });
    const e = eventsAfter(mark)[0]!;
    expect(e.user).toMatchObject(site.emu.script("ayon-sg"));
    expect(e.session_uuid).toBeNull();
    expect(e.project).toMatchObject({ type: "Project", id: project.id });
    expect(e.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(typeof e.description).toBe("string");
  });

  it("in-process writes act as the chosen HumanUser, with a session uuid", () => {
    const artist = site.emu.humanUser("artist", "Ann Artist");
    const mark = lastEventId();
    site.emu.store.create("Asset", { project, code: "by-hand" }, { as: artist });
    const e = eventsAfter(mark)[0]!;
    expect(e.user).toEqual({ type: "HumanUser", id: artist.id, name: "Ann Artist" });
    expect(e.session_uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("in-process writes can act as a script's ApiUser (the leecher's own events)", () => {
    const mark = lastEventId();
    site.emu.store.create("Asset", { project, code: "as-script" }, { as: site.emu.script("ayon-sg") });
    expect(eventsAfter(mark)[0]!.user).toMatchObject({ type: "ApiUser", id: site.emu.script("ayon-sg").id });
  });
});

describe("ApiUser.generate_event_log_entries", () => {
  it("a script with the default flag (off) writes without events, until it turns the flag on", async () => {
    const tokenReply = await fetch(`${site.url}/api/v1/auth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=silent&client_secret=s",
    });
    const token = ((await tokenReply.json()) as any).access_token;
    const mark = lastEventId();
    expect((await site.call("POST", "/api/v1/entity/assets", { token, body: { project, code: "quiet" } })).status).toBe(201);
    expect(eventsAfter(mark)).toEqual([]);
    const me = site.emu.script("silent");
    await site.call("PUT", `/api/v1/entity/api_users/${me.id}`, { token, body: { generate_event_log_entries: true } });
    await site.call("POST", "/api/v1/entity/assets", { token, body: { project, code: "loud" } });
    expect(eventsAfter(mark).map((e) => e.event_type)).toContain("Shotgun_Asset_New");
  });
});

describe("EventLogEntry as an entity", () => {
  it("is searchable by id range and event_type over HTTP; meta cannot be filtered", async () => {
    const mark = lastEventId();
    site.emu.store.create("Sequence", { project, code: "ev" });
    const r = await site.call("POST", "/api/v1/entity/event_log_entries/_search", {
      contentType: HASH,
      body: {
        filters: { logical_operator: "and", conditions: [["id", "greater_than", mark], ["event_type", "in", ["Shotgun_Sequence_New"]]] },
        fields: ["event_type", "meta", "entity"],
        sort: "id",
      },
    });
    expect(r.body.data).toHaveLength(1);
    expect(r.body.data[0].attributes.meta).toMatchObject({ type: "new_entity", entity_type: "Sequence" });
    const bad = await site.search("event_log_entries", { filters: { logical_operator: "and", conditions: [["meta", "is", null]] } });
    expect(bad.status).toBe(400);
  });

  it("cannot be updated or deleted (400 code 104)", async () => {
    const id = lastEventId();
    expect((await site.call("PUT", `/api/v1/entity/event_log_entries/${id}`, { body: { description: "x" } })).body.errors[0].code).toBe(104);
    expect((await site.call("DELETE", `/api/v1/entity/event_log_entries/${id}`)).body.errors[0].code).toBe(104);
  });
});

describe("gap mode", () => {
  it("reserves ids that commit late: a reader doing id > max loses them unless it waits", async () => {
    const store = new ShotgridStore({ gapMode: { enabled: true, gapEvery: 3, commitDelayMs: 150 } });
    try {
      const p = link("Project", store.create("Project", { name: "Gaps" }).id);
      for (let i = 0; i < 4; i++) store.create("Shot", { project: p, code: `g${i}` });
      const pending = store.pendingEventIds();
      expect(pending.length).toBeGreaterThan(0);
      const visible = store.find("EventLogEntry", [], { fields: ["id"] }).map((r) => r.id);
      const max = Math.max(...visible);
      expect(pending.every((id) => id < max && !visible.includes(id))).toBe(true);
      // A naive cursor reads everything above max and sees nothing new, ever.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(store.find("EventLogEntry", [["id", "greater_than", max]], { fields: ["id"] })).toEqual([]);
      const after = store.find("EventLogEntry", [], { fields: ["id"] }).map((r) => r.id);
      expect(pending.every((id) => after.includes(id))).toBe(true);
      expect(store.pendingEventIds()).toEqual([]);
    } finally {
      store.dispose();
    }
  });

  it("flushPendingEvents closes every gap at once; a rolled-back reservation never appears", () => {
    const store = new ShotgridStore({ gapMode: { enabled: true, gapEvery: 2, commitDelayMs: 60_000 } });
    try {
      const p = link("Project", store.create("Project", { name: "Flush" }).id);
      expect(() =>
        store.transaction(() => {
          store.create("Shot", { project: p, code: "lost" });
          throw new Error("abort");
        }),
      ).toThrow("abort");
      const pendingBefore = store.pendingEventIds();
      store.create("Shot", { project: p, code: "kept" });
      store.flushPendingEvents();
      expect(store.pendingEventIds()).toEqual([]);
      const rows = store.find("EventLogEntry", [], { fields: ["id", "meta"] });
      expect(rows.some((r) => (r.meta as any).new_value === "lost")).toBe(false);
      expect(rows.some((r) => (r.meta as any).new_value === "kept")).toBe(true);
      expect(pendingBefore.length).toBeGreaterThan(0); // the Project's own reservation
    } finally {
      store.dispose();
    }
  });
});
