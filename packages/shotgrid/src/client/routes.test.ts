import { describe, expect, it } from "@jest/globals";
import { SHOTGRID_ROUTES } from "./routes.js";

describe("ShotGrid route labels", () => {
  it.each([
    ["/auth/access_token", "/auth/access_token"],
    ["/entity/shots/1234", "/entity/{type}/{id}"],
    ["/entity/custom_entity01s/7", "/entity/{type}/{id}"],
    ["/entity/shots", "/entity/{type}"],
    ["/entity/event_log_entries/_search", "/entity/{type}/_search"],
    ["/entity/shots/_summarize", "/entity/{type}/_summarize"],
    ["/entity/_batch", "/entity/_batch"],
    ["/entity/versions/17055/relationships/entity", "/entity/{type}/{id}/relationships/{field}"],
    ["/entity/versions/17055/sg_uploaded_movie/_upload", "/entity/{type}/{id}/{field}/_upload"],
    ["/entity/notes/5/thread_contents", "/entity/{type}/{id}/thread_contents"],
    ["/schema", "/schema"],
    ["/schema/Shot/fields", "/schema/{type}/fields"],
    ["/schema/Shot/fields/sg_ayon_id", "/schema/{type}/fields/{field}"],
    ["/webhook/hooks/2f1b5a2e-9c9b-4f0e-8a9d-1f6c3b2a4d5e/deliveries", "/webhook/hooks/{id}/deliveries"],
    ["/entity/shots/abc", "/entity/…"],
    ["/somewhere/else/42", "/…"],
  ])("%s → %s", (path, label) => {
    expect(SHOTGRID_ROUTES.label(path)).toBe(label);
  });
});
