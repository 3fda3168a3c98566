"""EventStream.dispatch records each event instead of writing it to Postgres and Redis."""

import uuid
from typing import Any


class EventStream:
    dispatched: list[dict[str, Any]] = []

    @classmethod
    async def dispatch(
        cls,
        topic: str,
        *,
        sender: str | None = None,
        hash: str | None = None,
        project: str | None = None,
        user: str | None = None,
        depends_on: str | None = None,
        description: str | None = None,
        summary: dict | None = None,
        payload: dict | None = None,
        finished: bool = True,
        store: bool = True,
        recipients: list[str] | None = None,
    ) -> str:
        event_id = uuid.uuid1().hex
        cls.dispatched.append(
            {
                "id": event_id,
                "topic": topic,
                "sender": sender,
                "hash": hash or event_id,
                "project": project,
                "user": user,
                "depends_on": depends_on,
                "description": description or "",
                "summary": summary or {},
                "payload": payload or {},
                "status": "finished" if finished else "pending",
                "store": store,
            }
        )
        return event_id
