// The site schema as the store sees it: entity types, their fields, URL slugs, identity fields and which
// types are project-scoped. Built per emulator from the committed JSON; a "fresh site" drops every
// `sg_ayon_*` field, like a site on which the AYON addon never ran.
import { FieldDef } from "./field-def.js";
import { loadSchemaJson, type EntitySchemaJson } from "./schema-source.js";
import { canonicalSlug, slugAliases } from "./slugs.js";

/** Identity fields that are not `code` (the `name` of a link to them). */
const IDENTITY_OVERRIDES: Record<string, string> = {
  Task: "content",
  Project: "name",
  HumanUser: "name",
  ClientUser: "name",
  ApiUser: "firstname",
  Note: "subject",
  Reply: "content",
  EventLogEntry: "description",
  Delivery: "title",
};

export class EntityTypeDef {
  readonly slug: string;
  readonly fields = new Map<string, FieldDef>();
  identityField: string | null = null;

  constructor(
    readonly name: string,
    readonly json: EntitySchemaJson,
  ) {
    this.slug = canonicalSlug(name);
  }

  /** A live field, or undefined (unknown or retired). */
  field(name: string): FieldDef | undefined {
    const def = this.fields.get(name);
    return def && !def.retired ? def : undefined;
  }

  liveFields(): FieldDef[] {
    const out: FieldDef[] = [];
    for (const def of this.fields.values()) if (!def.retired) out.push(def);
    return out;
  }

  /** Every type with a `project` link requires it on create (as on a real site). */
  get projectScoped(): boolean {
    return this.field("project") !== undefined;
  }

  get displayName(): string {
    return this.json.name.value;
  }
}

export interface SchemaOptions {
  /** Drop every `sg_ayon_*` field at load. */
  freshSite?: boolean;
}

export class ShotgridSchema {
  readonly types = new Map<string, EntityTypeDef>();
  private readonly bySlug = new Map<string, EntityTypeDef>();

  static load(opts: SchemaOptions = {}): ShotgridSchema {
    const { fields, entities } = loadSchemaJson();
    const schema = new ShotgridSchema();
    for (const [typeName, entityJson] of Object.entries(entities)) {
      const def = new EntityTypeDef(typeName, entityJson);
      for (const [fieldName, fieldJson] of Object.entries(fields[typeName] ?? {})) {
        if (opts.freshSite && fieldName.startsWith("sg_ayon_")) continue;
        def.fields.set(fieldName, new FieldDef(fieldName, fieldJson));
      }
      def.identityField = pickIdentityField(def);
      schema.addType(def);
    }
    return schema;
  }

  private addType(def: EntityTypeDef): void {
    this.types.set(def.name, def);
    for (const alias of slugAliases(def.name)) if (!this.bySlug.has(alias)) this.bySlug.set(alias, def);
  }

  /** The type named by a URL segment, or undefined. */
  resolveSlug(segment: string): EntityTypeDef | undefined {
    return this.bySlug.get(segment);
  }

  /** The type by its CamelCase schema name (bodies and link hashes use only that). */
  type(name: string): EntityTypeDef | undefined {
    return this.types.get(name);
  }
}

function pickIdentityField(def: EntityTypeDef): string | null {
  const override = IDENTITY_OVERRIDES[def.name];
  if (override && def.fields.has(override)) return override;
  for (const candidate of ["code", "name", "title", "content"]) {
    if (def.fields.get(candidate)?.dataType === "text") return candidate;
  }
  return null;
}
