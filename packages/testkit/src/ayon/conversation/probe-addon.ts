// A minimal addon the conversation installs (POST /api/addons/install, as the sandbox installs ayon-sg's addon):
// a settings model with three fields and nothing else, so its settings endpoints can be recorded on any server.
// `server/settings_defaults.json` repeats the model's defaults: the emulator reads defaults from that file,
// a real server from the model (ayon-backend ayon_server/addons/addon.py get_default_settings).
import { strToU8, zipSync } from "fflate";

export const PROBE_ADDON = { name: "rrprobe", version: "0.1.0" } as const;

export const PROBE_DEFAULTS = { server_url: "http://sg.example", polling_frequency: 10, enabled: true };

const PACKAGE_PY = `name = "${PROBE_ADDON.name}"
title = "Conversation probe"
version = "${PROBE_ADDON.version}"
client_dir = None
`;

const SERVER_INIT_PY = `"""The conversation's probe addon: one settings model, nothing else."""

from ayon_server.addons import BaseServerAddon
from ayon_server.settings import BaseSettingsModel, SettingsField


class ProbeSettings(BaseSettingsModel):
    server_url: str = SettingsField("${PROBE_DEFAULTS.server_url}", title="Server URL")
    polling_frequency: int = SettingsField(${PROBE_DEFAULTS.polling_frequency}, title="Polling frequency")
    enabled: bool = SettingsField(True, title="Enabled")


class ProbeAddon(BaseServerAddon):
    settings_model = ProbeSettings
`;

/** The addon's zip, as `POST /api/addons/install` takes it (package.py at the root). */
export function probeAddonZip(): Uint8Array {
  return zipSync({
    "package.py": strToU8(PACKAGE_PY),
    "server/__init__.py": strToU8(SERVER_INIT_PY),
    "server/settings_defaults.json": strToU8(`${JSON.stringify(PROBE_DEFAULTS, null, 2)}\n`),
  });
}
