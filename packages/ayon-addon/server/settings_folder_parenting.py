"""compatibility_settings.folder_parenting: root relocation and type grouping presets.

Same keys, defaults and enums as the Python ayon-shotgrid addon's FolderReparentingModel (0.6.19,
server/settings/main.py), so a studio's saved settings carry over. Mirrors
packages/shotgrid/src/settings-folder-parenting.ts: both modes on at once is refused here (the Python
services raise at run time), a folder name must be a valid AYON name.
"""

from pydantic import StrictBool, StrictStr, validator

from ayon_server.settings import BaseSettingsModel, SettingsField
from ayon_server.settings.enum import folder_types_enum

from .naming import NAME_RE

# The ShotGrid types a preset may name (the Python addon's default_shotgrid_reparenting_entities).
REPARENTING_ENTITY_TYPES = ("Episode", "Sequence", "Shot", "Asset")


def reparenting_entities_enum() -> list[str]:
    return list(REPARENTING_ENTITY_TYPES)


class FolderParentingParent(BaseSettingsModel):
    folder_type: StrictStr = SettingsField(
        "asset",
        title="Parent AYON folder type",
        enum_resolver=folder_types_enum,
        description="Folder type of this parent folder in AYON.",
    )
    folder_name: StrictStr = SettingsField(
        "assets",
        title="Parent AYON folder name",
        description="Name of this parent folder in AYON, used as given.",
    )

    @validator("folder_type")
    def _type_named(cls, value: str) -> str:
        if not value:
            raise ValueError("must name an AYON folder type")
        return value

    @validator("folder_name")
    def _valid_name(cls, value: str) -> str:
        if not NAME_RE.match(value):
            raise ValueError("must be a valid AYON folder name (letters, digits, '_', '.', '-')")
        return value


class FolderParentingPreset(BaseSettingsModel):
    filter_by_sg_entity_type: StrictStr = SettingsField(
        "Asset",
        title="ShotGrid entity type",
        enum_resolver=reparenting_entities_enum,
        description="The ShotGrid type this preset places.",
    )
    parents: list[FolderParentingParent] = SettingsField(
        default_factory=list,
        title="Parents",
        description=(
            "AYON folders, top-down from the project root, that entities of this type go under. "
            "Empty: the default placement."
        ),
    )

    @validator("filter_by_sg_entity_type")
    def _known_type(cls, value: str) -> str:
        if value not in REPARENTING_ENTITY_TYPES:
            raise ValueError(f"must be one of {', '.join(REPARENTING_ENTITY_TYPES)}")
        return value


class FolderParentingMode(BaseSettingsModel):
    enabled: StrictBool = SettingsField(False, title="Enabled")
    presets: list[FolderParentingPreset] = SettingsField(default_factory=list, title="Presets")


class FolderParenting(BaseSettingsModel):
    """Where synced folders go in AYON instead of under their ShotGrid parent. Changing it on a synced
    project moves nothing already synced (see packages/shotgrid/README.md)."""

    root_relocate: FolderParentingMode = SettingsField(
        default_factory=FolderParentingMode,
        title="Root relocation",
    )
    type_grouping: FolderParentingMode = SettingsField(
        default_factory=FolderParentingMode,
        title="Type grouping",
    )

    @validator("type_grouping")
    def _one_mode(cls, value: FolderParentingMode, values: dict) -> FolderParentingMode:
        relocate = values.get("root_relocate")
        if value.enabled and relocate is not None and relocate.enabled:
            raise ValueError("root relocation and type grouping cannot both be enabled; disable one")
        return value
