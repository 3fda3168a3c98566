import { describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { shotgridSettingsDefaults } from "@ayon-sg/shotgrid";
import { ADDON_DIR } from "./paths.js";
import { SETTINGS_DEFAULTS_PATH, settingsDefaultsJson } from "./settings-defaults.js";

describe("server/settings_defaults.json", () => {
  it("is the TypeScript defaults, so the Python test compares the pydantic model with them", async () => {
    // When this fails, the TypeScript settings changed: run the package script, then mirror the change in
    // server/settings.py (tests/test_settings.py will say what differs).
    const committed = await readFile(join(ADDON_DIR, SETTINGS_DEFAULTS_PATH), "utf8");
    expect(JSON.parse(committed)).toEqual(shotgridSettingsDefaults());
    expect(committed).toBe(settingsDefaultsJson());
  });
});
