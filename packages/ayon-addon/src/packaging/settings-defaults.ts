// server/settings_defaults.json: the TypeScript settings defaults as AYON's Python model must produce them.
// The Python tests compare the pydantic model against this file; the AYON emulator reads it from the zip.
import { shotgridSettingsDefaults } from "@ayon-sg/shotgrid";

export const SETTINGS_DEFAULTS_PATH = "server/settings_defaults.json";

export function settingsDefaultsJson(): string {
  return `${JSON.stringify(shotgridSettingsDefaults(), null, 2)}\n`;
}
