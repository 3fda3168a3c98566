import { describe, expect, it } from "@jest/globals";
import { ENTITY_TYPES, parseShotgridSettings, ShotgridSettingsError, shotgridSettingsDefaults, shotgridSettingsSchema } from "./settings.js";

// The Python addon's default rows (ayon-shotgrid 0.6.19 server/settings/main.py get_default_folder_attributes) over
// AYON 1.16's built-in folder attributes: nothing mapped, every default-enabled type in scope, startDate without
// Project.
const PY_SCOPE = ["Project", "Episode", "Sequence", "Shot", "Asset", "Task", "Version", "Note"];
const FOLDER_ATTRIBUTES = [
  ["priority", "string"], ["fps", "float"], ["resolutionWidth", "integer"], ["resolutionHeight", "integer"], ["pixelAspect", "float"],
  ["clipIn", "integer"], ["clipOut", "integer"], ["frameStart", "integer"], ["frameEnd", "integer"], ["handleStart", "integer"],
  ["handleEnd", "integer"], ["startDate", "datetime"], ["endDate", "datetime"], ["description", "string"],
];
const DEFAULT_ATTRIBS_MAP = FOLDER_ATTRIBUTES.map(([ayon, type]) => ({
  ayon, type, sg: "", scope: ayon === "startDate" ? PY_SCOPE.filter((t) => t !== "Project") : PY_SCOPE,
}));

const DEFAULTS = {
  shotgrid_server: "",
  shotgrid_project_code_field: "code",
  anatomy_preset: "_",
  service_settings: { script_name: "", script_key: "", polling_frequency: 10 },
  compatibility_settings: {
    default_task_type: "Generic",
    shotgrid_enabled_entities: ["Project", "Episode", "Sequence", "Shot", "Asset", "Task"],
    folder_parenting: { root_relocate: { enabled: false, presets: [] }, type_grouping: { enabled: false, presets: [] } },
    custom_attribs_map: DEFAULT_ATTRIBS_MAP,
  },
  sync_settings: { rename_policy: "label_and_name_if_unpublished", leecher_settle_seconds: 30, reconcile_time: "03:00" },
  notification_settings: { ayon_inbox: false, shotgrid_note: false, window_minutes: 15 },
};

