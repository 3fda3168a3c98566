/**
 * Tags: ShotGrid `tags` (a multi-entity field of Tag links) ⇄ AYON `tags` (a list of names). The Python addon
 * sets an entity's AYON tags to the Tag names and adds a project's Tags to the anatomy with a colour
 * (ayon-shotgrid 0.6.19 match_shotgrid_hierarchy_in_ayon.py `_add_tags`); here every tag an entity uses is added
 * to the anatomy when missing, and the colour is derived from the name so a re-run writes the same thing.
 */
import type { Project } from "@ayon-sg/core";

/** Tag names of a ShotGrid `tags` value, in order, without duplicates; null when the field was not read. */
export function tagNames(value: unknown): string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const item of value) {
    const name = typeof item === "string" ? item : (item as { name?: unknown } | null)?.name;
    if (typeof name === "string" && name.trim() !== "" && !names.includes(name.trim())) names.push(name.trim());
  }
  return names;
}

/** Whether two tag lists hold the same names (AYON keeps them in the order they were set; order is ignored). */
export function sameTags(current: readonly string[] | null | undefined, wanted: readonly string[]): boolean {
  const a = [...new Set(current ?? [])].sort();
  const b = [...new Set(wanted)].sort();
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** A colour visible on a dark background, the same for the same name (the Python addon draws one at random). */
export function tagColor(name: string): string {
  let hash = 2166136261;
  for (const ch of name) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
  let rgb = [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
  if (rgb[0]! + rgb[1]! + rgb[2]! < 400) rgb = rgb.map((c) => 255 - c);
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The project's `tags` list with the missing names appended (AYON replaces the list as a whole on PATCH), or
 * null when every name is there already. Names compare exactly, as AYON's anatomy does.
 */
export function anatomyTagsWith(project: Pick<Project, "tags">, names: Iterable<string>): Project["tags"] | null {
  const current = project.tags ?? [];
  const have = new Set(current.map((t) => t.name));
  const added: Project["tags"] = [];
  for (const name of names) {
    if (have.has(name)) continue;
    have.add(name);
    added.push({ name, color: tagColor(name) });
  }
  return added.length > 0 ? [...current, ...added] : null;
}

/** AYON tag names → ShotGrid Tag links, through the site's Tags by lowercase name; unknown names are returned apart. */
export function tagsToSg(names: readonly string[], sgTags: ReadonlyMap<string, number>): { links: Array<{ type: "Tag"; id: number }>; missing: string[] } {
  const links: Array<{ type: "Tag"; id: number }> = [];
  const missing: string[] = [];
  for (const name of names) {
    const id = sgTags.get(name.toLowerCase());
    if (id === undefined) missing.push(name);
    else links.push({ type: "Tag", id });
  }
  return { links, missing };
}
