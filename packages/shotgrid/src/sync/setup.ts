/**
 * The custom data both sides need, made idempotently (as ynput/ayon-shotgrid services/shotgrid_common/utils.py and
 * server/__init__.py make them): the AYON attributes
 * `shotgridId`, `shotgridType`, `shotgridPush`, and the ShotGrid fields `sg_ayon_id`, `sg_ayon_sync_status`
 * on every synced type plus `sg_ayon_auto_sync`, `sg_ayon_project_code`, `sg_ayon_server_url` on Project.
 *
 * AYON applies new attributes only after a server restart (ayon-backend api/attributes/attributes.py): until then their
 * values are silently dropped. So after creating them we probe whether they are active (a GraphQL query selecting them
 * fails validation when they are not) and, when not, stop with a clear request to restart AYON.
 */
import { AyonGraphqlError, HandlerError, type AttributeDefinition, type AyonClient } from "@ayon-sg/core";
import type { EnsureFieldSpec, FieldSchema, ShotgridClient } from "../client/index.js";
import {
  ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_PUSH, ATTRIB_SHOTGRID_TYPE, FIELD_AUTO_SYNC, FIELD_AYON_ID, FIELD_PROJECT_CODE,
  FIELD_SERVER_URL, FIELD_SYNC_STATUS, SYNC_STATUSES,
} from "./identity.js";

const ENTITY_SCOPE = ["project", "folder", "task", "version"];

/** The attributes as the Python addon defines them (same names, types, scopes, no inheritance). */
export const SHOTGRID_ATTRIBUTES: ReadonlyArray<Omit<AttributeDefinition, "position">> = [
  { name: ATTRIB_SHOTGRID_ID, scope: ENTITY_SCOPE, data: { type: "string", title: "ShotGrid ID", inherit: false } },
  { name: ATTRIB_SHOTGRID_TYPE, scope: ENTITY_SCOPE, data: { type: "string", title: "ShotGrid Type", inherit: false } },
  { name: ATTRIB_SHOTGRID_PUSH, scope: ["project"], data: { type: "boolean", title: "ShotGrid Push", default: false, inherit: false } },
];

/** AYON holds the attributes but has not been restarted since: nothing can be synced until it is. */
export class AyonRestartRequiredError extends HandlerError {
  constructor(created: readonly string[]) {
    const what = created.length > 0 ? `created the AYON attributes ${created.join(", ")}` : "found the AYON attributes shotgridId/shotgridType/shotgridPush";
    super(
      `ayon-sg ${what}, but AYON applies new attributes only after a restart: restart the AYON server ` +
        `(Studio settings → Restart server, or POST /api/system/restart) and run this again.`,
      { retryable: false },
    );
    this.name = "AyonRestartRequiredError";
  }
}

export interface AttributeSetup {
  /** Attributes created or whose scope was widened by this call. */
  changed: string[];
  /** Whether AYON already applies all three (false until its next restart after a change). */
  active: boolean;
  /** The attributes AYON has (as listed before the changes): names and scopes, for the attribute map. */
  attributes: AttributeDefinition[];
}

/** Creates missing attributes (and widens too narrow scopes), then probes whether they are active. */
export async function ensureAyonAttributes(ayon: AyonClient): Promise<AttributeSetup> {
  const attributes = await ayon.listAttributes();
  const existing = new Map(attributes.map((a) => [a.name, a]));
  let position = Math.max(0, ...[...existing.values()].map((a) => a.position ?? 0));
  const changed: string[] = [];
  for (const wanted of SHOTGRID_ATTRIBUTES) {
    const current = existing.get(wanted.name);
    if (!current) {
      position += 1;
      await ayon.setAttribute({ ...wanted, scope: [...wanted.scope], position });
      changed.push(wanted.name);
      continue;
    }
    const missing = wanted.scope.filter((s) => !current.scope.includes(s));
    if (missing.length > 0) {
      await ayon.setAttribute({ name: current.name, position: current.position, scope: [...current.scope, ...missing], data: current.data });
      changed.push(wanted.name);
    }
  }
  return { changed, active: await attributesActive(ayon), attributes };
}

