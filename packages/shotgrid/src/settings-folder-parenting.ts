/**
 * `compatibility_settings.folder_parenting`: the Python addon's re-parenting settings, same keys and defaults
 * (ayon-shotgrid 0.6.19 server/settings/main.py FolderReparentingModel), so a studio's saved settings carry
 * over. Two modes, `root_relocate` and `type_grouping`, each `{enabled, presets}`; a preset names a ShotGrid
 * type and the chain of AYON folders (top-down from the project root) its entities go under. The Python
 * services refuse both modes on at once (services/shotgrid_common/utils.py _get_parenting_transfer_type): here
 * that is a settings error naming the path. What the sync does with them: sync/folder-layout.ts.
 */
import { AYON_NAME_REGEX } from "@ayon-sg/core";
import { z } from "zod";

/** The ShotGrid types a preset may name (the Python addon's default_shotgrid_reparenting_entities). */
export const REPARENTING_ENTITY_TYPES = ["Episode", "Sequence", "Shot", "Asset"] as const;

const parentSchema = z
  .object({
    /** The AYON folder type of this layout folder. */
    folder_type: z.string().min(1, "must name an AYON folder type").default("asset"),
    /** Its name, used as given (the Python addon does not slugify it). */
    folder_name: z.string().regex(AYON_NAME_REGEX, "must be a valid AYON folder name (letters, digits, '_', '.', '-')").default("assets"),
  })
  .loose();

const presetSchema = z
  .object({
    filter_by_sg_entity_type: z
      .enum(REPARENTING_ENTITY_TYPES, { error: `must be one of ${REPARENTING_ENTITY_TYPES.join(", ")}` })
      .default("Asset"),
    /** Top-down; empty = the default placement for this type. */
    parents: z.array(parentSchema).default(() => []),
  })
  .loose();

const modeSchema = z
  .object({
    enabled: z.boolean().default(false),
    presets: z.array(presetSchema).default(() => []),
  })
  .loose();

export const folderParentingSchema = z
  .object({
    root_relocate: modeSchema.prefault({}),
    type_grouping: modeSchema.prefault({}),
  })
  .loose()
  .superRefine((value, ctx) => {
    if (value.root_relocate.enabled && value.type_grouping.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["type_grouping", "enabled"],
        message: "root relocation and type grouping cannot both be enabled; disable one",
      });
    }
  });

export type FolderParentingSettings = z.infer<typeof folderParentingSchema>;
