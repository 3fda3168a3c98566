"""What AYON reads from the package: package.py's metadata and the addon class's declarations."""

import json
import pathlib
import runpy

from server import ShotgridAddon
from server.settings import ShotgridSettings

ADDON_ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_package_py_metadata():
    meta = runpy.run_path(str(ADDON_ROOT / "package.py"))
    workspace_version = json.loads((ADDON_ROOT / "package.json").read_text())["version"]
    assert meta["name"] == "shotgrid"
    assert meta["title"] in ("ShotGrid Sync", "Shotgrid Sync")
    assert meta["version"] == workspace_version
    assert meta["client_dir"] is None
    assert meta["services"] == {"AyonSgRuntime": {"image": f"ayon-sg/runtime:{workspace_version}"}}
    assert meta["ayon_server_version"] == ">=1.12.5"


def test_the_addon_declares_its_settings_and_the_settings_page():
    assert ShotgridAddon.settings_model is ShotgridSettings
    assert ShotgridAddon.frontend_scopes == {"settings": {}}

