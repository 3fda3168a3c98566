"""Postgres records every statement with its arguments; `fetch` answers from rows the test queued with
`Postgres.queue_rows(...)` (first queued answer first; no answer queued → no rows)."""

from typing import Any


class Postgres:
    calls: list[tuple[str, str, tuple[Any, ...]]] = []
    _answers: list[list[dict[str, Any]]] = []

    @classmethod
    def reset(cls) -> None:
        cls.calls = []
        cls._answers = []

    @classmethod
    def queue_rows(cls, rows: list[dict[str, Any]]) -> None:
        cls._answers.append(rows)

    @classmethod
    async def fetch(cls, query: str, *args: Any) -> list[dict[str, Any]]:
        cls.calls.append(("fetch", query, args))
        return cls._answers.pop(0) if cls._answers else []

    @classmethod
    async def execute(cls, query: str, *args: Any) -> str:
        cls.calls.append(("execute", query, args))
        return "INSERT 0 1"