/** ensureAyonAttributes, then AyonRestartRequiredError when AYON does not apply them yet. */
export async function requireAyonAttributes(ayon: AyonClient): Promise<AttributeSetup> {
  const setup = await ensureAyonAttributes(ayon);
  if (!setup.active) throw new AyonRestartRequiredError(setup.changed);
  return setup;
}

/**
 * Selects the attributes on project, folder and task nodes. AYON builds the GraphQL attrib types at start, so
 * the query fails validation ("Cannot query field") until the server has restarted with them. It reads at
 * most one project, folder and task, and works on a server without any project.
 */
const ATTRIBUTE_PROBE = `query ShotgridAttributesProbe { projects(first: 1) { edges { node {
  attrib { ${ATTRIB_SHOTGRID_ID} ${ATTRIB_SHOTGRID_TYPE} ${ATTRIB_SHOTGRID_PUSH} }
  folders(first: 1) { edges { node { attrib { ${ATTRIB_SHOTGRID_ID} ${ATTRIB_SHOTGRID_TYPE} } } } }
  tasks(first: 1) { edges { node { attrib { ${ATTRIB_SHOTGRID_ID} ${ATTRIB_SHOTGRID_TYPE} } } } } } } } }`;

export async function attributesActive(ayon: AyonClient): Promise<boolean> {
  try {
    await ayon.graphql(ATTRIBUTE_PROBE);
    return true;
  } catch (error) {
    if (!(error instanceof AyonGraphqlError)) throw error;
    if (error.messages.some((m) => m.includes("Cannot query field"))) return false;
    // A resolver error ("not found") means the query itself passed validation: the attributes are active.
    if (error.errors.every((e) => e.status === 404)) return true;
    throw error;
  }
}

const AYON_ID_FIELD: EnsureFieldSpec = { displayName: "Ayon ID", dataType: "text" };
const SYNC_STATUS_FIELD: EnsureFieldSpec = { displayName: "Ayon Sync Status", dataType: "list", properties: { valid_values: [...SYNC_STATUSES] } };
const PROJECT_FIELDS: ReadonlyArray<[string, EnsureFieldSpec]> = [
  [FIELD_AUTO_SYNC, { displayName: "Ayon Auto Sync", dataType: "checkbox", properties: { default_value: false } }],
  [FIELD_PROJECT_CODE, { displayName: "Ayon Project Code", dataType: "text" }],
  [FIELD_SERVER_URL, { displayName: "Ayon Server URL", dataType: "text" }],
];

/** The custom fields each type needs: the pair on every type, the Project extras on Project. */
export function requiredShotgridFields(type: string): Array<[string, EnsureFieldSpec]> {
  const fields: Array<[string, EnsureFieldSpec]> = [[FIELD_AYON_ID, AYON_ID_FIELD], [FIELD_SYNC_STATUS, SYNC_STATUS_FIELD]];
  return type === "Project" ? [...fields, ...PROJECT_FIELDS] : fields;
}

/**
 * Reads the field schema of each type once (in parallel) and creates only the missing fields. Returns the
 * schemas read (the caller also needs the status lists) and the fields created as `Type.field`.
 */
export async function ensureShotgridFields(
  sg: ShotgridClient,
  types: readonly string[],
  /** `create: false` (a dry run) only lists the missing fields in `created`. */
  options: { create?: boolean } = {},
): Promise<{ schemas: Map<string, Record<string, FieldSchema>>; created: string[] }> {
  const unique = [...new Set(types)];
  const read = await Promise.all(unique.map((type) => sg.schemaFields(type)));
  const schemas = new Map(unique.map((type, i) => [type, read[i] ?? {}]));
  const created: string[] = [];
  for (const type of unique) {
    const fields = schemas.get(type) ?? {};
    for (const [code, spec] of requiredShotgridFields(type)) {
      if (fields[code]) continue;
      if (options.create === false) {
        created.push(`${type}.${code}`);
        continue;
      }
      const made = await sg.ensureField(type, spec);
      created.push(`${type}.${made}`);
    }
  }
  return { schemas, created };
}
