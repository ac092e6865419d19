"""How people write yes and no, read one way everywhere: in front matter (``published: on``,
``archive: yes``) and in the environment (``CI=true``). A leaf module."""

from __future__ import annotations

YES = frozenset({"true", "yes", "y", "on", "1"})
NO = frozenset({"false", "no", "n", "off", "0"})


def yes_or_no(value) -> bool | None:
    """``True`` or ``False`` for a clear yes or no (a boolean, 0 or 1, or one of the words
    above in any case, spaces around it ignored); ``None`` for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and (word := value.strip().lower()) in YES | NO:
        return word in YES
    return None
