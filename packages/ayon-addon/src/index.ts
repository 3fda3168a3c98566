export { packageAddon, type PackageAddonOptions, type PackagedAddon } from "./packaging/package-addon.js";
export { ADDON_DIR, ADDON_NAME, addonZipName } from "./packaging/paths.js";
export { readAddonVersion, packagePyVersion, withPackagePyVersion } from "./packaging/version.js";
export { settingsDefaultsJson, SETTINGS_DEFAULTS_PATH } from "./packaging/settings-defaults.js";
