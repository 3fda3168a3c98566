// Attribute definitions as the server keeps them: what the database holds (REST reads it at once)
// and what is *active* (entity models and GraphQL `attrib` types, generated at server start). Writes
// change the stored set and flag a restart; `activate()` is the restart.
import type { AttributeData, AttributeDefinition, AttributeType } from "./types.js";

// Scopes in the order ayon-backend setup/attributes.py lists them ("P, F, V, R, T" → project, folder, ...).
const GEOMETRY_SCOPE = ["project", "folder", "version", "representation", "task"];
const PLANNING_SCOPE = ["project", "folder", "task"];

type Builtin = [name: string, scope: string[], type: AttributeType, extra: Partial<AttributeData>];

const priorityItem = (value: string, label: string, color: string, icon: string) => ({ value, label, color, icon });

// The built-ins of a fresh server, in their deployed order (position), with the defaults and examples
// ayon-backend setup/attributes.py deploys; an empty enum list is stored as none (attributes/models.py).
const BUILTINS: Builtin[] = [
  ["priority", PLANNING_SCOPE, "string", {
    title: "Priority",
    default: "normal",
    enum: [
      priorityItem("urgent", "Urgent", "#FF8585", "keyboard_double_arrow_up"),
      priorityItem("high", "High", "#FFAD66", "keyboard_arrow_up"),
      priorityItem("normal", "Normal", "#9AC0E7", "check_indeterminate_small"),
      priorityItem("low", "Low", "#9FA7B1", "keyboard_arrow_down"),
    ],
  }],
  ["fps", GEOMETRY_SCOPE, "float", { title: "FPS", description: "Frame rate", example: 25, default: 25, gt: 0 }],
  ["resolutionWidth", GEOMETRY_SCOPE, "integer", { title: "Width", description: "Horizontal resolution", example: 1920, default: 1920, gt: 0, lt: 50000 }],
  ["resolutionHeight", GEOMETRY_SCOPE, "integer", { title: "Height", description: "Vertical resolution", example: 1080, default: 1080, gt: 0, lt: 50000 }],
  ["pixelAspect", GEOMETRY_SCOPE, "float", { title: "Pixel aspect", example: 1.0, default: 1.0, gt: 0 }],
  ["clipIn", GEOMETRY_SCOPE, "integer", { title: "Clip In", example: 1, default: 1 }],
  ["clipOut", GEOMETRY_SCOPE, "integer", { title: "Clip Out", example: 1, default: 1 }],
  ["frameStart", GEOMETRY_SCOPE, "integer", { title: "Start frame", example: 1001, default: 1001 }],
  ["frameEnd", GEOMETRY_SCOPE, "integer", { title: "End frame", default: 1001 }],
  ["handleStart", GEOMETRY_SCOPE, "integer", { title: "Handle start", default: 0 }],
  ["handleEnd", GEOMETRY_SCOPE, "integer", { title: "Handle end", default: 0 }],
  ["fullName", ["user"], "string", { title: "Full name", example: "Jane Doe" }],
  ["email", ["user"], "string", { title: "E-Mail", example: "jane.doe@ayon.cloud" }],
  ["avatarUrl", ["user"], "string", { title: "Avatar URL" }],
  ["developerMode", ["user"], "boolean", { title: "Developer mode", example: true }],
  ["productGroup", ["product"], "string", { title: "Product group" }],
  ["intent", ["version"], "string", { title: "Intent" }],
  ["machine", ["version"], "string", { title: "Machine" }],
  ["source", ["version"], "string", { title: "Source" }],
  ["comment", ["version"], "string", { title: "Comment" }],
  ["site", ["version"], "string", { title: "Site", example: "workstation42" }],
  ["families", ["version"], "list_of_strings", { title: "Families" }],
  ["colorSpace", ["version"], "string", { title: "Color space", example: "rec709" }],
  ["path", ["representation"], "string", { title: "Path" }],
  ["template", ["representation"], "string", { title: "Template" }],
  ["extension", ["representation", "workfile"], "string", { title: "File extension" }],
  ["startDate", PLANNING_SCOPE, "datetime",
    { title: "Start date", description: "Date and time when the project or task or asset was started", example: "2021-01-01T00:00:00+00:00" }],
  ["endDate", PLANNING_SCOPE, "datetime", { title: "End date", description: "Deadline date and time", example: "2021-01-01T00:00:00+00:00" }],
  ["description", ["project", "folder", "task", "product", "version", "representation", "workfile"], "string",
    { title: "Description", description: "Textual description of the entity", example: "A very nice entity", inherit: false, widget: "markdown" }],
  ["entityListCategory", ["list"], "string",
    { title: "List category", description: "Category of the entity list", example: "To-do", inherit: false }],
];

export function builtinAttributes(): AttributeDefinition[] {
  return BUILTINS.map(([name, scope, type, extra], i) => ({
    name,
    position: i,
    scope: [...scope],
    builtin: true,
    data: { type, inherit: true, ...structuredClone(extra) },
  }));
}

export class AttributeRegistry {
  private stored = new Map<string, AttributeDefinition>();
  private active: AttributeDefinition[] = [];
  private activeByName = new Map<string, AttributeDefinition>();
  private byScope = new Map<string, AttributeDefinition[]>();
  /** Increments on every activation, so caches (the GraphQL schema) know when to rebuild. */
  generation = 0;

  constructor(initial: AttributeDefinition[] = builtinAttributes()) {
    for (const def of initial) this.stored.set(def.name, def);
    this.activate();
  }

  /** Stored definitions (what REST shows), by position then name. */
  list(): AttributeDefinition[] {
    return [...this.stored.values()].sort((a, b) => a.position - b.position || (a.name < b.name ? -1 : 1));
  }

  get(name: string): AttributeDefinition | undefined {
    return this.stored.get(name);
  }

  set(def: AttributeDefinition): void {
    this.stored.set(def.name, def);
  }

  delete(name: string): boolean {
    return this.stored.delete(name);
  }

  /** The restart: makes the stored definitions the active ones. */
  activate(): void {
    this.active = this.list().map((d) => structuredClone(d));
    this.activeByName = new Map(this.active.map((d) => [d.name, d]));
    this.byScope = new Map();
    for (const def of this.active) {
      for (const scope of def.scope) {
        let list = this.byScope.get(scope);
        if (!list) this.byScope.set(scope, (list = []));
        list.push(def);
      }
    }
    this.generation++;
  }

  /** Active definitions whose scope includes `scope`, in position order. */
  activeFor(scope: string): readonly AttributeDefinition[] {
    return this.byScope.get(scope) ?? [];
  }

  /** An active definition that applies to `scope`, or undefined (unknown keys are dropped). */
  activeIn(scope: string, name: string): AttributeDefinition | undefined {
    const def = this.activeByName.get(name);
    return def && def.scope.includes(scope) ? def : undefined;
  }

  activeDef(name: string): AttributeDefinition | undefined {
    return this.activeByName.get(name);
  }

  activeList(): readonly AttributeDefinition[] {
    return this.active;
  }
}
