"""The Nu HTML checker (npm ``vnu-jar``, run with Java) over all built pages in one JVM."""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Messages we accept: (regular expression matching the whole message, reason). None are
# needed today: the theme's own markup validates once our templates fix it. Add one only with a
# reason, match it narrowly, and never for markup that this project writes.
ACCEPTED: tuple[tuple[str, str], ...] = ()


def accepted(message: dict) -> bool:
    return any(re.fullmatch(pattern, message.get("message", "")) for pattern, _ in ACCEPTED)


def check(jar: Path, files: list[Path]) -> dict[Path, list[str]]:
    """Errors per file (readable lines), after :data:`ACCEPTED` is applied."""
    done = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--exit-zero-always", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, check=True, timeout=300)
    report = json.loads(done.stderr)
    errors: dict[Path, list[str]] = defaultdict(list)
    for message in report["messages"]:
        if accepted(message):
            continue
        file = Path(unquote(urlsplit(message.get("url", "")).path))
        line = message.get("lastLine", "?")
        extract = message.get("extract", "").strip()
        errors[file].append(f"line {line}: {message['message']}\n    {extract}")
    return errors
