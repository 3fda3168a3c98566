/**
 * folder_parenting in the incremental sync (folder-layout.ts has the rules, shared with the full sync):
 * - the layout folders an entity goes under are read by path in the update's one lookup, and created (parents
 *   first, as the Python addon makes them) only when a new entity, or one whose ShotGrid parent changed, needs
 *   them; a create that clashes with a same-named unlinked folder adopts it (a concurrent update made it);
 * - an existing folder that differs from its computed place only by the layout stays where it is (its anchor is
 *   read upwards through identity-less folders, with one small lookup per level not already read).
 */
import { newAyonId } from "@ayon-sg/core";
import { anchorOf, layoutKey, layoutPath, sitsInPlace, type LayoutFolder } from "../folder-layout.js";
import { identityKeyOf } from "../identity.js";
import { lookupAyon, type FoundEntity, type FoundFolder, type LookupResult } from "./ayon-lookup.js";
import type { UpdateSession } from "./update-session.js";

/** Every prefix path of a chain (`lib`, `lib/assets`), for LookupRequest.folderPaths. */
export function layoutPaths(chain: readonly LayoutFolder[]): string[] {
  return chain.map((_, i) => layoutPath(chain, i + 1));
}

/** The id of a chain's last folder when the lookup found all of it, else undefined (nothing is created). */
export function foundLayout(chain: readonly LayoutFolder[], found: LookupResult, session: UpdateSession): string | undefined {
  let parent: string | null = null;
  for (let depth = 1; depth <= chain.length; depth += 1) {
    const known = session.states.get(layoutKey(chain, depth))?.ayonId;
    const folder: FoundFolder | undefined = known ? undefined : layoutFolderIn(found, parent, chain[depth - 1] as LayoutFolder);
    const id: string | undefined = known ?? (folder && folder.identity.shotgridId === null ? folder.id : undefined);
    if (!id) return undefined;
    parent = id;
  }
  return parent ?? undefined;
}

/**
 * The id of a chain's last folder, creating the missing ones in this update; undefined when it cannot be had
 * (the reason is on the failed `Layout:` state, see layoutProblem).
 */
export async function ensureLayout(session: UpdateSession, chain: readonly LayoutFolder[], found: LookupResult): Promise<string | undefined> {
  let parent: string | null = null;
  for (let depth = 1; depth <= chain.length; depth += 1) {
    const key = layoutKey(chain, depth);
    const known = session.states.get(key);
    if (known) {
      if (known.ayonId === null) return undefined;
      parent = known.ayonId;
      continue;
    }
    const wanted = chain[depth - 1] as LayoutFolder;
    const path = layoutPath(chain, depth);
    const existing = layoutFolderIn(found, parent, wanted);
    if (existing && existing.identity.shotgridId !== null) {
      session.fail(key, null, `the folder_parenting folder '${path}' is taken by the AYON folder of ShotGrid ${existing.identity.shotgridType ?? "entity"} ${existing.identity.shotgridId}`);
      return undefined;
    }
    if (existing) {
      if (!existing.active) {
        session.beyondEntity(`reactivate the folder_parenting folder '${path}'`);
        session.changes.add({
          key, kind: "folder", operation: { type: "update", entityType: "folder", entityId: existing.id, data: { active: true } },
          place: { parentId: parent, name: existing.name }, naming: null, adoptable: false, onDeleteRefused: null,
        });
      }
      session.set({ key, desired: null, ayonId: existing.id, change: existing.active ? "unchanged" : "updated", reason: null });
      parent = existing.id;
      continue;
    }
    session.beyondEntity(`create the folder_parenting folder '${path}'`);
    const folderType = session.mapping.folderType(wanted.folderType);
    if (folderType === null) {
      session.fail(key, null, `the AYON project has no folder type '${wanted.folderType}' (folder_parenting folder '${path}')`);
      return undefined;
    }
    const id = newAyonId();
    session.changes.add({
      key,
      kind: "folder",
      // As the Python addon makes them (utils.py _create_special_category): no shotgridId, the type as shotgridType.
      operation: { type: "create", entityType: "folder", entityId: id, data: { name: wanted.name, label: wanted.name, folderType, parentId: parent, attrib: { shotgridType: wanted.folderType } } },
      place: { parentId: parent, name: wanted.name },
      naming: null,
      adoptable: true,
      onDeleteRefused: null,
    });
    session.set({ key, desired: null, ayonId: id, change: "created", reason: null });
    parent = id;
  }
  return parent ?? undefined;
}

/** Why a chain could not be had (the first failed level), for the entity's own failure. */
export function layoutProblem(session: UpdateSession, chain: readonly LayoutFolder[]): string {
  for (let depth = 1; depth <= chain.length; depth += 1) {
    const reason = session.states.get(layoutKey(chain, depth))?.reason;
    if (reason) return reason;
  }
  return `its folder_parenting folder '${layoutPath(chain)}' could not be made`;
}

/**
 * Whether an existing folder stays where it is although its computed place differs: it sits under its ShotGrid
 * parent (`sgParentId`: null = root, undefined = not known without creating it) or in a root layout.
 */
export async function staysInPlace(session: UpdateSession, self: FoundEntity, sgParentId: string | null | undefined, found: LookupResult): Promise<boolean> {
  if (self.kind !== "folder") return false;
  const folders = new Map<string, FoundFolder>(found.folders);
  for (let round = 0; round < 16; round += 1) {
    const anchor = anchorOf(self.parentId, (id) => folders.get(id));
    if (anchor.known || anchor.anchorId === null) return sitsInPlace(anchor, sgParentId);
    const more = await lookupAyon(session.deps.ayon, session.project, { folderIds: [anchor.anchorId] });
    const next = more.folders.get(anchor.anchorId);
    if (!next) return false;
    folders.set(next.id, next);
  }
  return false;
}

/** The AYON id of a folder carrying identity `key` among those read, or undefined. */
export function foundWithIdentity(found: LookupResult, key: string): string | undefined {
  for (const folder of found.folders.values()) if (folder.active && identityKeyOf(folder.identity) === key) return folder.id;
  return undefined;
}

function layoutFolderIn(found: LookupResult, parentId: string | null, wanted: LayoutFolder): FoundFolder | undefined {
  const lower = wanted.name.toLowerCase();
  let caseless: FoundFolder | undefined;
  for (const folder of found.folders.values()) {
    if (folder.parentId !== parentId) continue;
    if (folder.name === wanted.name) return folder;
    if (folder.name.toLowerCase() === lower) caseless ??= folder;
  }
  return caseless;
}