function problems(raw: unknown): string[] {
  try {
    parseShotgridSettings(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ShotgridSettingsError);
    return (err as ShotgridSettingsError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected the settings to be refused");
}

describe("settings: defaults (ynput/ayon-shotgrid server/settings/main.py)", () => {
  it("fills every default from nothing", () => {
    expect(shotgridSettingsDefaults()).toEqual(DEFAULTS);
    expect(parseShotgridSettings({})).toEqual(DEFAULTS);
    expect(parseShotgridSettings(undefined)).toEqual(DEFAULTS);
  });

  it("fills the defaults of a partly given section", () => {
    const s = parseShotgridSettings({ service_settings: { script_name: "ayon" }, sync_settings: { leecher_settle_seconds: 0 } });
    expect(s.service_settings).toEqual({ script_name: "ayon", script_key: "", polling_frequency: 10 });
    expect(s.sync_settings).toEqual({ rename_policy: "label_and_name_if_unpublished", leecher_settle_seconds: 0, reconcile_time: "03:00" });
  });

  it("hands out a fresh copy each time", () => {
    const a = shotgridSettingsDefaults();
    a.compatibility_settings.shotgrid_enabled_entities.push("Note");
    expect(shotgridSettingsDefaults().compatibility_settings.shotgrid_enabled_entities).toHaveLength(6);
    expect(parseShotgridSettings({}).compatibility_settings.shotgrid_enabled_entities).toHaveLength(6);
  });

  it("lists the entity types the Python addon offers", () => {
    expect([...ENTITY_TYPES]).toEqual(["Project", "Episode", "Sequence", "Scene", "Shot", "Asset", "Task", "Version", "Note", "Playlist", "Reply"]);
  });
});

describe("settings: the Python addon's data loads unchanged", () => {
  it("keeps keys this schema does not know, at every level", () => {
    const raw = {
      shotgrid_server: "https://studio.shotgrid.autodesk.com",
      shotgrid_no_ssl_validation: false,
      enable_shotgrid_local_storage: true,
      service_settings: { script_name: "ayon", script_key: "sg_script_key_secret", polling_frequency: 5 },
      compatibility_settings: {
        shotgrid_enabled_entities: ["Project", "Shot", "Version", "Note"],
        custom_attribs_map: [{ ayon: "fps", type: "float", sg: "fps", scope: ["Shot"] }],
        folder_parenting: { root_relocate: { enabled: false, presets: [] } },
      },
      publish: { IntegrateMoviePath: { profiles: [] } },
    };
    const s = parseShotgridSettings(raw) as Record<string, unknown> & ReturnType<typeof parseShotgridSettings>;
    expect(s.shotgrid_no_ssl_validation).toBe(false);
    expect(s.publish).toEqual({ IntegrateMoviePath: { profiles: [] } });
    expect((s.compatibility_settings as Record<string, unknown>).custom_attribs_map).toEqual(raw.compatibility_settings.custom_attribs_map);
    expect((s.compatibility_settings as Record<string, unknown>).folder_parenting).toMatchObject(raw.compatibility_settings.folder_parenting);
    expect(s.compatibility_settings.default_task_type).toBe("Generic");
    expect(s.service_settings.polling_frequency).toBe(5);
  });

  it("is a zod schema others can extend", () => {
    expect(shotgridSettingsSchema.safeParse({}).success).toBe(true);
  });
});

describe("settings: each bad value gets its own line", () => {
  it.each([
    [{ shotgrid_server: "studio.shotgrid.autodesk.com" }, "shotgrid_server: must be empty or an http(s) URL"],
    [{ shotgrid_server: "ftp://x" }, "shotgrid_server: must be empty or an http(s) URL"],
    [{ shotgrid_project_code_field: "" }, "shotgrid_project_code_field: must name a ShotGrid Project field"],
    [{ anatomy_preset: 3 }, "anatomy_preset: Invalid input: expected string"],
    [{ service_settings: { polling_frequency: 0 } }, "service_settings.polling_frequency: must be at least 1 second"],
    [{ service_settings: { polling_frequency: 2.5 } }, "service_settings.polling_frequency: must be a whole number of seconds"],
    [{ service_settings: { script_name: null } }, "service_settings.script_name: Invalid input: expected string"],
    [{ service_settings: "x" }, "service_settings: Invalid input: expected object"],
    [{ compatibility_settings: { default_task_type: "" } }, "compatibility_settings.default_task_type: must name a task type"],
    [{ compatibility_settings: { shotgrid_enabled_entities: ["Shot", "Camera"] } }, "compatibility_settings.shotgrid_enabled_entities.1: must be one of Project, Episode"],
    [{ compatibility_settings: { shotgrid_enabled_entities: "Shot" } }, "compatibility_settings.shotgrid_enabled_entities: Invalid input: expected array"],
    [{ compatibility_settings: { custom_attribs_map: [{ ayon: "fps", sg: "fps" }, { ayon: "frameStart", sg: "fps" }] } }, "compatibility_settings.custom_attribs_map: Duplicate mapped SG field: fps"],
    [{ compatibility_settings: { custom_attribs_map: [{ ayon: "fps", sg: "a" }, { ayon: "fps", sg: "b" }] } }, "compatibility_settings.custom_attribs_map: Duplicate mapped AYON attribute: fps"],
    [{ compatibility_settings: { custom_attribs_map: [{ ayon: "fps", sg: 3 }] } }, "compatibility_settings.custom_attribs_map.0.sg: Invalid input: expected string"],
    [{ sync_settings: { rename_policy: "rename_everything" } }, "sync_settings.rename_policy: must be one of label_only, label_and_name_if_unpublished"],
    [{ sync_settings: { leecher_settle_seconds: -1 } }, "sync_settings.leecher_settle_seconds: must be 0 or more"],
    [{ notification_settings: { window_minutes: 0 } }, "notification_settings.window_minutes: must be at least 1 minute"],
    [{ sync_settings: { reconcile_time: "25:00" } }, 'sync_settings.reconcile_time: must be "off" or a time of day HH:MM (UTC, 24-hour), e.g. "03:00"'],
    [[], "(settings): Invalid input: expected object"],
  ])("%j", (raw, expected) => {
    const found = problems(raw);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  it("lists every problem at once, one per line, without echoing values", () => {
    const secretLookingValue = "sk-THIS-SHOULD-NOT-BE-ECHOED";
    let message = "";
    try {
      parseShotgridSettings({
        shotgrid_server: secretLookingValue,
        service_settings: { polling_frequency: "10", script_key: 42 },
        sync_settings: { leecher_settle_seconds: -5 },
      });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split("\n");
    expect(lines[0]).toBe("Invalid shotgrid addon settings (4 problems):");
    expect(lines.slice(1).map((l) => l.split(":")[0]).sort()).toEqual([
      "- service_settings.polling_frequency",
      "- service_settings.script_key",
      "- shotgrid_server",
      "- sync_settings.leecher_settle_seconds",
    ]);
    expect(message).not.toContain(secretLookingValue);
  });
});
