"""Whether a visit comes from a phone, read from the request's headers.

The server cannot see the screen's width, but a phone's browser says it is one: Chromium-based browsers send the
client hint `Sec-CH-UA-Mobile: ?1` (on secure origins), and phone browsers put "Mobi" in their User-Agent
(Safari on iPhone "Mobile/…", Chrome on Android "Mobile Safari/…"); a tablet or a phone asking for the desktop
site says neither. The app uses it to build less on a phone's first load: the sidebar (which a phone shows
collapsed) holds its menu and filters in boxes built when opened, and so do the goals page's own filters and
each level's goal cards (README, "On a phone").
"""

from __future__ import annotations

from collections.abc import Mapping

MOBILE_HINT = "sec-ch-ua-mobile"


def is_phone(headers: Mapping[str, str]) -> bool:
    """True for a phone's browser: its mobile client hint when it sends one, else "Mobi" in its User-Agent."""
    lowered = {str(key).lower(): str(value) for key, value in headers.items()}
    hint = lowered.get(MOBILE_HINT, "").strip()
    if hint in ("?1", "?0"):
        return hint == "?1"
    return "Mobi" in lowered.get("user-agent", "")
