"""A browser tab's pages: opened at a width and colour scheme, their console errors kept."""

from __future__ import annotations


def console_error(message) -> str:
    """A console error, unless it is a picture on another host that this offline machine
    cannot fetch (posts' pictures live on the live site)."""
    where = (message.location or {}).get("url", "")
    if message.text.startswith("Failed to load resource") and where and \
            not where.startswith("http://127.0.0.1"):
        return ""
    return f"{message.text} ({where})"


def open_page(tab, url: str, *, width: int = 1280, scheme: str = "light",
              forced_colors: str = "none"):
    tab.set_viewport_size({"width": width, "height": 900})
    tab.emulate_media(color_scheme=scheme, forced_colors=forced_colors)
    tab.js_errors.clear()
    response = tab.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return tab
