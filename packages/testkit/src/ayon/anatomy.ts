// Project anatomy: the built-in default (reference §3 defaults table), and conversion between the
// snake_case anatomy document (settings model) and a project's aux tables, config and attributes.
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

// [name, shortName, icon]
const FOLDER_TYPES: Array<[string, string, string]> = [
  ["Folder", "", "folder"],
  ["Library", "lib", "category"],
  ["Asset", "", "smart_toy"],
  ["Episode", "ep", "live_tv"],
  ["Sequence", "sq", "theaters"],
  ["Shot", "sh", "movie"],
];

// [name, shortName, icon, color]
const TASK_TYPES: Array<[string, string, string, string]> = [
  ["Generic", "gener", "task_alt", "#5c6c7c"],
  ["Art", "art", "palette", "#bd5bb8"],
  ["Modeling", "mdl", "language", "#3fa6e0"],
  ["Texture", "tex", "brush", "#d3a52b"],
  ["Lookdev", "look", "ev_shadow", "#c27a3d"],
  ["Rigging", "rig", "construction", "#8d6e63"],
  ["Edit", "edit", "imagesmode", "#7e57c2"],
  ["Layout", "lay", "nature_people", "#66bb6a"],
  ["Setdress", "dress", "scene", "#26a69a"],
  ["Animation", "anim", "directions_run", "#42a5f5"],
  ["FX", "fx", "fireplace", "#ef5350"],
  ["Lighting", "lgt", "highlight", "#ffca28"],
  ["Paint", "paint", "video_stable", "#ab47bc"],
  ["Compositing", "comp", "layers", "#29b6f6"],
  ["Roto", "roto", "gesture", "#9ccc65"],
  ["Matchmove", "matchmove", "switch_video", "#78909c"],
];

// [name, shortName, state, icon, color]
const STATUSES: Array<[string, string, StatusDef["state"], string, string]> = [
  ["Not ready", "NRD", "not_started", "fiber_new", "#434a56"],
  ["Ready to start", "RDY", "not_started", "timer", "#bababa"],
  ["In progress", "PRG", "in_progress", "play_arrow", "#3498db"],
  ["Pending review", "RVW", "in_progress", "visibility", "#ff9b0a"],
  ["Approved", "APP", "done", "task_alt", "#00f0b4"],
  ["On hold", "HLD", "blocked", "back_hand", "#fa6e46"],
  ["Omitted", "OMT", "blocked", "block", "#cb1a1a"],
];

/** The built-in default anatomy (`__builtin__`), snake_case like the settings model. */
export function builtinAnatomy(): JsonObject {
  return {
    roots: [{ name: "work", windows: "C:/projects", linux: "/mnt/share/projects", darwin: "/Volumes/projects" }],
    templates: {
      version_padding: 3,
      version: "v{version:0>{@version_padding}}",
      frame_padding: 4,
      frame: "{frame:0>{@frame_padding}}",
      work: [
        {
          name: "default",
          directory: "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/work/{task[name]}",
          file: "{project[code]}_{folder[name]}_{task[name]}_{@version}<_{comment}>.{ext}",
        },
      ],
      publish: [
        {
          name: "default",
          directory: "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{product[name]}/{@version}",
          file: "{project[code]}_{folder[name]}_{product[name]}_{@version}<_{output}><.{@frame}>.{ext}",
        },
      ],
    },
    attributes: {
      fps: 25,
      resolutionWidth: 1920,
      resolutionHeight: 1080,
      pixelAspect: 1.0,
      clipIn: 1,
      clipOut: 1,
      frameStart: 1001,
      frameEnd: 1001,
      handleStart: 0,
      handleEnd: 0,
    },
    folder_types: FOLDER_TYPES.map(([name, shortName, icon]) => ({ name, shortName, icon, original_name: name })),
    task_types: TASK_TYPES.map(([name, shortName, icon, color]) => ({ name, shortName, icon, color, original_name: name })),
    link_types: [
      { link_type: "generative", input_type: "version", output_type: "version", color: "#3f67de", style: "solid" },
      { link_type: "breakdown", input_type: "folder", output_type: "folder", color: "#27792a", style: "solid" },
      { link_type: "reference", input_type: "version", output_type: "version", color: "#d94383", style: "dashed" },
    ],
    statuses: STATUSES.map(([name, shortName, state, icon, color]) => ({
      name,
      shortName,
      state,
      icon,
      color,
      scope: [...ALL_SCOPES],
      original_name: name,
    })),
    tags: [],
  };
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
      ...(typeof r.color === "string" ? { color: r.color } : {}),
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
