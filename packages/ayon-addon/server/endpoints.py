"""Thin REST endpoints for scripting: each turns a request into the same `shotgrid.event` the settings page
dispatches, so the ayon-sg runtime handles it like any other request (and mirrors its state into the reply
event `ayonsg.reply.<requestId>`).

Mounted at /api/addons/shotgrid/<version>/... Every endpoint needs a logged-in manager
(ayon-backend ayon_server/api/lifespan.py mounts addon endpoints as they are:
an endpoint without the CurrentUser dependency would be public) and validates its input with pydantic;
AYON answers a failed body validation with 400.
"""

import re
import uuid

from pydantic import BaseModel, Field, StrictBool, conint

from ayon_server.api.dependencies import CurrentUser
from ayon_server.events import EventStream
from ayon_server.exceptions import BadRequestException, ConflictException, ForbiddenException
from ayon_server.lib.postgres import Postgres

# AYON's project name and code rules (ayon-backend ayon_server/types.py); the settings page checks the same.
PROJECT_NAME_PATTERN = r"^[a-zA-Z0-9_]+$"
PROJECT_CODE_PATTERN = r"^[a-zA-Z0-9_]*$"
EVENT_TOPIC = "shotgrid.event"


class ImportProjectRequest(BaseModel):
    sg_project_id: conint(strict=True, gt=0) = Field(..., description="Id of the ShotGrid project")
    project_name: str = Field(..., regex=PROJECT_NAME_PATTERN, description="Name of the new AYON project")
    project_code: str = Field(..., regex=PROJECT_CODE_PATTERN, description="Code of the new AYON project")
    adopt: StrictBool = Field(
        False,
        description="Take over the AYON project of that name if it exists already (otherwise such a request is refused)",
    )


class RequestAccepted(BaseModel):
    eventId: str
    requestId: str


def _require_manager(user: CurrentUser, what: str) -> None:
    if not user.is_manager:
        raise ForbiddenException(f"Only managers can {what}")


def _new_request_id() -> str:
    return uuid.uuid4().hex


async def import_project(user: CurrentUser, request: ImportProjectRequest) -> RequestAccepted:
    """Create an AYON project from a ShotGrid project (the runtime's `create-project` action)."""
    _require_manager(user, "import ShotGrid projects")
    if not request.adopt and await _project_exists(request.project_name):
        raise ConflictException(
            f"The AYON project {request.project_name} already exists: importing into it would take it over; "
            "send adopt: true to do that on purpose"
        )
    request_id = _new_request_id()
    event_id = await EventStream.dispatch(
        EVENT_TOPIC,
        project=request.project_name,
        user=user.name,
        description=f"Import ShotGrid project {request.sg_project_id} as {request.project_name}",
        payload={
            "action": "create-project",
            "project_name": request.project_name,
            "project_code": request.project_code,
            "sg_project_id": request.sg_project_id,
            "user_name": user.name,
            "requestId": request_id,
            **({"adopt": True} if request.adopt else {}),
        },
        finished=True,
    )
    return RequestAccepted(eventId=event_id, requestId=request_id)


async def _project_exists(name: str) -> bool:
    # AYON keeps one row per project in public.projects (ayon-backend ayon_server/entities/project.py); names
    # differ by more than case (its schema names are lower case), so the comparison ignores case.
    rows = await Postgres.fetch("SELECT name FROM public.projects WHERE lower(name) = lower($1)", name)
    return len(rows) > 0


async def sync_project(user: CurrentUser, project_name: str) -> RequestAccepted:
    """Run a full ShotGrid → AYON sync of one project (the runtime's `sync-from-shotgrid` action)."""
    _require_manager(user, "sync projects from ShotGrid")
    if not re.match(PROJECT_NAME_PATTERN, project_name):
        raise BadRequestException("Invalid project name: use letters, digits and underscores only")
    request_id = _new_request_id()
    event_id = await EventStream.dispatch(
        EVENT_TOPIC,
        project=project_name,
        user=user.name,
        description=f"Sync {project_name} from ShotGrid",
        payload={
            "action": "sync-from-shotgrid",
            "project_name": project_name,
            "user_name": user.name,
            "requestId": request_id,
        },
        finished=True,
    )
    return RequestAccepted(eventId=event_id, requestId=request_id)
