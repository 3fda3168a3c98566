/**
 * `compatibility_settings.folder_parenting` as the sync applies it (pure rules; settings-folder-parenting.ts has
 * the settings). As in the Python addon (ayon-shotgrid 0.6.19 services/shotgrid_common/utils.py
 * get_reparenting_from_settings, _get_parents_and_types, _get_special_category):
 * - one mode at most is on; its first preset naming a type gives that type's "layout": a chain of folders,
 *   top-down from the project root, found by name and folder type or created (name and label as given,
 *   `shotgridType` = the folder type, no `shotgridId`);
 * - an Episode, Sequence, Shot or Asset with a layout goes directly under the chain's last folder instead of
 *   under its ShotGrid parent; an AssetCategory folder follows the Asset preset, and Assets stay under their
 *   category (which the preset placed); children of a placed entity stay under it;
 * - both modes place entities the same way: "root relocation" is meant for the top types (the tree moves
 *   under the new root as a whole), "type grouping" for any type (its entities are gathered in one folder).
 *
 * What the Python addon leaves open, decided here: an entity that already exists in AYON moves only when its
 * ShotGrid parent really changed, never because a layout is computed differently (sitsInPlace below), so
 * switching a preset on, off or to other folders on a synced project moves nothing and duplicates nothing;
 * new entities follow the preset in force.
 */
import type { FolderParentingSettings } from "../settings-folder-parenting.js";
import type { AyonIdentity } from "./identity.js";

/** One folder of a layout chain. */
export interface LayoutFolder {
  name: string;
  /** The folder type as the preset names it (matched case-insensitively against the anatomy). */
  folderType: string;
}

export interface FolderLayout {
  mode: "root_relocate" | "type_grouping" | null;
  /** Layout chain per ShotGrid type (only non-empty chains). */
  byType: ReadonlyMap<string, readonly LayoutFolder[]>;
}

export const NO_LAYOUT: FolderLayout = { mode: null, byType: new Map() };

/** The layout the settings ask for (the settings schema already refuses both modes on). */
export function folderLayoutOf(settings: FolderParentingSettings | undefined): FolderLayout {
  if (!settings) return NO_LAYOUT;
  const mode = settings.root_relocate.enabled ? "root_relocate" : settings.type_grouping.enabled ? "type_grouping" : null;
  if (mode === null) return NO_LAYOUT;
  const byType = new Map<string, LayoutFolder[]>();
  for (const preset of settings[mode].presets) {
    const type = preset.filter_by_sg_entity_type;
    if (byType.has(type)) continue;
    byType.set(type, preset.parents.map((p) => ({ name: p.folder_name, folderType: p.folder_type })));
  }
  for (const [type, chain] of byType) if (chain.length === 0) byType.delete(type);
  return { mode, byType };
}

/** Types a layout can place (the Python addon's list; Scene and Task never move). */
const PLACED_TYPES = new Set(["Episode", "Sequence", "Shot", "Asset"]);

/**
 * The layout chain of one entity, or null when it goes under its ShotGrid parent. `underCategory`: an Asset
 * whose parent is its AssetCategory folder (it then stays there; the category carries the Asset layout).
 */
export function layoutChainFor(sgType: string, underCategory: boolean, layout: FolderLayout | undefined): readonly LayoutFolder[] | null {
  if (!layout || layout.mode === null) return null;
  if (sgType === "AssetCategory") return layout.byType.get("Asset") ?? null;
  if (!PLACED_TYPES.has(sgType) || (sgType === "Asset" && underCategory)) return null;
  return layout.byType.get(sgType) ?? null;
}

/** `shots/sub`: the folder path of a chain's first `depth` folders (AYON's folder path; paths are case-sensitive). */
export function layoutPath(chain: readonly LayoutFolder[], depth = chain.length): string {
  return chain.slice(0, depth).map((f) => f.name).join("/");
}

/** The key a layout folder is reported under (`Layout:shots/sub`). */
export function layoutKey(chain: readonly LayoutFolder[], depth = chain.length): string {
  return `Layout:${layoutPath(chain, depth)}`;
}

/** What sitsInPlace needs of a folder. */
export interface AncestorFolder {
  parentId: string | null;
  identity: AyonIdentity;
}

/**
 * Where an existing entity is anchored: the nearest folder above it that carries a ShotGrid identity (null =
 * the project root), walking up through identity-less folders (layout folders, this preset's, an older one's or
 * a hand-made grouping). `undefined` from `folderOf` (a folder not known) ends the walk: `known` is then false.
 */
export function anchorOf(parentId: string | null, folderOf: (id: string) => AncestorFolder | undefined): { anchorId: string | null; crossedLayout: boolean; known: boolean } {
  let current = parentId;
  let crossedLayout = false;
  for (let guard = 0; current !== null && guard < 64; guard += 1) {
    const folder = folderOf(current);
    if (!folder) return { anchorId: current, crossedLayout, known: false };
    if (folder.identity.shotgridId !== null) break;
    crossedLayout = true;
    current = folder.parentId;
  }
  return { anchorId: current, crossedLayout, known: true };
}

/**
 * Whether an existing folder differs from its computed place only by the layout, and so stays where it is:
 * it is under its ShotGrid parent (directly or through identity-less folders), or in a layout hanging from
 * the project root (this preset's or an older one's). `sgParentId`: the AYON id of its ShotGrid parent (null =
 * the root, undefined = not in AYON).
 */
export function sitsInPlace(anchor: { anchorId: string | null; crossedLayout: boolean; known: boolean }, sgParentId: string | null | undefined): boolean {
  if (!anchor.known) return false;
  if (sgParentId !== undefined && anchor.anchorId === sgParentId) return true;
  return anchor.crossedLayout && anchor.anchorId === null;
}
