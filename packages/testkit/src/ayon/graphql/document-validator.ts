// Validates GraphQL documents the way the real server does before it runs them: against the real AYON 1.16
// introspection (data/ayon-graphql-schema.json, taken from a server without addons) with the attributes an
// installed addon adds appended to each scope's `<Scope>AttribType` — a real server builds those types from its
// attribute table at start (ayon-backend ayon_server/graphql/nodes/folder.py: `@FolderEntity.strawberry_attrib()`).
import { buildClientSchema, GraphQLError, parse, print, validate, type DocumentNode, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import type { AttributeDefinition } from "../types.js";
import { ATTRIB_TYPES, attributeTypeRef, introspection } from "./schema.js";

/** What an addon attribute needs here: its name, scopes and value type. */
export type ExtraAttribute = Pick<AttributeDefinition, "name" | "scope"> & { data: Pick<AttributeDefinition["data"], "type"> };

/** The real schema plus `extra` attributes on the attrib types of their scopes (an attribute already there is kept). */
export function schemaWithAttributes(extra: readonly ExtraAttribute[]): GraphQLSchema {
  const base = introspection();
  const types = base.__schema.types.map((type) => {
    const scope = Object.entries(ATTRIB_TYPES).find(([, name]) => name === type.name)?.[0];
    if (!scope || type.kind !== "OBJECT") return type;
    const existing = new Set(type.fields.map((field) => field.name));
    const added = extra
      .filter((attr) => attr.scope.includes(scope) && !existing.has(attr.name))
      .map((attr) => ({
        name: attr.name,
        description: null,
        args: [],
        type: attributeTypeRef(attr as AttributeDefinition),
        isDeprecated: false,
        deprecationReason: null,
      }));
    return { ...type, fields: [...type.fields, ...added] };
  });
  return buildClientSchema({ __schema: { ...base.__schema, types } } as unknown as IntrospectionQuery);
}

/** The problems the server would answer instead of running `document` (empty: it validates). */
export function documentProblems(schema: GraphQLSchema, document: string): string[] {
  let parsed: DocumentNode;
  try {
    parsed = parse(document);
  } catch (error) {
    if (error instanceof GraphQLError) return [`syntax: ${error.message}`];
    throw error;
  }
  return validate(schema, parsed).map((error) => error.message);
}

/** The operation names a document defines (anonymous operations are left out). */
export function operationNames(document: string): string[] {
  return parse(document).definitions.flatMap((definition) =>
    definition.kind === "OperationDefinition" && definition.name ? [definition.name.value] : [],
  );
}

/** The document as graphql-js prints it: two spellings of one document (whitespace, commas) compare equal. */
export function canonicalDocument(document: string): string {
  return print(parse(document));
}
