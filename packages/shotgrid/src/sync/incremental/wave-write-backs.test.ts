// A wave's ShotGrid write-backs in one `_batch` (wave-write-backs.ts): the wave waits for every seat, sends one
// request, names each refused write to the update that asked for it, and fails every submission when the site
// does not answer. Against the ShotGrid emulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startShotgridEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import { ShotgridClient } from "../../client/index.js";
import type { ShotgridWriteBack } from "../plan.js";
import { WaveWriteBacks } from "./wave-write-backs.js";

let emu: ShotgridEmulator;
let sg: ShotgridClient;
let shots: number[];
let projectLink: { type: string; id: number };

beforeAll(async () => {
  emu = await startShotgridEmulator();
  sg = new ShotgridClient({ siteUrl: emu.url, scriptName: "ayon-sg", scriptKey: "sg-key", retry: { limit: 0 } });
  projectLink = { type: "Project", id: emu.store.create("Project", { name: "Write-backs", code: "wb" }).id };
  shots = ["sh010", "sh020", "sh030", "sh040"].map((code) => emu.store.create("Shot", { project: projectLink, code }).id);
});
afterEach(() => emu.faults.clear());
afterAll(async () => emu?.close());

const batches = () => emu.stats().byRoute["POST /api/v1/entity/_batch"]?.count ?? 0;
const writeBack = (id: number, ayonId: string): ShotgridWriteBack => ({ type: "Shot", id, data: { sg_ayon_id: ayonId, sg_ayon_sync_status: "Synced" } });
const ayonIdOf = (id: number) => emu.store.findOne("Shot", id, { fields: ["sg_ayon_id"] })?.sg_ayon_id;

describe("wave write-backs", () => {
  it("waits for every seat to submit or leave, then writes them all with one _batch", async () => {
    const wave = new WaveWriteBacks(sg, 3);
    const [a, b, c] = [wave.seat(), wave.seat(), wave.seat()];
    const before = batches();
    const first = a.submit([writeBack(shots[0]!, "1".repeat(32)), writeBack(shots[1]!, "2".repeat(32))]);
    const second = b.submit([writeBack(shots[2]!, "3".repeat(32))]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches()).toBe(before);
    c.leave();
    const [ra, rb] = await Promise.all([first, second]);
    expect(batches() - before).toBe(1);
    expect(ra).toEqual({ written: 2, rejected: [], requests: 1 });
    expect(rb).toEqual({ written: 1, rejected: [], requests: 0 });
    expect([0, 1, 2].map((i) => ayonIdOf(shots[i]!))).toEqual(["1".repeat(32), "2".repeat(32), "3".repeat(32)]);
  });

  it("names a write ShotGrid refuses to the update that asked for it; the others are written", async () => {
    const retired = emu.store.create("Shot", { project: projectLink, code: "gone" }).id;
    emu.store.retire("Shot", retired);
    const wave = new WaveWriteBacks(sg, 2);
    const [a, b] = [wave.seat(), wave.seat()];
    const [ra, rb] = await Promise.all([
      a.submit([writeBack(shots[3]!, "4".repeat(32))]),
      b.submit([writeBack(retired, "5".repeat(32)), writeBack(shots[0]!, "6".repeat(32))]),
    ]);
    expect(ra).toMatchObject({ written: 1, rejected: [] });
    expect(rb.written).toBe(1);
    expect(rb.rejected.map((r) => [r.type, r.id])).toEqual([["Shot", retired]]);
    expect(ayonIdOf(shots[3]!)).toBe("4".repeat(32));
    expect(ayonIdOf(shots[0]!)).toBe("6".repeat(32));
  });

  it("fails every submission with the site's error when the request gets no answer", async () => {
    emu.faults.add({ match: { path: /_batch$/ }, status: 503 });
    const wave = new WaveWriteBacks(sg, 2);
    const [a, b] = [wave.seat(), wave.seat()];
    const results = await Promise.allSettled([a.submit([writeBack(shots[1]!, "7".repeat(32))]), b.submit([writeBack(shots[2]!, "8".repeat(32))])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(ayonIdOf(shots[1]!)).toBe("2".repeat(32));
  });

  it("a seat that submits after the wave went out sends its writes alone", async () => {
    const wave = new WaveWriteBacks(sg, 1);
    const seat = wave.seat();
    seat.leave();
    const before = batches();
    await expect(seat.submit([writeBack(shots[1]!, "9".repeat(32))])).resolves.toEqual({ written: 1, rejected: [], requests: 1 });
    expect(batches() - before).toBe(1);
    expect(ayonIdOf(shots[1]!)).toBe("9".repeat(32));
  });
});
