"""Enum resolvers the settings UI calls for dropdowns. SECRET_NAMES / TASK_TYPES stand for the database."""

SECRET_NAMES: list[str] = []
TASK_TYPES: list[str] = ["Generic", "Animation", "Compositing", "Modeling"]


async def secrets_enum(project_name: str | None = None) -> list[str]:
    return list(SECRET_NAMES)


async def task_types_enum(project_name: str | None = None) -> list[str]:
    return list(TASK_TYPES)


FOLDER_TYPES: list[str] = ["Folder", "Asset", "Shot", "Sequence", "Episode", "AssetCategory"]


async def folder_types_enum(project_name: str | None = None) -> list[str]:
    return list(FOLDER_TYPES)
