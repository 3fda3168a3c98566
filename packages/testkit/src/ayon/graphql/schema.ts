// The GraphQL schema: the introspection of a real AYON server (packages/testkit/data), with every
// `<Entity>AttribType` regenerated from the *active* attribute definitions, the way the server builds
// its attrib types at start. A restart (new registry generation) rebuilds it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import type { AttributeRegistry } from "../attribute-registry.js";
import type { AttributeDefinition } from "../types.js";

const SCHEMA_FILE = fileURLToPath(new URL("../../../data/ayon-graphql-schema.json", import.meta.url));

/** The GraphQL attrib type of each attribute scope. */
export const ATTRIB_TYPES: Record<string, string> = {
  project: "ProjectAttribType",
  folder: "FolderAttribType",
  task: "TaskAttribType",
  product: "ProductAttribType",
  version: "VersionAttribType",
  representation: "RepresentationAttribType",
  workfile: "WorkfileAttribType",
  user: "UserAttribType",
};

let cachedIntrospection: IntrospectionQuery | null = null;

/** The real server's introspection (read once). */
export function introspection(): IntrospectionQuery {
  if (!cachedIntrospection) {
    const raw = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    cachedIntrospection = raw.data ?? raw;
  }
  return cachedIntrospection;
}

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };

const scalar = (name: string): TypeRef => ({ kind: "SCALAR", name, ofType: null });
const listOf = (inner: TypeRef): TypeRef => ({ kind: "LIST", name: null, ofType: { kind: "NON_NULL", name: null, ofType: inner } });

/** GraphQL type of an attribute value (nullable: unset attributes are null). */
export function attributeTypeRef(def: AttributeDefinition): TypeRef {
  switch (def.data.type) {
    case "integer":
      return scalar("Int");
    case "float":
      return scalar("Float");
    case "boolean":
      return scalar("Boolean");
    case "datetime":
      return scalar("DateTime");
    case "list_of_strings":
      return listOf(scalar("String"));
    case "list_of_integers":
      return listOf(scalar("Int"));
    case "list_of_any":
    case "list_of_submodels":
    case "dict":
      return scalar("JSON");
    default:
      return scalar("String");
  }
}

/** Builds the executable schema for the registry's active attributes. */
export function buildAyonSchema(registry: AttributeRegistry): GraphQLSchema {
  const base = introspection();
  const types = base.__schema.types.map((type) => {
    const scope = Object.entries(ATTRIB_TYPES).find(([, name]) => name === type.name)?.[0];
    if (!scope || type.kind !== "OBJECT") return type;
    const fields = registry.activeFor(scope).map((def) => ({
      name: def.name,
      description: def.data.description ?? null,
      args: [],
      type: attributeTypeRef(def),
      isDeprecated: false,
      deprecationReason: null,
    }));
    // An object type needs at least one field; keep the original ones if nothing is active.
    return fields.length > 0 ? { ...type, fields } : type;
  });
  return buildClientSchema({ __schema: { ...base.__schema, types } } as unknown as IntrospectionQuery);
}

/** Field names of an attrib type in the shipped introspection (for conformance checks). */
export function introspectionAttribFields(typeName: string): string[] {
  const type = introspection().__schema.types.find((t) => t.name === typeName);
  return type && type.kind === "OBJECT" ? type.fields.map((f) => f.name) : [];
}
