"""AYON server part of the "shotgrid" addon (ayon-sg).

AYON loads only Python here: the settings model, the shotgrid* attributes and two thin endpoints. The
work itself happens in the ayon-sg runtime service, which reads AYON's event queue.
"""

from typing import Any

from ayon_server.addons import BaseServerAddon

from .attributes import ensure_shotgrid_attributes
from .endpoints import import_project, sync_project
from .settings import ShotgridSettings


class ShotgridAddon(BaseServerAddon):
    settings_model = ShotgridSettings
    frontend_scopes: dict[str, Any] = {"settings": {}}

    def initialize(self) -> None:
        self.add_endpoint("/import-project", import_project, method="POST")
        self.add_endpoint("/sync-project/{project_name}", sync_project, method="POST")

    async def setup(self) -> None:
        # Attribute definitions take effect only after a restart (ayon-backend api/attributes/attributes.py requires
        # one): ask for one only when something was actually written, so a normal start does not loop.
        if await ensure_shotgrid_attributes():
            self.request_server_restart()
