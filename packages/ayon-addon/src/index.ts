export { packageAddon, type PackageAddonOptions, type PackagedAddon } from "./packaging/package-addon.js";
export { ADDON_DIR, ADDON_NAME, addonZipName } from "./packaging/paths.js";
export { readAddonVersion, packagePyVersion, withPackagePyVersion } from "./packaging/version.js";
export { settingsDefaultsJson, SETTINGS_DEFAULTS_PATH } from "./packaging/settings-defaults.js";
export { packageIntoTempDir, type TempPackage } from "./packaging/temp-package.js";
export { installAddon, type InstallAddonOptions } from "./install/install-addon.js";
// Driving the settings page in headless Chromium, and playing the runtime's side of its protocol.
export { AddonPageDriver, type OpenAddonPageOptions, type JobStatusName } from "./browser/page-driver.js";
export { ScriptedRuntime, type SeenRequest, type ReplyState } from "./browser/scripted-runtime.js";
export { launchChromium, CHROMIUM_PATH } from "./browser/chromium.js";
export { loginToAyon } from "./browser/ayon-login.js";
export { hostPageHtml, type HostContext } from "./browser/host-page.js";
