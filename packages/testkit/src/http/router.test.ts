import { describe, it, expect } from "@jest/globals";
import { Router } from "./router.js";

describe("Router", () => {
  const router = new Router<string>()
    .add("GET", "/api/projects", "list")
    .add("GET", "/api/projects/{projectName}", "get")
    .add("PATCH", "/api/projects/{projectName}", "patch")
    .add("GET", "/api/projects/{projectName}/folders", "folders")
    .add("GET", "/api/projects/{projectName}/folders/{folderId}", "folder")
    .add("GET", "/api/projects/{projectName}/{other}", "other")
    .add("GET", "/addons/{name}/{version}/frontend/{path*}", "static");

  it("matches static and parameter segments and returns the template", () => {
    const hit = router.lookup("GET", "/api/projects/demo/folders/abc");
    expect(hit).toEqual({
      kind: "found",
      match: {
        handler: "folder",
        template: "/api/projects/{projectName}/folders/{folderId}",
        params: { projectName: "demo", folderId: "abc" },
      },
    });
  });

  it("prefers a static segment over a parameter", () => {
    const hit = router.lookup("GET", "/api/projects/demo/folders");
    expect(hit.kind === "found" && hit.match.handler).toBe("folders");
    const other = router.lookup("GET", "/api/projects/demo/stats");
    expect(other.kind === "found" && other.match.params).toEqual({ projectName: "demo", other: "stats" });
  });

  it("reports method-not-allowed with the allowed methods", () => {
    const hit = router.lookup("DELETE", "/api/projects/demo");
    expect(hit.kind).toBe("method-not-allowed");
    expect(hit.kind === "method-not-allowed" && hit.allowed.sort()).toEqual(["GET", "PATCH"]);
  });

  it("reports not-found for unknown paths and malformed encodings", () => {
    expect(router.lookup("GET", "/api/nothing").kind).toBe("not-found");
    expect(router.lookup("GET", "/api/projects/%E0%A4%A").kind).toBe("not-found");
  });

  it("decodes percent-encoded segments", () => {
    const hit = router.lookup("GET", "/api/projects/a%20b");
    expect(hit.kind === "found" && hit.match.params.projectName).toBe("a b");
  });

  it("captures the rest of the path for a trailing {name*}", () => {
    const hit = router.lookup("GET", "/addons/sg/1.0.0/frontend/dist/assets/app.js");
    expect(hit.kind === "found" && hit.match.params).toEqual({
      name: "sg",
      version: "1.0.0",
      path: "dist/assets/app.js",
    });
  });

  it("lets a trailing {name*} match nothing", () => {
    const hit = router.lookup("GET", "/addons/sg/1.0.0/frontend");
    expect(hit.kind === "found" && hit.match.params.path).toBe("");
  });

  it("rejects duplicate routes and conflicting parameter names", () => {
    expect(() => new Router<string>().add("GET", "/a/{x}", "1").add("GET", "/a/{x}", "2")).toThrow(/Duplicate/);
    expect(() => new Router<string>().add("GET", "/a/{x}", "1").add("GET", "/a/{y}/b", "2")).toThrow(/Conflicting/);
  });
});
