"""The AYON attributes the sync stores its identity in, as the Python addon creates them
(ynput/ayon-shotgrid server/__init__.py).

Created in the addon's setup(): only when an attribute is missing or differs from what the sync needs, and
always with parameterized SQL. Keys a studio added to an attribute's data (e.g. a description) are kept.
"""

import json
from typing import Any

from ayon_server.lib.postgres import Postgres

SHOTGRID_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "shotgridId": {
        "scope": ["project", "folder", "task", "version"],
        "data": {
            "type": "string",
            "title": "ShotGrid ID",
            "description": "Id of the matching ShotGrid entity.",
            "inherit": False,
        },
    },
    "shotgridType": {
        "scope": ["project", "folder", "task", "version"],
        "data": {
            "type": "string",
            "title": "ShotGrid Type",
            "description": "Type of the matching ShotGrid entity.",
            "inherit": False,
        },
    },
    "shotgridPush": {
        "scope": ["project"],
        "data": {
            "type": "boolean",
            "title": "ShotGrid Push",
            "description": "Push changes made in AYON to ShotGrid.",
            "inherit": False,
            "default": False,
        },
    },
}

SELECT_ATTRIBUTES_SQL = "SELECT name, scope, data FROM public.attributes WHERE name = ANY($1::varchar[])"

# New attributes go to the end of the list; existing ones keep their position, and their data is merged so
# that keys we do not manage survive.
UPSERT_ATTRIBUTE_SQL = """
INSERT INTO public.attributes (name, position, scope, data)
VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM public.attributes), $2, $3)
ON CONFLICT (name) DO UPDATE
SET scope = EXCLUDED.scope, data = public.attributes.data || EXCLUDED.data
"""


def _differs(wanted: dict[str, Any], row: Any) -> bool:
    if sorted(row["scope"] or []) != sorted(wanted["scope"]):
        return True
    data = row["data"] or {}
    if isinstance(data, str):  # a connection without the jsonb codec hands back text
        data = json.loads(data)
    return any(data.get(key) != value for key, value in wanted["data"].items())


async def ensure_shotgrid_attributes() -> list[str]:
    """Create or repair the shotgrid* attributes; returns the names written (empty: nothing to do)."""
    rows = await Postgres.fetch(SELECT_ATTRIBUTES_SQL, list(SHOTGRID_ATTRIBUTES))
    existing = {row["name"]: row for row in rows}
    written: list[str] = []
    for name, wanted in SHOTGRID_ATTRIBUTES.items():
        row = existing.get(name)
        if row is not None and not _differs(wanted, row):
            continue
        await Postgres.execute(UPSERT_ATTRIBUTE_SQL, name, wanted["scope"], wanted["data"])
        written.append(name)
    return written
