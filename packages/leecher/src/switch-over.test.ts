// Switching over from the Python leecher: both leechers may run for a while and dispatch the same ShotGrid
// event. The Python one's POST is written out here from its code (ayon-shotgrid 0.6.19
// services/leecher/leecher/listener.py send_shotgrid_event_to_ayon, utils.get_event_hash; ayon-python-api
// 1.2 dispatch_event body), not from ours; AYON must end up holding one event, whichever leecher was first.
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { dispatchInOrder } from "./dispatcher.js";
import { eventDispatch, EVENT_TOPIC } from "./event-requests.js";
import { AYON_KEY, startWorld, type World } from "./leecher.test-helpers.js";

const project: LinkedProject = { sgProjectId: 70, sgProjectName: "Alpha", projectCode: "alpha", projectCodeField: "code", ayonProjectName: "alpha" };
const entry = {
  id: 4812,
  type: "EventLogEntry",
  event_type: "Shotgun_Shot_Change",
  attribute_name: "sg_status_list",
  meta: { type: "attribute_change", entity_type: "Shot", entity_id: 5, old_value: "wtg", new_value: "ip" },
  entity: { type: "Shot", id: 5, name: "sh010" },
  user: { type: "HumanUser", id: 3, name: "Ann Artist" },
  project: { type: "Project", id: 70, name: "Alpha" },
  session_uuid: "0d3f",
  created_at: "2026-03-31T15:26:16+00:00",
};

/** The body the Python leecher POSTs to /api/events for `entry` (ayon_api dispatch_event's keys). */
function pythonLeecherBody(): Record<string, unknown> {
  const hash = createHash("sha256").update(`{"event_topic": "shotgrid.event", "event_id": ${entry.id}}`).digest("hex");
  return {
    topic: "shotgrid.event",
    sender: "python-leecher-host",
    hash,
    project: "alpha",
    user: "Ann Artist",
    description: `Leeched 'Shotgun_Shot_Change' event  with ID '${entry.id}' by 'Ann Artist'`,
    summary: { sg_event_id: entry.id },
    payload: {
      message: JSON.stringify(entry, null, 2),
      action: "shotgrid-event",
      user_name: "Ann Artist",
      project_name: "alpha",
      project_code: "alpha",
      project_code_field: "code",
      sg_payload: entry,
    },
    finished: true,
    store: true,
  };
}

async function postAsPython(world: World): Promise<number> {
  const response = await fetch(`${world.ayonEmu.url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": AYON_KEY },
    body: JSON.stringify(pythonLeecherBody()),
  });
  return response.status;
}

async function dispatchOurs(world: World) {
  const job = { id: entry.id, project: "alpha", request: eventDispatch(entry, project, "http://sg.example") };
  return dispatchInOrder(world.ayon, [job], { concurrency: 1 });
}

describe("both leechers during a switch-over", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    await world.ayon.createProject({ name: "alpha", code: "alpha" });
  });
  afterEach(async () => world.close());

  it("the Python leecher first: ours finds the event already stored (409), AYON holds one", async () => {
    expect(await postAsPython(world)).toBe(200);
    const report = await dispatchOurs(world);
    expect(report).toMatchObject({ stored: 0, duplicates: 1, failure: null, refused: [] });
    const events = world.ayonEmu.state.events.ofTopic(EVENT_TOPIC);
    expect(events).toHaveLength(1);
    expect(events[0]!.sender).toBe("python-leecher-host");
  });

  it("ours first: the Python leecher's POST is refused with 409, AYON holds one", async () => {
    expect(await dispatchOurs(world)).toMatchObject({ stored: 1, duplicates: 0 });
    expect(await postAsPython(world)).toBe(409);
    const events = world.ayonEmu.state.events.ofTopic(EVENT_TOPIC);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ action: "shotgrid-event", project_name: "alpha", sg_payload: { id: entry.id } });
  });

  it("both payloads carry the same keys", async () => {
    const ours = eventDispatch(entry, project, "http://sg.example").payload as Record<string, unknown>;
    expect(Object.keys(ours)).toEqual(Object.keys(pythonLeecherBody().payload as object));
  });
});
