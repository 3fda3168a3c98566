"""AYON's name pattern (NAME_REGEX in ayon-backend ayon_server/types.py), for the settings' name checks."""

import math
import re

NAME_RE = re.compile(r"^[a-zA-Z0-9_]([a-zA-Z0-9_.\-]*[a-zA-Z0-9_])?$")

# A value with the look of a key rather than a name someone chose (the same rule as the runtime's
# packages/core/src/util/secret-name.ts): the value or a part of it between separators is 32 or more hexadecimal
# characters, or 20 or more characters without a separator that mix letters and digits and are as varied as random
# text (more than 3.5 bits per character).
HEX_RUN_RE = re.compile(r"^[0-9a-fA-F]{32,}$")


def _entropy_per_char(value: str) -> float:
    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    return -sum((n / len(value)) * math.log2(n / len(value)) for n in counts.values())


def _random_looking(part: str) -> bool:
    if len(part) < 20 or re.search(r"[_.\-]", part):
        return False
    has_letter = re.search(r"[a-zA-Z]", part) is not None
    has_digit = re.search(r"[0-9]", part) is not None
    return has_letter and has_digit and _entropy_per_char(part) > 3.5


def looks_like_key(value: str) -> bool:
    parts = [value, *re.split(r"[_.\-]", value)]
    return any(HEX_RUN_RE.match(part) or _random_looking(part) for part in parts)
