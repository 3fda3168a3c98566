/**
 * The ShotGrid REST API v1 routes (paths under /api/v1), as templates for the `route` label of request
 * metrics: `/entity/shots/1234` is counted as `/entity/{type}/{id}`. Shapes from the ShotGrid REST API
 * reference (developer.shotgridsoftware.com/rest-api): entity CRUD, search, summarize, batch, relationships,
 * uploads, followers and activity, schema, hierarchy, preferences, webhooks.
 */
import { RouteTemplates } from "@ayon-sg/core";

export const SHOTGRID_ROUTES = new RouteTemplates([
  "/auth/access_token",
  "/entity/_batch",
  "/entity/_text_search",
  "/entity/{type}",
  "/entity/{type}/_search",
  "/entity/{type}/_summarize",
  "/entity/{type}/{id}",
  "/entity/{type}/{id}/relationships/{field}",
  "/entity/{type}/{id}/followers",
  "/entity/{type}/{id}/activity_stream",
  "/entity/{type}/{id}/thread_contents",
  "/entity/{type}/{id}/_upload",
  "/entity/{type}/{id}/{field}",
  "/entity/{type}/{id}/{field}/_upload",
  "/schema",
  "/schema/{type}",
  "/schema/{type}/fields",
  "/schema/{type}/fields/{field}",
  "/hierarchy/_search",
  "/hierarchy/expand",
  "/preferences",
  "/webhook/hooks",
  "/webhook/hooks/{id}",
  "/webhook/hooks/{id}/deliveries",
  "/webhook/deliveries/{id}",
  "/webhook/deliveries/{id}/redeliver",
]);
