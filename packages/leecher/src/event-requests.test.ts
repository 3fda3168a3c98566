// The dispatched payloads (DESIGN §4; reference-addon.md §2.2 step 6) and their hashes.
import { createHash } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { eventDispatch, eventHash, normalizeSiteUrl, sgPayloadOf, syncRequest } from "./event-requests.js";

const project: LinkedProject = { sgProjectId: 70, sgProjectName: "Alpha", projectCode: "alp", projectCodeField: "code", ayonProjectName: "alpha" };
const event = {
  id: 123,
  type: "EventLogEntry",
  event_type: "Shotgun_Shot_Change",
  attribute_name: "sg_status_list",
  meta: { type: "attribute_change", entity_id: 5, old_value: "wtg", new_value: "ip" },
  entity: { type: "Shot", id: 5, name: "sh010" },
  user: { type: "HumanUser", id: 3, name: "Ann Artist" },
  project: { type: "Project", id: 70, name: "Alpha" },
  session_uuid: "0d3f",
  created_at: "2026-03-31T15:26:16Z",
  description: "not passed on",
};

describe("normalizeSiteUrl", () => {
  it.each([
    ["https://Studio.ShotGrid.autodesk.com", "https://studio.shotgrid.autodesk.com"],
    ["https://studio.shotgrid.autodesk.com/", "https://studio.shotgrid.autodesk.com"],
    ["https://studio.shotgrid.autodesk.com/api/v1", "https://studio.shotgrid.autodesk.com"],
    ["https://studio.shotgrid.autodesk.com:443/", "https://studio.shotgrid.autodesk.com"],
    ["http://127.0.0.1:4100", "http://127.0.0.1:4100"],
    ["http://host/prefix/", "http://host/prefix"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeSiteUrl(input)).toBe(expected);
  });
});

describe("eventHash", () => {
  it("is sha256 of the JSON pair [site, id]", () => {
    const expected = createHash("sha256").update('["https://s.example",123]').digest("hex");
    expect(eventHash("https://s.example", 123)).toBe(expected);
  });

  it("differs per site and per id", () => {
    const hashes = new Set([eventHash("https://a", 1), eventHash("https://b", 1), eventHash("https://a", 2)]);
    expect(hashes.size).toBe(3);
  });
});

describe("DESIGN §4 shotgrid.event", () => {
  it("has the Python addon's payload shape, the AYON project and the cursor summary", () => {
    const request = eventDispatch(event, project, "https://s.example");
    expect(request).toEqual({
      topic: "shotgrid.event",
      hash: eventHash("https://s.example", 123),
      project: "alpha",
      description: "Leeched Shotgun_Shot_Change (id 123) by Ann Artist",
      summary: { sg_event_id: 123, sg_site: "https://s.example" },
      payload: {
        action: "shotgrid-event",
        user_name: "Ann Artist",
        project_name: "alpha",
        project_code: "alp",
        project_code_field: "code",
        sg_payload: {
          type: "EventLogEntry",
          id: 123,
          event_type: "Shotgun_Shot_Change",
          attribute_name: "sg_status_list",
          meta: event.meta,
          entity: event.entity,
          user: event.user,
          project: event.project,
          session_uuid: "0d3f",
          created_at: "2026-03-31T15:26:16Z",
        },
      },
      finished: true,
    });
  });

  it("survives a null entity, user and project", () => {
    const request = eventDispatch({ id: 5, event_type: "Shotgun_Shot_Retirement", entity: null, user: null, project: null }, project, "s");
    expect(request.description).toBe("Leeched Shotgun_Shot_Retirement (id 5) by unknown");
    const sg = (request.payload as { sg_payload: Record<string, unknown> }).sg_payload;
    expect(sg).toMatchObject({ entity: null, user: null, project: null, meta: null, attribute_name: null, created_at: null });
  });

  it.each([
    ["2026-03-31T15:26:16Z", "2026-03-31T15:26:16Z"],
    ["2026-03-31 15:26:16 UTC", "2026-03-31T15:26:16.000Z"],
    ["not a date", "not a date"],
  ])("created_at %s → %s", (input, expected) => {
    expect(sgPayloadOf({ id: 1, created_at: input }).created_at).toBe(expected);
  });

  it("names a user without a name by type and id", () => {
    expect(eventDispatch({ ...event, user: { type: "ApiUser", id: 9 } }, project, "s").description).toMatch(/by ApiUser 9$/);
  });
});

describe("sync-from-shotgrid requests", () => {
  const base = { site: "https://s.example", project, reason: "auto-sync-enabled" as const, triggerId: 900, requestedBy: "ayon-sg" };

  it("asks for a full sync of the AYON project", () => {
    const request = syncRequest(base);
    expect(request).toMatchObject({
      topic: "shotgrid.event",
      project: "alpha",
      summary: { sg_site: "https://s.example", sg_project_id: 70 },
      payload: { action: "sync-from-shotgrid", project_name: "alpha", project_code: "alp", project_code_field: "code", reason: "auto-sync-enabled", user_name: "ayon-sg" },
    });
    expect(request.summary).not.toHaveProperty("sg_event_id");
  });

  it("keeps its hash for the same trigger and changes it for a new one", () => {
    expect(syncRequest(base).hash).toBe(syncRequest({ ...base, reason: "first-start" }).hash);
    expect(syncRequest(base).hash).not.toBe(syncRequest({ ...base, triggerId: 901 }).hash);
    expect(syncRequest(base).hash).not.toBe(syncRequest({ ...base, project: { ...project, ayonProjectName: "alpha2" } }).hash);
    expect(syncRequest(base).hash).not.toBe(eventHash(base.site, 900));
  });
});
