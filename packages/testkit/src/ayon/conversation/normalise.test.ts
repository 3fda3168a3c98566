import { describe, expect, test } from "@jest/globals";
import { normalise, sortGraphqlSets } from "./normalise.js";

describe("normalise", () => {
  test("replaces ids, times, hashes and per-run keys but keeps field order, types and nulls", () => {
    const reply = {
      id: "0123456789abcdef0123456789abcdef",
      createdAt: "2026-12-06T04:36:04.557194+00:00",
      hash: "e0fa8aacbfd63a55e251bc1a8727802d9f771bed88cc1d92699fc13ad84cb364",
      detail: "Folder 0123456789abcdef0123456789abcdef not found",
      version: "1.16.0+DEVELOP",
      apiKeyPreview: "94f2***4cab",
      count: 3,
      label: null,
      tags: ["a"],
      traceback: "ValueError\n\nsome/file.py:12\ncode line",
    };
    const out = normalise(reply) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(Object.keys(reply));
    expect(out).toEqual({
      id: "<id>",
      createdAt: "<datetime>",
      hash: "<hash>",
      detail: "Folder <id> not found",
      version: "<version>",
      apiKeyPreview: "<keyPreview>",
      count: 3,
      label: null,
      tags: ["a"],
      traceback: "<traceback>",
    });
  });

  test("normalises ids used as keys", () => {
    expect(normalise({ "0123456789abcdef0123456789abcdef": 1 })).toEqual({ "<id>": 1 });
  });

  test("sorts GraphQL ownAttrib lists (a server-process set order) and leaves every other list and the field order alone", () => {
    const answer = { data: { project: { folder: { ownAttrib: ["fps", "clipIn", "shotgridId"], tags: ["b", "a"], attrib: { fps: 25, clipIn: 1 } } } } };
    expect(sortGraphqlSets(answer)).toEqual({ data: { project: { folder: { ownAttrib: ["clipIn", "fps", "shotgridId"], tags: ["b", "a"], attrib: { fps: 25, clipIn: 1 } } } } });
    expect(Object.keys((sortGraphqlSets(answer) as typeof answer).data.project.folder.attrib)).toEqual(["fps", "clipIn"]);
  });
});
