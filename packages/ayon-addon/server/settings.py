"""Studio settings of the "shotgrid" addon.

Mirrors the TypeScript schema in packages/shotgrid/src/settings.ts key for key (snake_case, data-compatible
with the Python ayon-shotgrid addon). tests/test_settings.py checks that the defaults here equal
server/settings_defaults.json, which the packaging script writes from the TypeScript defaults.
"""

import re
import urllib.parse

from pydantic import Extra, StrictStr, conint, validator

from ayon_server.lib.postgres import Postgres
from ayon_server.settings import BaseSettingsModel, SettingsField
from ayon_server.settings.enum import secrets_enum, task_types_enum

from .naming import NAME_RE, looks_like_key
from .settings_folder_parenting import FolderParenting

# ShotGrid entity types the sync knows; the order is the one the settings UI shows.
ENTITY_TYPES = (
    "Project",
    "Episode",
    "Sequence",
    "Scene",
    "Shot",
    "Asset",
    "Task",
    "Version",
    "Note",
    "Playlist",
    "Reply",
)
# sync_settings.reconcile_time: "off" or HH:MM (UTC), as packages/shotgrid/src/settings.ts.
RECONCILE_TIME_RE = re.compile(r"^(off|([01]\d|2[0-3]):[0-5]\d)$")

DEFAULT_ENABLED_ENTITIES = ("Project", "Episode", "Sequence", "Shot", "Asset", "Task")

RENAME_POLICIES = (
    {"value": "label_only", "label": "Only update the label"},
    {
        "value": "label_and_name_if_unpublished",
        "label": "Update the label, and the name while nothing is published",
    },
)

# Strict types, as zod's: a number is not silently turned into a string, nor 1.5 or "10" into an int.
Seconds = conint(strict=True, ge=0)
PositiveSeconds = conint(strict=True, ge=1)


