// The stock reverse-link pairs a real site keeps in sync: writing either side updates
// the other. `Task.entity` pairs with the `tasks` field of whichever type the Task links to.
import type { ShotgridSchema } from "../schema/schema.js";

export interface FieldRef {
  type: string;
  field: string;
}

const FIXED_PAIRS: Array<[FieldRef, FieldRef]> = [
  [{ type: "Shot", field: "sg_sequence" }, { type: "Sequence", field: "shots" }],
  [{ type: "Sequence", field: "episode" }, { type: "Episode", field: "sequences" }],
  [{ type: "Asset", field: "shots" }, { type: "Shot", field: "assets" }],
];

export class LinkPairs {
  private readonly pairs = new Map<string, FieldRef>();
  private readonly pairedFields = new Set<string>();

  constructor(private readonly schema: ShotgridSchema) {
    for (const [a, b] of FIXED_PAIRS) this.link(a, b);
    // Task.entity ↔ <T>.tasks for each type Task.entity declares. (Note.tasks and Version.tasks are
    // unrelated links that merely share the name, so they are not paired.)
    const taskEntity = schema.type("Task")?.field("entity");
    for (const target of taskEntity?.validTypes ?? []) {
      this.link({ type: "Task", field: "entity" }, { type: target, field: "tasks" });
    }
  }

  private link(a: FieldRef, b: FieldRef): void {
    const fa = this.schema.type(a.type)?.field(a.field);
    const fb = this.schema.type(b.type)?.field(b.field);
    if (!fa?.isLink || !fb?.isLink) return; // the pair needs both fields on this site
    this.pairs.set(key(a.type, a.field, b.type), b);
    this.pairs.set(key(b.type, b.field, a.type), a);
    this.pairedFields.add(`${a.type}.${a.field}`).add(`${b.type}.${b.field}`);
  }

  /** The field on `targetType` that mirrors `ownerType.field`, when the pair exists. */
  pairOf(ownerType: string, field: string, targetType: string): FieldRef | undefined {
    return this.pairs.get(key(ownerType, field, targetType));
  }

  /** Whether `ownerType.field` takes part in any pair (lets writes skip the lookup for most fields). */
  isPaired(ownerType: string, field: string): boolean {
    return this.pairedFields.has(`${ownerType}.${field}`);
  }
}

function key(type: string, field: string, targetType: string): string {
  return `${type}.${field}>${targetType}`;
}
