// ShotGrid REST `_batch` for write-backs: the whole records the server answers with are drained, never parsed.
import { afterEach, describe, expect, it } from "@jest/globals";
import { ShotgridBatchError, ShotgridHttpError } from "./errors.js";
import { ShotgridClient } from "./shotgrid-client.js";
import { errorReply, FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

const client = () => new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY });
const BATCH = "/entity/_batch";
const updates = (n: number) => Array.from({ length: n }, (_, i) => ({ requestType: "update" as const, entityType: "Shot", id: i + 1, data: { sg_ayon_sync_status: "Synced" } }));

describe("batchCommit", () => {
  it("sends the same chunks as batch and counts what committed, whatever the 200 body holds", async () => {
    site = await ScriptedSite.start();
    // Not even JSON: a body that batch() would refuse as a protocol error is never looked at.
    site.on("POST", BATCH, () => ({ status: 200, body: "<<whole records>>" }));
    const progress: number[] = [];
    const committed = await client().batchCommit(updates(450), { onProgress: (p) => progress.push(p.requestsDone) });
    expect(committed).toBe(450);
    expect(site.calls("POST", BATCH).map((r) => (JSON.parse(r.body) as { requests: unknown[] }).requests.length)).toEqual([200, 200, 50]);
    expect(progress).toEqual([200, 400, 450]);
  });

  it("still reads a refusal's body for its reason, and says how much committed before it", async () => {
    site = await ScriptedSite.start();
    let call = 0;
    site.on("POST", BATCH, () => (++call === 2 ? errorReply(404, 104, "Not Found", "Entity of type [Shot] with id=300 does not exist.") : { status: 200, body: { data: [] } }));
    const error = await client().batchCommit(updates(450)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShotgridBatchError);
    expect((error as ShotgridBatchError).message).toMatch(/200 of 450/);
    expect((error as ShotgridBatchError).cause).toBeInstanceOf(ShotgridHttpError);
    expect(((error as ShotgridBatchError).cause as ShotgridHttpError).message).toMatch(/id=300 does not exist/);
  });
});
