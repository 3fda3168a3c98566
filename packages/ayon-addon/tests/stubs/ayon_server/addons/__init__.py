"""BaseServerAddon: the real server instantiates the subclass with package.py's metadata, calls
initialize() (endpoints) and later awaits setup()."""

from collections.abc import Callable
from typing import Any


class BaseServerAddon:
    settings_model: Any = None
    frontend_scopes: dict[str, Any] = {}

    def __init__(self, **metadata: Any) -> None:
        self.metadata = metadata
        self.endpoints: list[dict[str, Any]] = []
        self.restart_requests = 0
        self.initialize()

    def initialize(self) -> None:
        pass

    async def setup(self) -> None:
        pass

    def add_endpoint(self, path: str, handler: Callable[..., Any], *, method: str = "GET", **_: Any) -> None:
        first_segment = path.strip("/").split("/")[0]
        # The server refuses these prefixes for addon endpoints (ayon-backend ayon_server/api/lifespan.py).
        assert first_segment not in ("settings", "schema", "overrides"), f"reserved endpoint path {path}"
        self.endpoints.append({"path": path, "handler": handler, "method": method.upper()})

    def request_server_restart(self) -> None:
        self.restart_requests += 1

    async def get_default_settings(self) -> Any:
        return self.settings_model() if self.settings_model else None
