/**
 * The "shotgrid" AYON addon settings: the one TypeScript source of their shape and defaults. The Python
 * settings model of the addon mirrors this schema (a test compares the defaults). Keys match the Python
 * addon's (ynput/ayon-shotgrid `server/settings/`) so a studio's existing settings load unchanged; keys this
 * schema does not know (publish, ...) pass through untouched.
 */
import { HandlerError } from "@ayon-sg/core";
import { z } from "zod";
import { folderParentingSchema } from "./settings-folder-parenting.js";
import { attribMappingProblems, attribMappingRowSchema, defaultAttribMappingRows } from "./mapping/attrib-map.js";

/** The ShotGrid entity types the addon can sync. */
export const ENTITY_TYPES = [
  "Project", "Episode", "Sequence", "Scene", "Shot", "Asset", "Task", "Version", "Note", "Playlist", "Reply",
] as const;

export type ShotgridEntityType = (typeof ENTITY_TYPES)[number];

export const RENAME_POLICIES = ["label_only", "label_and_name_if_unpublished"] as const;

/** `sync_settings.reconcile_time`: "off", or a daily time of day "HH:MM" in UTC. */
export const RECONCILE_TIME_RE = /^(off|([01]\d|2[0-3]):[0-5]\d)$/;

const DEFAULT_ENABLED_ENTITIES: ShotgridEntityType[] = ["Project", "Episode", "Sequence", "Shot", "Asset", "Task"];

const httpUrlOrEmpty = z.string().refine(
  (value) => {
    if (value === "") return true;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  },
  { error: "must be empty or an http(s) URL such as https://studio.shotgrid.autodesk.com" },
);

const serviceSettingsSchema = z
  .object({
    script_name: z.string().default(""),
    /** The NAME of the AYON secret that holds the script key — never the key itself. */
    script_key: z.string().default(""),
    /** Seconds between two EventLogEntry polls of the leecher. */
    polling_frequency: z.number().int("must be a whole number of seconds").min(1, "must be at least 1 second").default(10),
  })
  .loose();

const compatibilitySettingsSchema = z
  .object({
    /** Task type for ShotGrid Tasks without a Pipeline Step. */
    default_task_type: z.string().min(1, "must name a task type").default("Generic"),
    shotgrid_enabled_entities: z
      .array(z.enum(ENTITY_TYPES, { error: `must be one of ${ENTITY_TYPES.join(", ")}` }))
      .default(() => [...DEFAULT_ENABLED_ENTITIES]),
    /** Root relocation / type grouping presets (settings-folder-parenting.ts). */
    folder_parenting: folderParentingSchema.prefault({}),
    /** AYON attribute ⇄ ShotGrid field rows (mapping/attrib-map.ts); the Python addon's defaults map nothing. */
    custom_attribs_map: z
      .array(attribMappingRowSchema)
      .default(() => defaultAttribMappingRows())
      .superRefine((rows, ctx) => {
        for (const message of attribMappingProblems(rows)) ctx.addIssue({ code: "custom", message });
      }),
  })
  .loose();

const syncSettingsSchema = z
  .object({
    /** What a ShotGrid rename changes in AYON: the label only, or the name too while nothing is published. */
    rename_policy: z.enum(RENAME_POLICIES, { error: `must be one of ${RENAME_POLICIES.join(", ")}` }).default("label_and_name_if_unpublished"),
    /** How long the leecher waits for an EventLogEntry id gap to close before moving past it. */
    leecher_settle_seconds: z.number().int("must be a whole number of seconds").min(0, "must be 0 or more").default(30),
    /** When the scheduled reconcile (a full sync that writes only what differs) runs: "HH:MM" UTC daily, or "off". */
    reconcile_time: z.string().regex(RECONCILE_TIME_RE, { error: 'must be "off" or a time of day HH:MM (UTC, 24-hour), e.g. "03:00"' }).default("03:00"),
  })
  .loose();

/** Failure notifications (notify/): each door on or off, per studio and per project, and the throttle window. */
const notificationSettingsSchema = z
  .object({
    /** A comment mentioning the project's managers, in their AYON inbox. */
    ayon_inbox: z.boolean().default(false),
    /** A Note on the ShotGrid entity concerned (ayon-shotgrid #190). */
    shotgrid_note: z.boolean().default(false),
    /** After a notification, further failures of the project within this many minutes make one summary. */
    window_minutes: z.number().int("must be a whole number of minutes").min(1, "must be at least 1 minute").default(15),
  })
  .loose();

export const shotgridSettingsSchema = z
  .object({
    shotgrid_server: httpUrlOrEmpty.default(""),
    /** Which ShotGrid Project field holds the AYON project code. */
    shotgrid_project_code_field: z.string().min(1, "must name a ShotGrid Project field").default("code"),
    /** Anatomy preset for new projects; "_" = the server's built-in/primary preset. */
    anatomy_preset: z.string().default("_"),
    service_settings: serviceSettingsSchema.prefault({}),
    compatibility_settings: compatibilitySettingsSchema.prefault({}),
    sync_settings: syncSettingsSchema.prefault({}),
    notification_settings: notificationSettingsSchema.prefault({}),
  })
  .loose();

export type ShotgridSettings = z.infer<typeof shotgridSettingsSchema>;

/** Bad settings: the message lists every bad path, one per line. Values are never echoed. */
export class ShotgridSettingsError extends Error {
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(issues: ReadonlyArray<{ path: string; message: string }>) {
    const lines = issues.map((i) => `- ${i.path}: ${i.message}`);
    super(`Invalid shotgrid addon settings (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ShotgridSettingsError";
    this.issues = issues;
  }
}

/**
 * For a handler's `.catch`: bad addon settings fail the job once (retrying cannot help until someone fixes them);
 * any other error passes through unchanged.
 */
export function settingsAreFinal(error: unknown): never {
  if (error instanceof ShotgridSettingsError) throw new HandlerError(error.message, { retryable: false, cause: error });
  throw error;
}

/** Validate raw settings (as stored by AYON) and fill in defaults. */
export function parseShotgridSettings(raw: unknown): ShotgridSettings {
  const result = shotgridSettingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ShotgridSettingsError(
    result.error.issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.map(String).join(".") : "(settings)",
      message: issue.message,
    })),
  );
}

/** A fresh copy of the default settings. */
export function shotgridSettingsDefaults(): ShotgridSettings {
  return shotgridSettingsSchema.parse({});
}
