"""AYON's name pattern (NAME_REGEX in ayon-backend ayon_server/types.py), for the settings' name checks."""

import re

NAME_RE = re.compile(r"^[a-zA-Z0-9_]([a-zA-Z0-9_.\-]*[a-zA-Z0-9_])?$")
