"""compatibility_settings.folder_parenting: the Python addon's saved presets load unchanged, and the rules of
packages/shotgrid/src/settings-folder-parenting.ts are enforced here too."""

import pytest
from pydantic import ValidationError

from server.settings import ShotgridSettings

# As the Python ayon-shotgrid addon (0.6.19) stores them.
SAVED = {
    "root_relocate": {"enabled": False, "presets": []},
    "type_grouping": {
        "enabled": True,
        "presets": [
            {"filter_by_sg_entity_type": "Shot", "parents": [{"folder_type": "Folder", "folder_name": "shots"}]},
            {
                "filter_by_sg_entity_type": "Asset",
                "parents": [
                    {"folder_type": "Folder", "folder_name": "library"},
                    {"folder_type": "Folder", "folder_name": "assets"},
                ],
            },
        ],
    },
}


def parse(folder_parenting):
    return ShotgridSettings(compatibility_settings={"folder_parenting": folder_parenting})


def test_a_python_addon_preset_round_trips():
    assert parse(SAVED).dict()["compatibility_settings"]["folder_parenting"] == SAVED


def test_defaults_are_the_python_addons():
    parsed = parse({"root_relocate": {"enabled": True, "presets": [{"parents": [{}]}]}}).dict()
    assert parsed["compatibility_settings"]["folder_parenting"] == {
        "root_relocate": {
            "enabled": True,
            "presets": [{"filter_by_sg_entity_type": "Asset", "parents": [{"folder_type": "asset", "folder_name": "assets"}]}],
        },
        "type_grouping": {"enabled": False, "presets": []},
    }


def test_both_modes_on_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        parse({"root_relocate": {"enabled": True}, "type_grouping": {"enabled": True}})
    locations = [error["loc"] for error in excinfo.value.errors()]
    assert locations == [("compatibility_settings", "folder_parenting", "type_grouping")]


@pytest.mark.parametrize(
    "value, location",
    [
        ({"type_grouping": {"presets": [{"filter_by_sg_entity_type": "Task"}]}}, "filter_by_sg_entity_type"),
        ({"type_grouping": {"presets": [{"parents": [{"folder_name": "my shots"}]}]}}, "folder_name"),
        ({"root_relocate": {"presets": [{"parents": [{"folder_type": ""}]}]}}, "folder_type"),
        ({"root_relocate": {"enabled": "yes"}}, "enabled"),
    ],
)
def test_refuses_bad_values(value, location):
    with pytest.raises(ValidationError) as excinfo:
        parse(value)
    assert excinfo.value.errors()[0]["loc"][-1] == location
