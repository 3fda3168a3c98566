/**
 * Which events of a batch (the `shotgrid-event` handler's handleBatch) may be reconciled at the same time.
 * Handling them one by one, in queue order, is the reference: the plan keeps that order wherever it matters.
 *
 * An event is "in place" when ShotGrid has the entity alive and the event changes its name, status or Step, or
 * creates it under a parent that AYON already has (ShotGrid holds the parent's `sg_ayon_id`): it writes that one
 * AYON entity, under that parent. Anything else — a retirement, revival, move, asset-type change, a create whose
 * parent AYON may lack, an entity ShotGrid no longer has — may touch parents, children or asset categories: it
 * runs alone, after everything before it and before everything after it.
 *
 * In-place events hold keys: their entity, and the sibling names they may take or give up under their parent
 * (the name ShotGrid has now, and for a rename the name it had). Events sharing a key keep their order, so a
 * name two siblings want still goes to whoever asked first, as one by one; the others run side by side.
 */
import { linkOf, type ShotgridRecord } from "../../client/index.js";
import { baseName } from "../naming.js";
import { nameFieldFor, parentOf, parentRuleFor, type Navchains } from "../hierarchy.js";
import { layoutChainFor, layoutKey, type FolderLayout } from "../folder-layout.js";
import { identityKey } from "../identity.js";
import { parentAyonIdOf, type ReadEntity } from "./entity-reader.js";
import type { EventIntent } from "./event-intent.js";

export type EntityIntent = Extract<EventIntent, { kind: "entity" }>;

export interface WaveItem {
  intent: EntityIntent;
  /** ShotGrid's state of the entity read for the batch; undefined when the read failed. */
  read: ReadEntity | null | undefined;
  /** The project's navchains, as the event was understood with. */
  navchains: Navchains;
  /** folder_parenting: an entity placed by a preset takes its name among the layout folder's children. */
  folderLayout?: FolderLayout;
  /** For a rename, the name it had before (the event's `old_value`). */
  previousName?: unknown;
}

/** The keys an in-place event holds, or null when it must run alone. */
export function inPlaceKeys(item: WaveItem): string[] | null {
  const { intent, read, navchains } = item;
  if (!read || read.retired) return null;
  const record = read.record;
  const parent = parentOf(record, navchains);
  const nameField = nameFieldFor(intent.ref.type);
  const inPlace =
    intent.action === "Change"
      ? intent.field === nameField || intent.field === "sg_status_list" || intent.field === "step"
      : intent.action === "New" && parent.kind === "entity" && parentAyonIdOf(record, parentFieldOf(record, navchains)) !== null;
  if (!inPlace) return null;
  const layout = layoutChainFor(intent.ref.type, parent.kind === "category", item.folderLayout);
  const under = layout
    ? layoutKey(layout)
    : parent.kind === "entity" ? identityKey(parent.link.type, parent.link.id) : parent.kind === "category" ? `AssetCategory:${parent.slug}` : "root";
  // A Task without content is named after its type: its Step's code (the link's name), else the default type.
  const taskType = intent.ref.type === "Task" ? (linkOf(record, "step")?.name ?? "default task type") : null;
  const siblingName = (raw: unknown) => `${intent.ref.type === "Task" ? "task" : "folder"} name under ${under}: ${baseName(raw, intent.ref.type, intent.ref.id, taskType).toLowerCase()}`;
  const keys = [identityKey(intent.ref.type, intent.ref.id), siblingName(record[nameField])];
  if (intent.field === nameField && item.previousName !== undefined) keys.push(siblingName(item.previousName));
  return keys;
}

/**
 * Groups the items (by index) into waves run one after another, the items of a wave together. An item goes into
 * the first wave after every earlier item it shares a key with, and after the last item that ran alone.
 */
export function planWaves(items: readonly WaveItem[]): number[][] {
  const waves: Array<{ alone: boolean; items: number[] }> = [];
  const lastWaveOf = new Map<string, number>();
  let barrier = -1;
  items.forEach((item, index) => {
    const keys = inPlaceKeys(item);
    if (keys === null) {
      waves.push({ alone: true, items: [index] });
      barrier = waves.length - 1;
      return;
    }
    let wave = barrier + 1;
    for (const key of keys) wave = Math.max(wave, (lastWaveOf.get(key) ?? -1) + 1);
    if (wave === waves.length) waves.push({ alone: false, items: [] });
    waves[wave]!.items.push(index);
    for (const key of keys) lastWaveOf.set(key, wave);
  });
  return waves.map((w) => w.items);
}

/** The link field that holds the record's parent (Shot → `sg_sequence`, Task → `entity`...). */
function parentFieldOf(record: ShotgridRecord, navchains: Navchains): string {
  const rule = parentRuleFor(record.type, navchains);
  return rule.kind === "field" ? rule.field : "";
}
