import { describe, expect, it } from "@jest/globals";
import { Metrics } from "./registry.js";
import { MAX_ROUTE_LABELS, RouteLabels, RouteTemplates } from "./route-templates.js";
import { requestRecorder } from "./runtime-metrics.js";

const templates = new RouteTemplates(["/entity/_batch", "/entity/{type}", "/entity/{type}/_search", "/entity/{type}/{id}", "/entity/{type}/{id}/relationships/{field}", "/schema/{type}/fields"]);

/** The number of samples (series lines) of one metric in a scrape. */
function seriesOf(text: string, name: string): number {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `)).length;
}

describe("RouteTemplates", () => {
  it("maps paths onto their template, literal segments first, query strings ignored", () => {
    expect(templates.label("/entity/shots/1234")).toBe("/entity/{type}/{id}");
    expect(templates.label("/entity/shots/_search?page=2")).toBe("/entity/{type}/_search");
    expect(templates.label("/entity/_batch")).toBe("/entity/_batch");
    expect(templates.label("/entity/versions/17055/relationships/entity")).toBe("/entity/{type}/{id}/relationships/{field}");
    expect(templates.label("/schema/Shot/fields")).toBe("/schema/{type}/fields");
  });

  it("folds anything no template fits onto a fallback from a known first segment, else /…", () => {
    expect(templates.label("/entity/shots/not-an-id")).toBe("/entity/…");
    expect(templates.label("/entity/shots/12/a/b/c")).toBe("/entity/…");
    expect(templates.label("/whatever/98765")).toBe("/…");
    expect(templates.label("/")).toBe("/…");
  });
});

describe("RouteLabels", () => {
  it("keeps templates, folds routes holding ids, and never holds more than its cap", () => {
    const labels = new RouteLabels();
    expect(labels.label("/api/projects/{project}/folders/{id}")).toBe("/api/projects/{project}/folders/{id}");
    expect(labels.label("/api/projects/p/folders/0b3e7c52a8f111ee9f3b0242ac120002")).toBe("/api/…");
    for (let i = 0; i < MAX_ROUTE_LABELS * 3; i++) labels.label(`/made-up-${i}`);
    expect(labels.label("/yet-another")).toBe("other");
    expect(labels.label("/api/projects/{project}/folders/{id}")).toBe("/api/projects/{project}/folders/{id}");
  });
});

describe("request metrics", () => {
  it("stay bounded after requests to many distinct entities", async () => {
    const metrics = new Metrics();
    const record = requestRecorder(metrics, "shotgrid");
    const once = async (from: number, to: number) => {
      for (let id = from; id < to; id++) {
        record({ method: "GET", route: templates.label(`/entity/shots/${id}`), status: 200, ms: 3 });
        record({ method: "PUT", route: templates.label(`/entity/assets/${id}`), status: id % 10 ? 200 : 503, ms: 3 });
        record({ method: "POST", route: `/raw/path/${id}`, status: 201, ms: 3 }); // a client that reports raw paths
      }
      return seriesOf(await metrics.render(), "ayonsg_http_requests_total");
    };
    const after1k = await once(0, 1000);
    const after20k = await once(1000, 20_000);
    console.log(`ayonsg_http_requests_total series: ${after1k} after 3,000 requests, ${after20k} after 60,000 (20,000 distinct ids per route)`);
    expect(after1k).toBe(4); // GET 200, PUT 200, PUT 503 on /entity/{type}/{id}; POST 201 on /raw/…
    expect(after20k).toBe(after1k);
  });
});
