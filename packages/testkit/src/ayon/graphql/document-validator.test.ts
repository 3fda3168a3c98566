import { describe, expect, test } from "@jest/globals";
import { canonicalDocument, documentProblems, operationNames, schemaWithAttributes, type ExtraAttribute } from "./document-validator.js";

const ADDON_ATTRIBUTES: ExtraAttribute[] = [
  { name: "shotgridId", scope: ["project", "folder", "task", "version"], data: { type: "string" } },
  { name: "shotgridPush", scope: ["project"], data: { type: "boolean" } },
];

describe("GraphQL document validation against the real AYON 1.16 introspection", () => {
  const plain = schemaWithAttributes([]);
  const withAddon = schemaWithAttributes(ADDON_ATTRIBUTES);

  test("a document of real fields validates", () => {
    const document = "query P($name: String!) { project(name: $name) { folders(first: 5) { edges { node { id name attrib { fps } } } } } }";
    expect(documentProblems(plain, document)).toEqual([]);
  });

  test("a misspelled field is caught", () => {
    const problems = documentProblems(plain, "query P { projects(first: 1) { edges { node { nmae } } } }");
    expect(problems).toEqual([expect.stringContaining('Cannot query field "nmae" on type "ProjectNode"')]);
  });

  test("an addon attribute exists only when the addon's attributes are added, and only in its scopes", () => {
    const folderAttr = "query F { project(name: \"p\") { folders(first: 1) { edges { node { attrib { shotgridId } } } } } }";
    expect(documentProblems(plain, folderAttr)).toEqual([expect.stringContaining('Cannot query field "shotgridId"')]);
    expect(documentProblems(withAddon, folderAttr)).toEqual([]);
    const pushOnFolder = "query F { project(name: \"p\") { folders(first: 1) { edges { node { attrib { shotgridPush } } } } } }";
    expect(documentProblems(withAddon, pushOnFolder)).toEqual([expect.stringContaining('Cannot query field "shotgridPush" on type "FolderAttribType"')]);
  });

  test("wrong argument names, undeclared variables and syntax errors are caught", () => {
    expect(documentProblems(plain, "query E { events(topic: \"x\") { edges { node { id } } } }")).toEqual([
      expect.stringContaining('Unknown argument "topic"'),
    ]);
    expect(documentProblems(plain, "query E { events(topics: $t) { edges { node { id } } } }")).toEqual([
      expect.stringContaining('Variable "$t" is not defined'),
    ]);
    expect(documentProblems(plain, "query E { events { edges { node { id } }")).toEqual([expect.stringMatching(/^syntax: /)]);
  });

  test("operationNames lists named operations", () => {
    expect(operationNames("query A { events { edges { node { id } } } } query B { users { edges { node { name } } } }")).toEqual(["A", "B"]);
  });
});

test("canonicalDocument ignores layout", () => {
  expect(canonicalDocument("query A {\n  events(last: 1) { edges { node { id } } }\n}")).toBe(canonicalDocument("query A { events(last: 1) { edges { node { id } } } }"));
});