def _is_http_url(value: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and host != "" and not any(c.isspace() for c in value)


class _PassThrough(BaseSettingsModel):
    # Keys this model does not know (e.g. the Python addon's custom_attribs_map) are kept, like the
    # TypeScript schema's .loose(), so a studio's existing settings survive unchanged.
    class Config:
        extra = Extra.allow


def entity_types_enum() -> list[str]:
    return list(ENTITY_TYPES)


def rename_policies_enum() -> list[dict[str, str]]:
    return [dict(item) for item in RENAME_POLICIES]


async def anatomy_presets_enum() -> list[dict[str, str]]:
    """'_' (the server's primary preset, or the built-in one when none is primary) and the stored presets."""
    # A preset may be stored in several anatomy versions (primary key: name, version): list each name once.
    rows = await Postgres.fetch("SELECT DISTINCT name FROM public.anatomy_presets ORDER BY name")
    return [{"value": "_", "label": "<primary or built-in>"}] + [
        {"value": row["name"], "label": row["name"]} for row in rows
    ]


class ServiceSettings(_PassThrough):
    """How the ayon-sg runtime reaches ShotGrid."""

    script_name: StrictStr = SettingsField(
        "",
        title="ShotGrid script name",
        description="The ShotGrid API script (Admin > Scripts) the runtime authenticates as.",
    )
    script_key: StrictStr = SettingsField(
        "",
        title="AYON secret with the script key",
        description="Name of the AYON secret that holds the script's application key, never the key itself.",
        enum_resolver=secrets_enum,
    )
    polling_frequency: PositiveSeconds = SettingsField(
        10,
        title="Polling frequency (seconds)",
        description="How often the leecher reads ShotGrid's event log.",
    )

    # A secret's name must match AYON's NAME_REGEX, and one that looks like a key is refused too (naming.py), so a
    # pasted key never becomes a plain setting. The message never repeats the value. (The runtime checks the same
    # before it asks AYON for the secret: packages/core/src/util/secret-name.ts.)
    @validator("script_key")
    def _secret_name(cls, value: str) -> str:
        if value and (len(value) > 128 or not NAME_RE.match(value)):
            raise ValueError(
                "must be the name of an AYON secret (letters, digits, '_', '.', '-'), not the key itself"
            )
        if value and looks_like_key(value):
            raise ValueError(
                "looks like a key, not the name of an AYON secret: put the key in an AYON secret and choose its name here"
            )
        return value


# The Python addon's custom_attribs_map defaults (ayon-shotgrid 0.6.19 server/settings/main.py): one row per AYON
# folder attribute, nothing mapped. Its rows come from the server's attribute library; these are AYON 1.16's
# built-in folder attributes (ayon-backend setup/attributes.py), so the defaults equal the TypeScript ones.
ATTRIB_MAP_SCOPE = ("Project", "Episode", "Sequence", "Shot", "Asset", "Task", "Version", "Note")
FOLDER_ATTRIBUTES = (
    ("priority", "string"),
    ("fps", "float"),
    ("resolutionWidth", "integer"),
    ("resolutionHeight", "integer"),
    ("pixelAspect", "float"),
    ("clipIn", "integer"),
    ("clipOut", "integer"),
    ("frameStart", "integer"),
    ("frameEnd", "integer"),
    ("handleStart", "integer"),
    ("handleEnd", "integer"),
    ("startDate", "datetime"),
    ("endDate", "datetime"),
    ("description", "string"),
)


def default_attribs_map() -> list["AttributeMapping"]:
    return [
        AttributeMapping(
            ayon=name,
            type=kind,
            sg="",
            # ShotGrid's Project start date is usually not editable.
            scope=[t for t in ATTRIB_MAP_SCOPE if not (name == "startDate" and t == "Project")],
        )
        for name, kind in FOLDER_ATTRIBUTES
    ]


class AttributeMapping(_PassThrough):
    _layout = "compact"
    ayon: StrictStr = SettingsField("", title="AYON attribute")
    type: StrictStr = SettingsField("string", title="Attribute type", disabled=True)
    sg: StrictStr = SettingsField("", title="ShotGrid field (without sg_)")
    scope: list[StrictStr] = SettingsField(
        default_factory=list,
        title="ShotGrid entity types",
        enum_resolver=entity_types_enum,
    )


class CompatibilitySettings(_PassThrough):
    default_task_type: StrictStr = SettingsField(
        "Generic",
        title="Default task type",
        description="AYON task type for ShotGrid tasks without a pipeline step.",
        enum_resolver=task_types_enum,
    )
    shotgrid_enabled_entities: list[StrictStr] = SettingsField(
        default_factory=lambda: list(DEFAULT_ENABLED_ENTITIES),
        title="Synchronized ShotGrid entity types",
        enum_resolver=entity_types_enum,
    )
    folder_parenting: FolderParenting = SettingsField(
        default_factory=FolderParenting,
        title="Folder re-parenting",
        description="Root relocation or type grouping of synced folders (the Python addon's presets).",
    )
    custom_attribs_map: list[AttributeMapping] = SettingsField(
        default_factory=default_attribs_map,
        title="Attributes map",
        description=(
            "AYON attribute <> ShotGrid field (without the 'sg_' prefix). Rows without a ShotGrid field are "
            "not synced. Scope: the ShotGrid entity types the row applies to."
        ),
    )

    @validator("custom_attribs_map")
    def _no_duplicates(cls, value: list[AttributeMapping]) -> list[AttributeMapping]:
        seen_sg: set[str] = set()
        seen_ayon: set[str] = set()
        for row in value:
            if row.sg and row.sg in seen_sg:
                raise ValueError(f"Duplicate mapped SG field: {row.sg}")
            if row.ayon and row.ayon in seen_ayon:
                raise ValueError(f"Duplicate mapped AYON attribute: {row.ayon}")
            if row.sg:
                seen_sg.add(row.sg)
            if row.ayon:
                seen_ayon.add(row.ayon)
        return value

    @validator("default_task_type")
    def _task_type_named(cls, value: str) -> str:
        if not value:
            raise ValueError("must name a task type")
        return value

    @validator("shotgrid_enabled_entities")
    def _known_entity_types(cls, value: list[str]) -> list[str]:
        unknown = [item for item in value if item not in ENTITY_TYPES]
        if unknown:
            raise ValueError(
                f"unknown entity type(s) {', '.join(unknown)}; allowed: {', '.join(ENTITY_TYPES)}"
            )
        return value


class SyncSettings(_PassThrough):
    rename_policy: StrictStr = SettingsField(
        "label_and_name_if_unpublished",
        title="When a ShotGrid entity is renamed",
        enum_resolver=rename_policies_enum,
    )
    leecher_settle_seconds: Seconds = SettingsField(
        30,
        title="Event-log gap settle time (seconds)",
        description="How long the leecher waits for a missing ShotGrid event id before moving past it.",
    )
    reconcile_time: StrictStr = SettingsField(
        "03:00",
        title="Scheduled reconcile (HH:MM UTC, or off)",
        description=(
            "Once a day at this time (UTC) every linked project gets a full sync that writes only what differs,"
            " and lost renames and retirements are applied as live updates would have applied them, mending"
            " whatever a lost event left behind; 'off' disables it. Can be set per project."
        ),
    )

    @validator("reconcile_time")
    def _time_of_day_or_off(cls, value: str) -> str:
        if not RECONCILE_TIME_RE.fullmatch(value):
            raise ValueError('must be "off" or a time of day HH:MM (UTC, 24-hour), e.g. "03:00"')
        return value

    @validator("rename_policy")
    def _known_policy(cls, value: str) -> str:
        allowed = [item["value"] for item in RENAME_POLICIES]
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value


class NotificationSettings(_PassThrough):
    ayon_inbox: bool = SettingsField(
        False,
        title="Notify the project's managers in AYON",
        description="A job that failed for good posts a comment mentioning the project's managers (their inbox).",
    )
    shotgrid_note: bool = SettingsField(
        False,
        title="Create a ShotGrid Note",
        description="A job that failed for good creates a Note on the ShotGrid entity concerned.",
    )
    window_minutes: int = SettingsField(
        15,
        title="Summary window (minutes)",
        description="Further failures of a project within this time after a notification make one summary.",
    )

    @validator("window_minutes")
    def _at_least_one_minute(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1 minute")
        return value


class ShotgridSettings(_PassThrough):
    """ShotGrid Sync (ayon-sg) studio settings."""

    shotgrid_server: StrictStr = SettingsField(
        "",
        title="ShotGrid URL",
        description="The site's address, e.g. https://studio.shotgrid.autodesk.com",
        example="https://studio.shotgrid.autodesk.com",
    )
    shotgrid_project_code_field: StrictStr = SettingsField(
        "code",
        title="ShotGrid field holding the AYON project code",
    )
    anatomy_preset: StrictStr = SettingsField(
        "_",
        title="Anatomy preset for imported projects",
        enum_resolver=anatomy_presets_enum,
    )
    service_settings: ServiceSettings = SettingsField(
        default_factory=ServiceSettings,
        title="Service settings",
    )
    compatibility_settings: CompatibilitySettings = SettingsField(
        default_factory=CompatibilitySettings,
        title="Compatibility settings",
    )
    sync_settings: SyncSettings = SettingsField(
        default_factory=SyncSettings,
        title="Sync settings",
    )
    notification_settings: NotificationSettings = SettingsField(
        default_factory=NotificationSettings,
        title="Failure notifications",
        description="Can be set per project.",
    )

    @validator("shotgrid_project_code_field")
    def _code_field_named(cls, value: str) -> str:
        if not value:
            raise ValueError("must name a ShotGrid Project field")
        return value

    @validator("shotgrid_server")
    def _http_url(cls, value: str) -> str:
        if value and not _is_http_url(value):
            raise ValueError("must be an http:// or https:// URL, e.g. https://studio.shotgrid.autodesk.com")
        return value
