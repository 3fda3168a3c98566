"""BaseSettingsModel and SettingsField as in ayon_server 1.x on pydantic 1: AYON-specific field options
(enum_resolver, section, widget, scope, ...) travel in the field's extra schema data."""

from typing import Any

from pydantic import BaseModel, Field


class BaseSettingsModel(BaseModel):
    class Config:
        underscore_attrs_are_private = True
        allow_population_by_field_name = True


_PYDANTIC_FIELD_ARGS = {
    "default_factory", "alias", "title", "description", "gt", "ge", "lt", "le", "multiple_of",
    "min_items", "max_items", "unique_items", "min_length", "max_length", "regex", "example",
}


def SettingsField(default: Any = ..., **kwargs: Any) -> Any:
    pydantic_args = {key: value for key, value in kwargs.items() if key in _PYDANTIC_FIELD_ARGS}
    extra = {key: value for key, value in kwargs.items() if key not in _PYDANTIC_FIELD_ARGS}
    if "default_factory" in pydantic_args:
        return Field(**pydantic_args, **extra)
    return Field(default, **pydantic_args, **extra)
