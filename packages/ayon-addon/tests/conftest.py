"""Puts the ayon_server stand-in and the addon root on the import path, and resets the stand-in's recorded
state before each test."""

import pathlib
import sys

ADDON_ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ADDON_ROOT / "tests" / "stubs"), str(ADDON_ROOT)]

import pytest  # noqa: E402

from ayon_server.api.dependencies import SESSIONS, UserEntity  # noqa: E402
from ayon_server.events import EventStream  # noqa: E402
from ayon_server.lib.postgres import Postgres  # noqa: E402
from ayon_server.settings import enum as settings_enum  # noqa: E402


@pytest.fixture(autouse=True)
def clean_host():
    Postgres.reset()
    EventStream.dispatched.clear()
    SESSIONS.clear()
    settings_enum.SECRET_NAMES.clear()
    yield


@pytest.fixture
def sessions():
    """Tokens of an admin, a manager, a service user and an artist (a plain user)."""
    users = {
        "admin": UserEntity(name="admin", is_admin=True),
        "manager": UserEntity(name="manager", is_manager=True),
        "service": UserEntity(name="service", is_service=True),
        "artist": UserEntity(name="artist"),
    }
    tokens = {}
    for role, user in users.items():
        token = f"{role:0<64}"[:64]
        SESSIONS[token] = user
        tokens[role] = token
    return tokens
