"""utils/core/device.py: a phone's browser is told from its request headers (no server needed)."""

import pytest

from benchmarks.browser import PHONE_USER_AGENT
from utils.core.device import is_phone

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
ANDROID_FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
DESKTOP_CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                  "Safari/537.36")
IPAD = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
        "Safari/605.1.15")  # an iPad asks for the desktop site by default


@pytest.mark.parametrize(("headers", "phone"), [
    ({"User-Agent": PHONE_USER_AGENT}, True),
    ({"User-Agent": IPHONE}, True),
    ({"user-agent": ANDROID_FIREFOX}, True),
    ({"User-Agent": DESKTOP_CHROME}, False),
    ({"User-Agent": IPAD}, False),
    ({}, False),
    # the client hint, where sent, decides: a phone asking for the desktop site, a desktop browser
    ({"User-Agent": DESKTOP_CHROME, "Sec-CH-UA-Mobile": "?1"}, True),
    ({"User-Agent": PHONE_USER_AGENT, "sec-ch-ua-mobile": "?0"}, False),
    # a hint that is neither value is ignored
    ({"User-Agent": PHONE_USER_AGENT, "Sec-CH-UA-Mobile": "yes"}, True),
])
def test_a_phone_is_told_by_its_client_hint_or_user_agent(headers, phone):
    assert is_phone(headers) is phone
