"""Calls the addon's endpoints the way AYON's FastAPI app does, without FastAPI: match the route the addon
registered with add_endpoint, resolve the CurrentUser dependency from the bearer token first (401), then
path parameters and the pydantic body (a validation error is 400 on AYON, not 422), then map AyonException
to its status and the {code, detail} body."""

import asyncio
import inspect
import re
import typing
import urllib.parse
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ayon_server.api.dependencies import CURRENT_USER_MARKER, dep_current_user
from ayon_server.exceptions import AyonException


@dataclass
class Response:
    status: int
    body: Any


def _route_regex(path: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", path)
    pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
    return re.compile(f"^{pattern}$")


def _is_current_user(hint: Any) -> bool:
    return typing.get_origin(hint) is typing.Annotated and CURRENT_USER_MARKER in hint.__metadata__


class EndpointClient:
    def __init__(self, addon: Any) -> None:
        self.addon = addon

    def post(self, path: str, *, json: Any = None, token: str | None = None) -> Response:
        return asyncio.run(self._call("POST", path, json, token))

    async def _call(self, method: str, path: str, body: Any, token: str | None) -> Response:
        for endpoint in self.addon.endpoints:
            match = _route_regex(endpoint["path"]).match(path)
            if match and endpoint["method"] == method:
                break
        else:
            return Response(404, {"code": 404, "detail": f"API endpoint {path} not found"})

        handler = endpoint["handler"]
        hints = typing.get_type_hints(handler, include_extras=True)
        params = {name: urllib.parse.unquote(value) for name, value in match.groupdict().items()}
        try:
            kwargs: dict[str, Any] = {}
            for name in inspect.signature(handler).parameters:
                if _is_current_user(hints.get(name)):
                    kwargs[name] = dep_current_user(f"Bearer {token}" if token else None)
            for name in inspect.signature(handler).parameters:
                hint = hints.get(name)
                if name in kwargs:
                    continue
                if name in params:
                    kwargs[name] = params[name]
                elif inspect.isclass(hint) and issubclass(hint, BaseModel):
                    kwargs[name] = hint.parse_obj(body)
            result = await handler(**kwargs)
        except ValidationError as error:
            detail = f"Request validation error in [{method}] {path}"
            return Response(400, {"code": 400, "detail": detail, "errors": error.errors()})
        except AyonException as error:
            return Response(error.status, {"code": error.status, "detail": error.detail})
        return Response(200, result.dict() if isinstance(result, BaseModel) else result)
