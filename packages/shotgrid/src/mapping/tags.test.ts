import { describe, expect, it } from "@jest/globals";
import { anatomyTagsWith, sameTags, tagColor, tagNames, tagsToSg } from "./tags.js";

describe("tags", () => {
  it("ShotGrid Tag links → names → Tag links round trip", () => {
    const sg = [{ type: "Tag", id: 4, name: "hero" }, { type: "Tag", id: 9, name: "rush" }, { type: "Tag", id: 4, name: "hero" }];
    const names = tagNames(sg) as string[];
    expect(names).toEqual(["hero", "rush"]);
    const back = tagsToSg(names, new Map([["hero", 4], ["rush", 9]]));
    expect(back).toEqual({ links: [{ type: "Tag", id: 4 }, { type: "Tag", id: 9 }], missing: [] });
    expect(tagsToSg(["new"], new Map()).missing).toEqual(["new"]);
  });

  it("null when the field was not read, empty when ShotGrid has none", () => {
    expect(tagNames(undefined)).toBeNull();
    expect(tagNames(null)).toEqual([]);
    expect(sameTags(["b", "a"], ["a", "b"])).toBe(true);
    expect(sameTags(["a"], ["a", "b"])).toBe(false);
  });

  it("adds only missing tags to the anatomy, with a colour that does not change between runs", () => {
    const project = { tags: [{ name: "hero", color: "#ff0000" }] };
    const tags = anatomyTagsWith(project, ["hero", "rush", "rush"]);
    expect(tags).toEqual([{ name: "hero", color: "#ff0000" }, { name: "rush", color: tagColor("rush") }]);
    expect(anatomyTagsWith({ tags: tags! }, ["rush"])).toBeNull();
    expect(tagColor("rush")).toMatch(/^#[0-9a-f]{6}$/);
    expect(tagColor("rush")).not.toBe(tagColor("hero"));
  });
});
