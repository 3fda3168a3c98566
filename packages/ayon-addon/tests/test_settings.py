"""The settings model: defaults equal the TypeScript ones (through server/settings_defaults.json, written
by the packaging script), and every rule of packages/shotgrid/src/settings.ts is enforced here too."""

import asyncio
import json
import pathlib

import pytest
from pydantic import ValidationError

from ayon_server.lib.postgres import Postgres
from ayon_server.settings import enum as settings_enum
from server.settings import ENTITY_TYPES, ShotgridSettings, anatomy_presets_enum

DEFAULTS_JSON = pathlib.Path(__file__).resolve().parents[1] / "server" / "settings_defaults.json"


def settings_with(**overrides) -> dict:
    data = json.loads(DEFAULTS_JSON.read_text())
    for path, value in overrides.items():
        node = data
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return data


def error_locations(excinfo) -> list[tuple]:
    return [error["loc"] for error in excinfo.value.errors()]


def test_defaults_equal_the_typescript_defaults():
    assert ShotgridSettings().dict() == json.loads(DEFAULTS_JSON.read_text())


def test_defaults_json_has_no_key_the_model_lacks():
    # .dict() above already compares both ways; this names the culprit when a key was added on one side.
    model_keys = set(ShotgridSettings.__fields__)
    assert set(json.loads(DEFAULTS_JSON.read_text())) == model_keys


def test_a_full_valid_settings_object_round_trips():
    data = settings_with(
        shotgrid_server="https://studio.shotgrid.autodesk.com",
        service_settings__script_name="ayon_sync",
        service_settings__script_key="sg_script_key",
        service_settings__polling_frequency=1,
        compatibility_settings__shotgrid_enabled_entities=list(ENTITY_TYPES),
        sync_settings__rename_policy="label_only",
        sync_settings__leecher_settle_seconds=0,
    )
    assert ShotgridSettings(**data).dict() == data


@pytest.mark.parametrize("url", ["", "http://sg.local:8080", "https://studio.shotgrid.autodesk.com/"])
def test_accepts_empty_or_http_urls(url):
    assert ShotgridSettings(**settings_with(shotgrid_server=url)).shotgrid_server == url


@pytest.mark.parametrize(
    "url", ["ftp://sg.example.com", "studio.shotgrid.autodesk.com", "https://", "http://a b", "http://[::1"]
)
def test_refuses_a_server_that_is_not_an_http_url(url):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(shotgrid_server=url))
    assert error_locations(excinfo) == [("shotgrid_server",)]
    assert "http" in excinfo.value.errors()[0]["msg"]


@pytest.mark.parametrize("value", [0, -5, 1.5, "10", True, None])
def test_refuses_a_polling_frequency_that_is_not_a_whole_number_of_at_least_one(value):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(service_settings__polling_frequency=value))
    assert error_locations(excinfo) == [("service_settings", "polling_frequency")]


@pytest.mark.parametrize("value", [-1, 2.5])
def test_refuses_a_settle_time_that_is_negative_or_fractional(value):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(sync_settings__leecher_settle_seconds=value))
    assert error_locations(excinfo) == [("sync_settings", "leecher_settle_seconds")]


def test_refuses_an_unknown_entity_type_and_names_it():
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(compatibility_settings__shotgrid_enabled_entities=["Shot", "Widget"]))
    assert error_locations(excinfo) == [("compatibility_settings", "shotgrid_enabled_entities")]
    assert "Widget" in excinfo.value.errors()[0]["msg"]


@pytest.mark.parametrize(
    "path, location",
    [
        ("shotgrid_project_code_field", ("shotgrid_project_code_field",)),
        ("compatibility_settings__default_task_type", ("compatibility_settings", "default_task_type")),
    ],
)
def test_refuses_an_empty_field_or_task_type_name(path, location):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(**{path: ""}))
    assert error_locations(excinfo) == [location]


@pytest.mark.parametrize("path", ["shotgrid_server", "anatomy_preset", "service_settings__script_name"])
def test_refuses_a_number_where_a_string_belongs(path):
    with pytest.raises(ValidationError):
        ShotgridSettings(**settings_with(**{path: 42}))


def test_keys_it_does_not_know_pass_through_at_every_level():
    data = settings_with(compatibility_settings__a_later_option={"nested": {"enabled": False}})
    data["publish"] = {"IntegrateMoviePath": {"profiles": []}}
    parsed = ShotgridSettings(**data).dict()
    assert parsed["publish"] == {"IntegrateMoviePath": {"profiles": []}}
    assert parsed["compatibility_settings"]["a_later_option"] == {"nested": {"enabled": False}}


def test_attribs_map_rows_of_the_python_addon_load_and_fill_their_defaults():
    rows = [{"ayon": "fps", "sg": "fps", "type": "float", "scope": ["Shot"]}, {"ayon": "frameStart", "sg": "cut_in"}]
    parsed = ShotgridSettings(**settings_with(compatibility_settings__custom_attribs_map=rows)).dict()
    assert parsed["compatibility_settings"]["custom_attribs_map"] == [
        {"ayon": "fps", "sg": "fps", "type": "float", "scope": ["Shot"]},
        {"ayon": "frameStart", "sg": "cut_in", "type": "string", "scope": []},
    ]


