// An attribute definition as GET /api/attributes serializes it: ayon-backend attributes/models.py
// AttributeModel with every field of AttributeData and of each EnumItem (enum/enum_item.py), unset ones as
// null, in the models' field order (api/attributes/attributes.py returns the model, nulls included).
import type { AttributeDefinition, JsonObject } from "./types.js";

const DATA_FIELDS = [
  "type", "title", "description", "example", "default", "gt", "ge", "lt", "le", "minLength", "maxLength",
  "minItems", "maxItems", "regex", "enum", "enumResolver", "enumResolverSettings", "inherit", "widget", "widgetSettings",
] as const;

export function attributeModel(def: AttributeDefinition): JsonObject {
  const data: JsonObject = {};
  for (const field of DATA_FIELDS) data[field] = (def.data[field] ?? null);
  data.type = def.data.type ?? "string";
  data.inherit = def.data.inherit ?? true;
  // attributes/models.py: an empty enum list is stored and returned as none.
  data.enum = Array.isArray(def.data.enum) && def.data.enum.length > 0 ? def.data.enum.map(enumItemModel) : null;
  return { name: def.name, position: def.position, scope: [...def.scope], data, builtin: def.builtin };
}

/** enum/enum_item.py EnumItem: label falls back to the value, fulltext to the slug words of value and label. */
function enumItemModel(raw: unknown): JsonObject {
  const item = (raw !== null && typeof raw === "object" ? raw : { value: raw }) as Record<string, unknown>;
  const label = typeof item.label === "string" ? item.label : String(item.value ?? "");
  const description = typeof item.description === "string" ? item.description : null;
  const fulltext = Array.isArray(item.fulltext) ? item.fulltext : slugWords([String(item.value ?? ""), label, description ?? ""]);
  return {
    value: (item.value ?? null),
    label,
    description,
    fulltext: fulltext,
    group: (item.group ?? null),
    icon: (item.icon ?? null),
    color: (item.color ?? null),
    shortName: (item.shortName ?? null),
    disabled: item.disabled === true,
    disabledMessage: (item.disabledMessage ?? null),
  };
}

/** The distinct lower-case words (utils slugify with make_set). The server's set has no defined order. */
function slugWords(texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().split(/[^a-z0-9]+/)) if (word) words.add(word);
  }
  return [...words];
}
