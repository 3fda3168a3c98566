// Attribute definitions as the server keeps them: what the database holds (REST reads it at once)
// and what is *active* (entity models and GraphQL `attrib` types, generated at server start). Writes
// change the stored set and flag a restart; `activate()` is the restart.
import type { AttributeData, AttributeDefinition, AttributeType } from "./types.js";

const GEOMETRY_SCOPE = ["project", "folder", "task", "version", "representation"];
const PLANNING_SCOPE = ["project", "folder", "task"];

type Builtin = [name: string, scope: string[], type: AttributeType, extra: Partial<AttributeData>];

// The built-ins of a fresh server (they match the attrib types of the reference GraphQL schema).
const BUILTINS: Builtin[] = [
  ["resolutionWidth", GEOMETRY_SCOPE, "integer", { title: "Width", description: "Horizontal resolution", example: 1920, gt: 0, lt: 50000 }],
  ["resolutionHeight", GEOMETRY_SCOPE, "integer", { title: "Height", description: "Vertical resolution", example: 1080, gt: 0, lt: 50000 }],
  ["pixelAspect", GEOMETRY_SCOPE, "float", { title: "Pixel aspect", example: 1.0, default: 1.0, gt: 0, lt: 10 }],
  ["clipIn", GEOMETRY_SCOPE, "integer", { title: "Clip In", example: 1, default: 1 }],
  ["clipOut", GEOMETRY_SCOPE, "integer", { title: "Clip Out", example: 1, default: 1 }],
  ["fps", GEOMETRY_SCOPE, "float", { title: "FPS", description: "Frame rate", example: 25, default: 25, gt: 0 }],
  ["frameStart", GEOMETRY_SCOPE, "integer", { title: "Start frame", example: 1001, default: 1001 }],
  ["frameEnd", GEOMETRY_SCOPE, "integer", { title: "End frame", example: 1050, default: 1001 }],
  ["handleStart", GEOMETRY_SCOPE, "integer", { title: "Handle start", example: 10, default: 0 }],
  ["handleEnd", GEOMETRY_SCOPE, "integer", { title: "Handle end", example: 10, default: 0 }],
  ["description", ["project", "folder", "task", "product", "version", "representation", "workfile"], "string",
    { title: "Description", description: "Textual description of the entity", example: "A very nice entity", inherit: false }],
  ["startDate", PLANNING_SCOPE, "datetime",
    { title: "Start date", description: "Date and time when the project or task or asset was started" }],
  ["endDate", PLANNING_SCOPE, "datetime", { title: "End date", description: "Deadline date and time" }],
  ["priority", PLANNING_SCOPE, "string", {
    title: "Priority",
    enum: [
      { value: "urgent", label: "Urgent" },
      { value: "high", label: "High" },
      { value: "normal", label: "Normal" },
      { value: "low", label: "Low" },
    ],
  }],
  ["productGroup", ["product"], "string", { title: "Product group" }],
  ["intent", ["version"], "string", { title: "Intent" }],
  ["machine", ["version"], "string", { title: "Machine" }],
  ["source", ["version"], "string", { title: "Source" }],
  ["comment", ["version"], "string", { title: "Comment" }],
  ["site", ["version"], "string", { title: "Site" }],
  ["families", ["version"], "list_of_strings", { title: "Families" }],
  ["colorSpace", ["version"], "string", { title: "Color space" }],
  ["path", ["representation"], "string", { title: "Path" }],
  ["template", ["representation"], "string", { title: "Template" }],
  ["extension", ["representation", "workfile"], "string", { title: "File extension" }],
  ["fullName", ["user"], "string", { title: "Full name", example: "Jane Doe" }],
  ["email", ["user"], "string", { title: "E-Mail", example: "jane.doe@example.com" }],
  ["avatarUrl", ["user"], "string", { title: "Avatar URL" }],
  ["developerMode", ["user"], "boolean", { title: "Developer mode", default: false }],
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
