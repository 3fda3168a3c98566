import { afterEach, describe, expect, it } from "@jest/globals";
import { ShotgridInputError } from "./errors.js";
import { or } from "./filters.js";
import { ShotgridClient, type ShotgridClientOptions } from "./shotgrid-client.js";
import { FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, shotPage, wireRecord, type RecordedRequest } from "./test-server.test-helpers.js";
import { sgFloat } from "./values.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

function client(extra: Partial<ShotgridClientOptions> = {}): ShotgridClient {
  return new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, ...extra });
}

const SEARCH = "/entity/shots/_search";
const bodies = (): Array<Record<string, unknown>> => site.calls("POST", SEARCH).map((r) => JSON.parse(r.body) as Record<string, unknown>);

/** Serves `total` Shots, paging by the body's page.size / page.number the way ShotGrid does. */
function pagedShots(total: number) {
  return (req: RecordedRequest) => {
    const { page } = JSON.parse(req.body) as { page: { size: number; number: number } };
    const first = (page.number - 1) * page.size + 1;
    return shotPage(first, Math.max(0, Math.min(page.size, total - first + 1)));
  };
}

describe("_search requests", () => {
  it("posts api3_hash filters, fields, sort, page and options in the body", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [shotPage(1, 1)]);
    const project = { type: "Project", id: 70 };
    await client().search("Shot", {
      filters: [["project", "is", project], or(["sg_fps", "greater_than", sgFloat(24)], ["sg_fps", "is", null])],
      fields: ["code", "sg_sequence", "sg_sequence.Sequence.code"],
      sort: ["code", "-created_at"],
      pageSize: 50,
      page: 3,
      retired: true,
      includeArchivedProjects: false,
    });
    const req = site.calls("POST", SEARCH)[0]!;
    expect(req.headers["content-type"]).toBe("application/vnd+shotgun.api3_hash+json");
    expect(req.query.toString()).toBe("");
    expect(JSON.parse(req.body)).toEqual({
      filters: {
        logical_operator: "and",
        conditions: [
          ["project", "is", project],
          { logical_operator: "or", conditions: [["sg_fps", "greater_than", "24.0"], ["sg_fps", "is", null]] },
        ],
      },
      fields: ["code", "sg_sequence", "sg_sequence.Sequence.code"],
      sort: "code,-created_at",
      page: { size: 50, number: 3 },
      options: { return_only: "retired", include_archived_projects: false },
    });
  });

  it("sends an empty AND group and the client's page size by default, and no options", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [shotPage(1, 1)]);
    await client({ pageSize: 5000 }).search("Shot");
    expect(bodies()[0]).toEqual({ filters: { logical_operator: "and", conditions: [] }, page: { size: 5000, number: 1 } });
  });

  it("returns flattened records", async () => {
    site = await ScriptedSite.start();
    const seq = { type: "Sequence", id: 4, name: "sq01" };
    site.on("POST", SEARCH, [{ status: 200, body: { data: [wireRecord("Shot", 8, { code: "sh010", sg_sequence: seq })], links: {} } }]);
    expect(await client().search("Shot")).toEqual([{ type: "Shot", id: 8, code: "sh010", sg_sequence: seq }]);
  });

  it("refuses page sizes outside 1–5000 before sending anything", async () => {
    site = await ScriptedSite.start();
    const c = client();
    await expect(c.search("Shot", { pageSize: 5001 })).rejects.toThrow("query.pageSize must be a whole number from 1 to 5000, got 5001.");
    await expect(c.search("Shot", { pageSize: 0 })).rejects.toThrow(ShotgridInputError);
    await expect(c.search("Shot", { page: 0 })).rejects.toThrow(/query.page/);
    expect(() => client({ pageSize: 10_000 })).toThrow(/pageSize/);
    expect(site.requests).toHaveLength(0);
  });

  it("reports a body that is not the list envelope", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [{ status: 200, body: { data: [{ type: "Shot" }] } }]);
    await expect(client().search("Shot")).rejects.toThrow("ShotGrid answered POST /entity/shots/_search with an unexpected body at data.0.id.");
  });
});

describe("paging stops on an empty or short page, never on links.next", () => {
  it("stops on a short page", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, pagedShots(25));
    const pages: number[] = [];
    for await (const page of client().searchPages("Shot", { pageSize: 10 })) pages.push(page.length);
    expect(pages).toEqual([10, 10, 5]);
    expect(bodies().map((b) => (b.page as { number: number }).number)).toEqual([1, 2, 3]);
  });

  it("stops on an empty page when the total is a multiple of the page size", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, pagedShots(20));
    const all = await client().searchAll("Shot", { pageSize: 10 });
    expect(all.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(site.calls("POST", SEARCH)).toHaveLength(3);
  });

  it("makes one request for an empty result", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, pagedShots(0));
    expect(await client().searchAll("Shot")).toEqual([]);
    expect(site.calls("POST", SEARCH)).toHaveLength(1);
  });

  it("pages 12,000 records with 5000-row pages in 3 requests", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, pagedShots(12_000));
    const all = await client({ pageSize: 5000 }).searchAll("Shot", { fields: ["code"] });
    expect(all).toHaveLength(12_000);
    expect(all[11_999]).toEqual({ type: "Shot", id: 12_000, code: "sh12000" });
    expect(site.calls("POST", SEARCH)).toHaveLength(3);
  });

  it("refuses to page on when the server ignores the page size", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [shotPage(1, 11)]);
    await expect(client().searchAll("Shot", { pageSize: 10 })).rejects.toThrow("ShotGrid answered a search for 10 rows per page with 11 rows.");
    expect(site.calls("POST", SEARCH)).toHaveLength(1);
  });

  it("findOne asks for a single row and returns it or null", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [shotPage(4, 1), shotPage(1, 0)]);
    const c = client();
    expect(await c.findOne("Shot", { filters: [["code", "is", "sh4"]], sort: "-id" })).toEqual({ type: "Shot", id: 4, code: "sh4" });
    expect(await c.findOne("Shot", { filters: [["code", "is", "nope"]] })).toBeNull();
    expect(bodies()[0]).toMatchObject({ page: { size: 1, number: 1 }, sort: "-id" });
  });
});
