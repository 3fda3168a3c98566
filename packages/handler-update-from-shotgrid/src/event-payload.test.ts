import { describe, expect, it } from "@jest/globals";
import { InvalidEventError, type AyonEvent } from "@ayon-sg/core";
import { eventDispatch } from "@ayon-sg/leecher";
import { parseUpdateEvent } from "./event-payload.js";

function event(payload: unknown, project: string | null = "demo"): AyonEvent {
  return {
    id: "e".repeat(32), hash: "h", topic: "shotgrid.event", sender: null, senderType: null, project, user: null, dependsOn: null,
    status: "finished", retries: 0, description: "", summary: {}, payload: payload as Record<string, unknown>, createdAt: "", updatedAt: "",
  };
}

const entry = {
  type: "EventLogEntry", id: 501, event_type: "Shotgun_Shot_Change", attribute_name: "code",
  meta: { type: "attribute_change", entity_type: "Shot", entity_id: 12, old_value: "a", new_value: "b" },
  entity: { type: "Shot", id: 12, name: "b" }, user: { type: "HumanUser", id: 5, name: "Ann" }, project: { type: "Project", id: 70, name: "Demo" },
  session_uuid: null, created_at: "2026-03-31T15:26:16Z",
};
const payload = { action: "shotgrid-event", user_name: "Ann", project_name: "demo", project_code: "demo", project_code_field: "code", sg_payload: entry };

describe("shotgrid-event payload", () => {
  it("reads the leecher's payload", () => {
    expect(parseUpdateEvent(event(payload))).toEqual({
      project: "demo",
      entry: { id: 501, eventType: "Shotgun_Shot_Change", attributeName: "code", meta: entry.meta, entity: { type: "Shot", id: 12 }, project: { type: "Project", id: 70 } },
    });
  });

  it("reads the payload as both leechers write it: a `message` (the entry as JSON text) beside sg_payload", () => {
    const project = { sgProjectId: 70, sgProjectName: "Demo", projectCode: "demo", projectCodeField: "code", ayonProjectName: "demo" };
    const ours = eventDispatch(entry, project, "https://sg.example").payload;
    expect(ours).toHaveProperty("message");
    expect(parseUpdateEvent(event(ours))).toEqual(parseUpdateEvent(event(payload)));
    const python = { message: JSON.stringify(entry, null, 2), ...payload, project_name: "demo" };
    expect(parseUpdateEvent(event(python))).toEqual(parseUpdateEvent(event(payload)));
  });

  it("takes the project from the event when the payload names none, and tolerates null meta/entity/project", () => {
    const parsed = parseUpdateEvent(event({ action: "shotgrid-event", sg_payload: { ...entry, meta: null, entity: null, project: null, attribute_name: null } }, "fromevent"));
    expect(parsed).toEqual({ project: "fromevent", entry: { id: 501, eventType: "Shotgun_Shot_Change", attributeName: null, meta: {}, entity: null, project: null } });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["no sg_payload", { action: "shotgrid-event", project_name: "demo" }, /payload\.sg_payload: /],
    ["sg_payload not an object", { ...payload, sg_payload: "x" }, /payload\.sg_payload: /],
    ["no EventLogEntry id", { ...payload, sg_payload: { ...entry, id: undefined } }, /payload\.sg_payload\.id: must be the EventLogEntry id/],
    ["id as text", { ...payload, sg_payload: { ...entry, id: "501" } }, /payload\.sg_payload\.id/],
    ["negative id", { ...payload, sg_payload: { ...entry, id: -4 } }, /payload\.sg_payload\.id/],
    ["meta an array", { ...payload, sg_payload: { ...entry, meta: [1, 2] } }, /payload\.sg_payload\.meta: must be an object/],
    ["meta a string", { ...payload, sg_payload: { ...entry, meta: "{}" } }, /payload\.sg_payload\.meta/],
    ["entity without id", { ...payload, sg_payload: { ...entry, entity: { type: "Shot" } } }, /payload\.sg_payload\.entity\.id/],
    ["entity type with punctuation", { ...payload, sg_payload: { ...entry, entity: { type: "Shot/../x", id: 1 } } }, /payload\.sg_payload\.entity\.type: must be a ShotGrid entity type/],
    ["project id float", { ...payload, sg_payload: { ...entry, project: { type: "Project", id: 1.5 } } }, /payload\.sg_payload\.project\.id/],
    ["event_type not text", { ...payload, sg_payload: { ...entry, event_type: 7 } }, /payload\.sg_payload\.event_type: must be text/],
    ["event_type garbage", { ...payload, sg_payload: { ...entry, event_type: "Shotgun_Shot_Explode" } }, /event_type must be Shotgun_<EntityType>_<New\|Change\|Retirement\|Revival>/],
    ["event_type huge", { ...payload, sg_payload: { ...entry, event_type: "x".repeat(100_000) } }, /payload\.sg_payload\.event_type/],
    ["no project anywhere", { ...payload, project_name: undefined }, /project_name \(or the event's project\) is missing/],
    ["blank project_name", { ...payload, project_name: "   " }, /payload\.project_name/],
    ["wrong action", { ...payload, action: "sync-from-shotgrid" }, /payload\.action/],
    ["payload null", null, /payload\.sg_payload/],
  ];
  it.each(bad)("refuses %s, naming the path (InvalidEventError, never retried)", (_label, input, message) => {
    const run = () => parseUpdateEvent(event(input, _label === "no project anywhere" ? null : "demo"));
    expect(run).toThrow(InvalidEventError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (error) {
      expect((error as InvalidEventError).retryable).toBe(false);
    }
  });

  it("never echoes the values it refuses", () => {
    const secretish = "sk-THIS-MUST-NOT-APPEAR";
    let message = "";
    try {
      parseUpdateEvent(event({ ...payload, sg_payload: { ...entry, id: secretish, event_type: secretish, meta: secretish } }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/malformed shotgrid-event/);
    expect(message).not.toContain(secretish);
  });

  it("ignores prototype keys and extra fields", () => {
    const hostile = JSON.parse(`{"action":"shotgrid-event","project_name":"demo","__proto__":{"polluted":true},"sg_payload":${JSON.stringify({ ...entry, constructor: { prototype: { x: 1 } } })}}`);
    expect(parseUpdateEvent(event(hostile)).entry.id).toBe(501);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
