import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "@jest/globals";
import { importProjectEvent, newRequestId, syncProjectEvent } from "./page-requests.js";

// The settings page's own builder (browser code, not part of any package entry): loaded by path so the test
// compares the sandbox's events with exactly what the page posts.
const PAGE_API = join(import.meta.dirname, "..", "..", "ayon-addon", "frontend", "src", "api.ts");
type BuildRequestEvent = (request: Record<string, unknown>, requestId: string) => unknown;

describe("the sandbox's import and sync events", () => {
  it("are the events the addon page posts", async () => {
    const page = (await import(pathToFileURL(PAGE_API).href)) as { buildRequestEvent: BuildRequestEvent };
    const requestId = newRequestId();
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(importProjectEvent({ projectName: "sandbox_demo", projectCode: "sbx", sgProjectId: 7 }, requestId)).toEqual(
      page.buildRequestEvent({ action: "create-project", projectName: "sandbox_demo", projectCode: "sbx", sgProjectId: 7 }, requestId),
    );
    expect(syncProjectEvent("sandbox_demo", requestId)).toEqual(page.buildRequestEvent({ action: "sync-from-shotgrid", projectName: "sandbox_demo" }, requestId));
  });
});
