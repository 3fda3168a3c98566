"""setup(): the shotgrid* attributes are created or repaired with parameterized SQL only when needed, and a
restart is requested only then (as ynput/ayon-shotgrid server/__init__.py does; ayon-backend
api/attributes/attributes.py)."""

import asyncio
import copy
import json

from ayon_server.lib.postgres import Postgres
from server import ShotgridAddon
from server.attributes import SELECT_ATTRIBUTES_SQL, SHOTGRID_ATTRIBUTES, UPSERT_ATTRIBUTE_SQL

NAMES = ["shotgridId", "shotgridType", "shotgridPush"]


def stored_rows(**changes) -> list[dict]:
    """The attribute rows as the database holds them once set up; `changes` replaces a row's fields."""
    rows = []
    for name, wanted in SHOTGRID_ATTRIBUTES.items():
        row = {"name": name, "scope": list(wanted["scope"]), "data": copy.deepcopy(wanted["data"])}
        row.update(changes.get(name, {}))
        rows.append(row)
    return rows


def run_setup() -> ShotgridAddon:
    addon = ShotgridAddon()
    asyncio.run(addon.setup())
    return addon


def executed() -> list[tuple]:
    return [(query, args) for kind, query, args in Postgres.calls if kind == "execute"]


def test_the_attribute_definitions_match_the_python_addon():
    assert NAMES == list(SHOTGRID_ATTRIBUTES)
    for name in ("shotgridId", "shotgridType"):
        assert SHOTGRID_ATTRIBUTES[name]["scope"] == ["project", "folder", "task", "version"]
        assert SHOTGRID_ATTRIBUTES[name]["data"]["type"] == "string"
        assert SHOTGRID_ATTRIBUTES[name]["data"]["inherit"] is False
    push = SHOTGRID_ATTRIBUTES["shotgridPush"]
    assert push["scope"] == ["project"]
    assert (push["data"]["type"], push["data"]["default"], push["data"]["inherit"]) == ("boolean", False, False)


def test_creates_all_three_when_missing_and_requests_one_restart():
    Postgres.queue_rows([])
    addon = run_setup()
    assert executed() == [
        (UPSERT_ATTRIBUTE_SQL, (name, SHOTGRID_ATTRIBUTES[name]["scope"], SHOTGRID_ATTRIBUTES[name]["data"]))
        for name in NAMES
    ]
    assert addon.restart_requests == 1


def test_reads_the_existing_attributes_with_one_parameterized_query():
    Postgres.queue_rows(stored_rows())
    run_setup()
    assert Postgres.calls[0] == ("fetch", SELECT_ATTRIBUTES_SQL, (NAMES,))


def test_no_value_is_ever_spliced_into_the_sql():
    Postgres.queue_rows([])
    run_setup()
    for _, query, args in Postgres.calls:
        assert "$1" in query
        for name in NAMES:
            assert name not in query
        assert "'" not in query  # no literals at all: every value travels as an argument
        assert args


def test_does_nothing_when_all_attributes_are_as_wanted():
    Postgres.queue_rows(stored_rows())
    addon = run_setup()
    assert executed() == []
    assert addon.restart_requests == 0


def test_keys_a_studio_added_and_scope_order_do_not_count_as_a_difference():
    data = {**SHOTGRID_ATTRIBUTES["shotgridId"]["data"], "example": "1234"}
    scope = list(reversed(SHOTGRID_ATTRIBUTES["shotgridId"]["scope"]))
    Postgres.queue_rows(stored_rows(shotgridId={"data": data, "scope": scope}))
    addon = run_setup()
    assert executed() == []
    assert addon.restart_requests == 0


def test_repairs_only_the_attribute_whose_scope_differs():
    Postgres.queue_rows(stored_rows(shotgridType={"scope": ["project", "folder", "task"]}))
    addon = run_setup()
    assert [args[0] for _, args in executed()] == ["shotgridType"]
    assert addon.restart_requests == 1


def test_repairs_an_inheriting_attribute_and_one_that_is_missing():
    data = {**SHOTGRID_ATTRIBUTES["shotgridId"]["data"], "inherit": True}
    rows = [row for row in stored_rows(shotgridId={"data": data}) if row["name"] != "shotgridPush"]
    Postgres.queue_rows(rows)
    run_setup()
    assert [args[0] for _, args in executed()] == ["shotgridId", "shotgridPush"]


def test_reads_data_returned_as_json_text():
    rows = stored_rows()
    for row in rows:
        row["data"] = json.dumps(row["data"])
    Postgres.queue_rows(rows)
    assert run_setup().restart_requests == 0


def test_the_upsert_keeps_the_position_and_merges_data():
    # Existing rows keep their position (not in the UPDATE SET) and studio-added data keys (jsonb ||).
    update = UPSERT_ATTRIBUTE_SQL.split("DO UPDATE", 1)[1]
    assert "position" not in update
    assert "public.attributes.data || EXCLUDED.data" in update