def test_default_attribs_map_maps_nothing_and_leaves_project_out_of_start_date():
    rows = ShotgridSettings().compatibility_settings.custom_attribs_map
    assert [row.sg for row in rows] == [""] * len(rows)
    by_name = {row.ayon: row for row in rows}
    assert "Project" not in by_name["startDate"].scope and "Project" in by_name["endDate"].scope


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"ayon": "fps", "sg": "fps"}, {"ayon": "frameStart", "sg": "fps"}], "Duplicate mapped SG field: fps"),
        ([{"ayon": "fps", "sg": "a"}, {"ayon": "fps", "sg": "b"}], "Duplicate mapped AYON attribute: fps"),
    ],
)
def test_attribs_map_refuses_duplicates(rows, message):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(compatibility_settings__custom_attribs_map=rows))
    assert message in str(excinfo.value)


def test_refuses_an_unknown_rename_policy():
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(sync_settings__rename_policy="rename_everything"))
    assert error_locations(excinfo) == [("sync_settings", "rename_policy")]


@pytest.mark.parametrize(
    "value",
    [
        "0a9f$kd#lq!xyz",
        "key with spaces",
        "-leading-dash",
        "3f2a9c0d41b7e6a85c1f09d2b3e4a7c6d5f8e901",
        "wxqkbz8vfd2hmjrnq4tuegpyc",
        "wxqkbz8vfd2hmjrnq4tuegpyc-xk",
        "sg_3f2a9c0d41b7e6a85c1f09d2b3e4a7c6",
        "a" * 129,
    ],
)
def test_script_key_must_be_a_secret_name_not_a_key(value):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(service_settings__script_key=value))
    assert error_locations(excinfo) == [("service_settings", "script_key")]
    # The refused value is not echoed back: it may be the key itself.
    assert value not in str(excinfo.value)


@pytest.mark.parametrize("value", ["sg_script_key", "shotgrid.key-prod", "sgkey2024", "studio_shotgrid_script_key_for_ayon"])
def test_script_key_accepts_secret_names(value):
    assert ShotgridSettings(**settings_with(service_settings__script_key=value)).service_settings.script_key == value


def test_reports_every_bad_field_at_once():
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(shotgrid_server="nope", service_settings__polling_frequency=0))
    assert sorted(error_locations(excinfo)) == [("service_settings", "polling_frequency"), ("shotgrid_server",)]


def test_script_key_offers_the_secret_names_as_a_dropdown():
    field = ShotgridSettings.__fields__["service_settings"].type_.__fields__["script_key"]
    resolver = field.field_info.extra["enum_resolver"]
    settings_enum.SECRET_NAMES.extend(["sg_script_key", "other_secret"])
    assert asyncio.run(resolver()) == ["sg_script_key", "other_secret"]


def test_entity_types_and_rename_policies_are_dropdowns_of_the_allowed_values():
    compat = ShotgridSettings.__fields__["compatibility_settings"].type_.__fields__
    assert compat["shotgrid_enabled_entities"].field_info.extra["enum_resolver"]() == list(ENTITY_TYPES)
    sync = ShotgridSettings.__fields__["sync_settings"].type_.__fields__
    values = [item["value"] for item in sync["rename_policy"].field_info.extra["enum_resolver"]()]
    assert values == ["label_only", "label_and_name_if_unpublished"]


def test_anatomy_presets_start_with_the_primary_or_builtin_choice():
    Postgres.queue_rows([{"name": "Film"}, {"name": "Series"}])
    options = asyncio.run(anatomy_presets_enum())
    assert [option["value"] for option in options] == ["_", "Film", "Series"]
    kind, query, args = Postgres.calls[0]
    assert (kind, args) == ("fetch", ())
    assert "anatomy_presets" in query


def all_field_names(model) -> list[str]:
    names = []
    for name, field in model.__fields__.items():
        names.append(name)
        if isinstance(field.type_, type) and hasattr(field.type_, "__fields__"):
            names.extend(f"{name}.{inner}" for inner in all_field_names(field.type_))
    return names


def test_the_model_has_no_field_for_a_secret_value():
    # Only the secret's name is a setting (service_settings.script_key); nothing may hold a key or password.
    names = all_field_names(ShotgridSettings)
    assert "service_settings.script_key" in names
    assert [name for name in names if any(word in name for word in ("api_key", "password", "token"))] == []


@pytest.mark.parametrize("value", ["00:00", "03:00", "23:59", "off"])
def test_accepts_a_reconcile_time_of_day_or_off(value):
    assert ShotgridSettings(**settings_with(sync_settings__reconcile_time=value)).sync_settings.reconcile_time == value


@pytest.mark.parametrize("value", ["24:00", "3:00", "03:60", "nightly", "", "03:00\n", 300])
def test_refuses_a_reconcile_time_that_is_not_hh_mm_or_off(value):
    with pytest.raises(ValidationError) as excinfo:
        ShotgridSettings(**settings_with(sync_settings__reconcile_time=value))
    assert error_locations(excinfo) == [("sync_settings", "reconcile_time")]
