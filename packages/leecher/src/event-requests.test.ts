// The dispatched payloads (the Python leecher's, ynput/ayon-shotgrid services/leecher/leecher/listener.py) and their
// hashes.
import { createHash } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { eventDispatch, eventHash, normalizeSiteUrl, pythonJson, sgPayloadOf, syncRequest } from "./event-requests.js";

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
  it("is the Python leecher's: sha256 of json.dumps({event_topic, event_id})", () => {
    const expected = createHash("sha256").update('{"event_topic": "shotgrid.event", "event_id": 123}').digest("hex");
    expect(eventHash(123)).toBe(expected);
    // Printed by python3 from ayon-shotgrid 0.6.19 utils.get_event_hash("shotgrid.event", 123).
    expect(eventHash(123)).toBe("073c4505a2f222e1b62c903d760987fc3a7eb04fe42a49f91835f1bedcb8a9ed");
  });

  it("differs per id", () => {
    expect(new Set([eventHash(1), eventHash(2), eventHash(12)]).size).toBe(3);
  });
});

describe("pythonJson", () => {
  it("writes json.dumps(value, indent=2) as Python does, non-ASCII escaped", () => {
    // Printed by python3: json.dumps({"a": "Jing 镜头 é", "b": [1, {}], "c": None, "d": {"x": "😀"}}, indent=2)
    const python = '{\n  "a": "Jing \\u955c\\u5934 \\u00e9",\n  "b": [\n    1,\n    {}\n  ],\n  "c": null,\n  "d": {\n    "x": "\\ud83d\\ude00"\n  }\n}';
    expect(pythonJson({ a: "Jing 镜头 é", b: [1, {}], c: null, d: { x: "😀" } }, 2)).toBe(python);
  });

  it("writes json.dumps(value) with Python's separators", () => {
    expect(pythonJson({ a: [1, "x"], b: { c: null } })).toBe('{"a": [1, "x"], "b": {"c": null}}');
  });
});

describe("shotgrid.event", () => {
  it("has the Python addon's payload shape, the AYON project and the cursor summary", () => {
    const request = eventDispatch(event, project, "https://s.example");
    expect(request).toEqual({
      topic: "shotgrid.event",
      hash: eventHash(123),
      project: "alpha",
      description: "Leeched 'Shotgun_Shot_Change' event  with ID '123' by 'Ann Artist'",
      summary: { sg_event_id: 123, sg_site: "https://s.example" },
      payload: {
        message: expect.any(String),
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

  it("carries the EventLogEntry as indented JSON in message, like the Python leecher", () => {
    const payload = eventDispatch(event, project, "s").payload as { message: string; sg_payload: unknown };
    expect(payload.message).toBe(JSON.stringify(payload.sg_payload, null, 2));
    expect(Object.keys(payload)).toEqual(["message", "action", "user_name", "project_name", "project_code", "project_code_field", "sg_payload"]);
  });

  it("survives a null entity, user and project", () => {
    const request = eventDispatch({ id: 5, event_type: "Shotgun_Shot_Retirement", entity: null, user: null, project: null }, project, "s");
    expect(request.description).toBe("Leeched 'Shotgun_Shot_Retirement' event  with ID '5' by 'unknown'");
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
    expect(eventDispatch({ ...event, user: { type: "ApiUser", id: 9 } }, project, "s").description).toMatch(/by 'ApiUser 9'$/);
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
    expect(syncRequest(base).hash).not.toBe(eventHash(900));
  });
});
