"""CurrentUser: in the real server `Annotated[UserEntity, Depends(dep_current_user)]`, which answers 401
before the handler runs when the request carries no valid token or key. Here the token table is a dict the
tests fill, and tests/endpoint_client.py resolves the dependency the same way."""

from dataclasses import dataclass
from typing import Annotated

from ayon_server.exceptions import UnauthorizedException


@dataclass
class UserEntity:
    name: str
    is_admin: bool = False
    is_manager: bool = False
    is_service: bool = False

    def __post_init__(self) -> None:
        # Admins and services count as managers on a real server (ayon-backend ayon_server/entities/user.py is_manager).
        self.is_manager = self.is_manager or self.is_admin or self.is_service


CURRENT_USER_MARKER = "ayon_server.api.dependencies.dep_current_user"
CurrentUser = Annotated[UserEntity, CURRENT_USER_MARKER]

# token → user; tests register sessions here.
SESSIONS: dict[str, UserEntity] = {}


def dep_current_user(authorization: str | None) -> UserEntity:
    if not authorization:
        raise UnauthorizedException("Access token is missing")
    token = authorization.removeprefix("Bearer ").strip()
    user = SESSIONS.get(token)
    if user is None:
        raise UnauthorizedException("Invalid access token")
    return user
