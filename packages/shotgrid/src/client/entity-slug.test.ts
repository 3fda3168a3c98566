import { describe, expect, it } from "@jest/globals";
import { entitySlug } from "./entity-slug.js";
import { ShotgridInputError } from "./errors.js";

describe("entity type names in URLs", () => {
  it.each([
    ["Shot", "shots"],
    ["HumanUser", "human_users"],
    ["EventLogEntry", "event_log_entries"],
    ["CustomEntity03", "custom_entity03s"],
    ["CustomNonProjectEntity01", "custom_non_project_entity01s"],
    ["Step", "steps"],
    ["ApiUser", "api_users"],
    ["PublishedFile", "published_files"],
    ["TaskDependency", "task_dependencies"],
    ["Status", "statuses"],
    ["Reply", "replies"],
    ["Asset_sg_vendor_groups_Connection", "asset_sg_vendor_groups_connections"],
  ])("%s → %s", (type, slug) => {
    expect(entitySlug(type)).toBe(slug);
  });

  it("refuses names that are not CamelCase schema names", () => {
    for (const bad of ["shots", "", "Shot/1", "Shot?x=1", "../Shot"]) {
      expect(() => entitySlug(bad)).toThrow(ShotgridInputError);
    }
    expect(() => entitySlug("shots")).toThrow(/CamelCase schema name/);
  });
});
