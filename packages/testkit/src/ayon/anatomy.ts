// Project anatomy: the built-in default (ayon-backend ayon_server/settings/anatomy/), and conversion between the
// snake_case anatomy document (settings model) and a project's aux tables, config and attributes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ValidationIssue } from "./errors.js";
import type {
  FolderTypeDef,
  JsonObject,
  LinkTypeDef,
  StatusDef,
  TagDef,
  TaskTypeDef,
} from "./types.js";
import { isPlainObject } from "./validation.js";

const ALL_SCOPES = ["folder", "task", "product", "version", "representation", "workfile"];

const BUILTIN_FILE = fileURLToPath(new URL("../../data/ayon-builtin-anatomy.json", import.meta.url));
let builtinCache: JsonObject | null = null;

/**
 * The built-in default anatomy (`__builtin__`), snake_case like the settings model: the real server's
 * own answer to GET /api/anatomy/presets/_ (ayon-backend ayon_server/settings/anatomy/*.py defaults),
 * recorded in packages/testkit/data/ayon-builtin-anatomy.json.
 */
export function builtinAnatomy(): JsonObject {
  builtinCache ??= (JSON.parse(readFileSync(BUILTIN_FILE, "utf8")) as { anatomy: JsonObject }).anatomy;
  return structuredClone(builtinCache);
}

export interface AnatomyParts {
  folderTypes: FolderTypeDef[];
  taskTypes: TaskTypeDef[];
  statuses: StatusDef[];
  tags: TagDef[];
  linkTypes: LinkTypeDef[];
  /** Raw `attributes` section (cleaned against the registry by the caller). */
  attributes: JsonObject;
  config: JsonObject;
}

const PART_KEYS = new Set(["folder_types", "task_types", "statuses", "tags", "link_types", "attributes"]);

/** Checks the parts the emulator relies on; pushes pydantic-like issues. */
export function validateAnatomy(raw: unknown, loc: Array<string | number>, issues: ValidationIssue[]): void {
  if (!isPlainObject(raw)) {
    issues.push({ loc, msg: "value is not a valid dict", type: "type_error.dict" });
    return;
  }
  for (const key of ["folder_types", "task_types", "statuses", "tags", "link_types"]) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ loc: [...loc, key], msg: "value is not a valid list", type: "type_error.list" });
      continue;
    }
    list.forEach((item, i) => {
      if (!isPlainObject(item)) {
        issues.push({ loc: [...loc, key, i], msg: "value is not a valid dict", type: "type_error.dict" });
        return;
      }
      if (key === "link_types") return;
      const name = item.name;
      if (typeof name !== "string" || name.length < 1 || name.length > 100) {
        issues.push({ loc: [...loc, key, i, "name"], msg: "ensure this value has 1 to 100 characters", type: "value_error" });
      }
    });
    if (key !== "link_types") {
      const names = list.filter(isPlainObject).map((i) => String(i.name));
      if (new Set(names).size !== names.length) {
        issues.push({ loc: [...loc, key], msg: "Duplicate names are not allowed", type: "value_error" });
      }
    }
  }
  if (raw.attributes !== undefined && !isPlainObject(raw.attributes)) {
    issues.push({ loc: [...loc, "attributes"], msg: "value is not a valid dict", type: "type_error.dict" });
  }
}

/** Splits a (validated) anatomy into project fields; missing sections fall back to the built-in. */
export function anatomyToParts(anatomy: JsonObject): AnatomyParts {
  const base = builtinAnatomy();
  const get = (key: string): unknown[] => (Array.isArray(anatomy[key]) ? (anatomy[key] as unknown[]) : (base[key] as unknown[]));
  const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
  const rows = (key: string) => get(key).filter(isPlainObject);
  const config: JsonObject = {};
  for (const [key, value] of Object.entries({ ...base, ...anatomy })) {
    if (!PART_KEYS.has(key)) config[key] = structuredClone(value);
  }
  return {
    folderTypes: rows("folder_types").map((r) => ({
      name: str(r.name),
      shortName: str(r.shortName ?? r.short_name),
      // ayon-backend ayon_server/settings/anatomy/folder_types.py: color defaults to #cccccc.
      color: str(r.color, "#cccccc"),
      icon: str(r.icon, "folder"),
    })),
    taskTypes: rows("task_types").map((r) => ({
      name: str(r.name),
      shortName: str(r.shortName ?? r.short_name),
      color: str(r.color, "#cccccc"),
      icon: str(r.icon, "task_alt"),
    })),
    statuses: rows("statuses").map((r) => ({
      name: str(r.name),
      shortName: str(r.shortName ?? r.short_name),
      state: (["not_started", "in_progress", "done", "blocked"].includes(str(r.state)) ? r.state : "not_started") as StatusDef["state"],
      icon: str(r.icon),
      color: str(r.color, "#cacaca"),
      scope: Array.isArray(r.scope) ? r.scope.map(String) : [...ALL_SCOPES],
    })),
    tags: rows("tags").map((r) => ({ name: str(r.name), color: str(r.color, "#cacaca") })),
    linkTypes: rows("link_types").map((r) => {
      const linkType = str(r.link_type ?? r.linkType);
      const inputType = str(r.input_type ?? r.inputType);
      const outputType = str(r.output_type ?? r.outputType);
      return {
        name: `${linkType}|${inputType}|${outputType}`,
        linkType,
        inputType,
        outputType,
        data: { color: str(r.color, "#cacaca"), style: str(r.style, "solid") },
      };
    }),
    attributes: isPlainObject(anatomy.attributes) ? { ...anatomy.attributes } : { ...(base.attributes as JsonObject) },
    config,
  };
}

export interface AnatomySource {
  folderTypes: FolderTypeDef[];
  taskTypes: TaskTypeDef[];
  statuses: StatusDef[];
  tags: TagDef[];
  linkTypes: LinkTypeDef[];
  config: JsonObject;
}

/** The anatomy view of a project (`GET /api/projects/{name}/anatomy`). */
export function partsToAnatomy(project: AnatomySource, attributes: JsonObject): JsonObject {
  return {
    ...structuredClone(project.config),
    attributes: { ...attributes },
    folder_types: project.folderTypes.map((t) => ({ ...t, original_name: t.name })),
    task_types: project.taskTypes.map((t) => ({ ...t, original_name: t.name })),
    link_types: project.linkTypes.map((l) => ({
      link_type: l.linkType,
      input_type: l.inputType,
      output_type: l.outputType,
      color: l.data.color ?? null,
      style: l.data.style ?? "solid",
    })),
    statuses: project.statuses.map((s) => ({ ...s, scope: [...s.scope], original_name: s.name })),
    tags: project.tags.map((t) => ({ ...t, original_name: t.name })),
  };
}

/** Default status for a new entity: the first (by position) whose scope includes the entity type. */
export function defaultStatus(statuses: readonly StatusDef[], entityType: string): string | undefined {
  return statuses.find((s) => s.scope.includes(entityType))?.name;
}
