// The client against the testkit ShotGrid emulator: the same calls the leecher and the sync handlers make,
// end to end over HTTP. The scripted-server tests pin each wire rule; this one checks they fit together.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startShotgridEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import { ShotgridHttpError } from "./errors.js";
import { or } from "./filters.js";
import { ShotgridClient } from "./shotgrid-client.js";
import type { RequestInfo } from "./transport.js";
import { parseSgFloat, parseShotgridTime, sgFloat } from "./values.js";

let emu: ShotgridEmulator;
let client: ShotgridClient;
const requests: RequestInfo[] = [];

beforeAll(async () => {
  // The script's own writes are logged (off by default, as on a real site): the last test reads them back.
  emu = await startShotgridEmulator({ freshSite: true, scripts: [{ name: "ayon-sg", key: "sg-key", generateEventLogEntries: true }] });
  client = new ShotgridClient({
    siteUrl: emu.url, scriptName: "ayon-sg", scriptKey: "sg-key", pageSize: 4,
    retry: { limit: 3, baseDelayMs: 2, maxDelayMs: 20 }, onRequest: (i) => requests.push(i),
  });
});
afterAll(async () => emu?.close());

describe("client ⇄ ShotGrid emulator", () => {
  let project: { type: string; id: number };

  it("ensureField creates the field once", async () => {
    expect(await client.ensureField("Project", { displayName: "Ayon Auto Sync", dataType: "checkbox" })).toBe("sg_ayon_auto_sync");
    expect(await client.ensureField("Project", { displayName: "Ayon Auto Sync", dataType: "checkbox" })).toBe("sg_ayon_auto_sync");
    const fields = await client.schemaFields("Project");
    expect(Object.keys(fields).filter((f) => f.startsWith("sg_ayon_auto_sync"))).toEqual(["sg_ayon_auto_sync"]);
    expect(fields.sg_ayon_auto_sync?.properties.default_value).toBe(false);
  });

  it("creates a hierarchy with single creates and a chunked batch", async () => {
    const p = await client.create("Project", { name: "Emu Project", sg_ayon_auto_sync: true });
    project = { type: "Project", id: p.id };
    expect(parseShotgridTime(p.created_at as string)).toBeInstanceOf(Date);
    const seq = await client.create("Sequence", { project, code: "sq01" });
    const shots = await client.batch(
      Array.from({ length: 10 }, (_, i) => ({
        requestType: "create" as const, entityType: "Shot",
        data: { project, code: `sh${String(i).padStart(3, "0")}`, sg_sequence: { type: "Sequence", id: seq.id }, sg_fps: sgFloat(23.976) },
      })),
      { chunkSize: 4 },
    );
    expect(shots).toHaveLength(10);
    expect(shots[0]).toMatchObject({ type: "Shot", sg_sequence: { type: "Sequence", id: seq.id, name: "sq01" } });
  });

  it("pages through every Shot and filters with OR", async () => {
    const before = requests.length;
    const all = await client.searchAll("Shot", { filters: [["project", "is", project]], fields: ["code", "sg_fps", "sg_sequence.Sequence.code"] });
    expect(all.map((r) => r.code)).toEqual(Array.from({ length: 10 }, (_, i) => `sh${String(i).padStart(3, "0")}`));
    expect(all[0]?.["sg_sequence.Sequence.code"]).toBe("sq01");
    expect(parseSgFloat(all[0]?.sg_fps)).toBeCloseTo(23.976, 6);
    const searches = requests.slice(before).filter((r) => r.route === "/entity/{type}/_search");
    expect(searches).toHaveLength(3); // 4 + 4 + 2 rows
    const some = await client.search("Shot", { filters: [["project", "is", project], or(["code", "is", "sh001"], ["code", "ends_with", "9"])], sort: "-code" });
    expect(some.map((r) => r.code)).toEqual(["sh009", "sh001"]);
  });

  it("reads, retires, revives", async () => {
    const first = await client.findOne("Shot", { filters: [["code", "is", "sh000"]], fields: ["code"] });
    const id = first!.id;
    expect(await client.delete("Shot", id)).toBe(true);
    expect(await client.delete("Shot", id)).toBe(false);
    expect(await client.read("Shot", id)).toBeNull();
    expect(await client.read("Shot", id, { retired: true, fields: ["code"] })).toEqual({ type: "Shot", id, code: "sh000" });
    expect(await client.revive("Shot", id)).toBe(true);
    expect(await client.revive("Shot", id)).toBe(false);
    await expect(client.update("Shot", id, { sg_fps: 24 })).rejects.toThrow(ShotgridHttpError);
    expect(await client.update("Shot", id, { sg_fps: sgFloat(24) })).toMatchObject({ id, sg_fps: "24.0" });
  });

  it("rides out injected 503s and dropped connections", async () => {
    const before = requests.length;
    emu.faults.add({ match: { method: "POST", path: "_search$" }, status: 503, times: 2 });
    emu.faults.add({ match: { method: "GET", path: "/entity/shots/" }, drop: true, times: 1 });
    expect(await client.search("Shot", { filters: [["project", "is", project]], pageSize: 2 })).toHaveLength(2);
    const any = await client.findOne("Shot", { filters: [["project", "is", project]] });
    expect(await client.read("Shot", any!.id, { fields: ["code"] })).toMatchObject({ id: any!.id });
    const statuses = requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 0)).toHaveLength(1);
  });

  it("reads the event log the writes produced", async () => {
    const events = await client.searchAll("EventLogEntry", {
      filters: [["event_type", "in", ["Shotgun_Shot_Retirement", "Shotgun_Shot_Revival"]]], fields: ["event_type", "meta"], pageSize: 5000,
    });
    expect(events.map((e) => e.event_type)).toEqual(["Shotgun_Shot_Retirement", "Shotgun_Shot_Revival"]);
  });
});
