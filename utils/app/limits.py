"""What a visitor's browser sends that the server cuts, said out loud instead of silently.

Streamlit reads no query parameter at all when the query string has more than 1 000 fields or more than 512 Ki
characters (its limits for client input): the filters would silently reset while the address still names them.
The browser also sends its full address (st.context.url), so the cut can be seen and named.

Also here: a widget value of the wrong type leaves one line in the server log, not a traceback (imported by
utils/app/data.py, which every page imports first).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import streamlit as st

QUERY_MAX_FIELDS = 1000  # Streamlit's own limits for a client's query string (1.67)
QUERY_MAX_CHARS = 512 * 1024


def query_was_dropped(url: str | None, params_seen: int) -> bool:
    """True when the address `url` carries a query string over Streamlit's limits and no parameter reached the
    app (`params_seen` is how many st.query_params holds)."""
    query = urlsplit(url or "").query
    if not query or params_seen:
        return False
    return query.count("&") + 1 > QUERY_MAX_FIELDS or len(query) > QUERY_MAX_CHARS


def query_notice(lang: str) -> None:
    """A notice when this run's address had its whole query string dropped."""
    from utils.core import i18n
    from utils.core.fi_numbers import format_number

    if query_was_dropped(st.context.url, len(st.query_params)):
        st.warning(i18n.t(lang, "limits.query_dropped", limit=format_number(QUERY_MAX_FIELDS, 0, lang)))


# ------------------------------------------------------------------ the server log: no traceback for a bad value
class _WidgetValueFilter(logging.Filter):
    """A client can send a widget a value of another type than the widget takes (an int for a text input, text for
    a multiselect): Streamlit fails to read it before the page script runs and logs the traceback of its own code.
    Such a run shows the sender (and only the sender) an error; the log keeps one line saying what was ignored."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _from_widget_deserializer(record.exc_info[2]):
            error = record.exc_info[1]
            record.msg = "a client sent a widget value of the wrong type or shape; its run ended (%s: %s)"
            record.args = (type(error).__name__, str(error)[:120])
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _from_widget_deserializer(tb) -> bool:
    """True when a traceback runs from Streamlit's session state into a widget's deserializer: the value the
    client sent could not be read as the widget's type."""
    in_state, seen = False, 0
    while tb is not None and seen < 200:
        code = tb.tb_frame.f_code
        path = code.co_filename.replace("\\", "/")
        if path.endswith("streamlit/runtime/state/session_state.py"):
            in_state = True
        elif in_state and "/streamlit/elements/" in path and "deserial" in code.co_name:
            return True
        tb, seen = tb.tb_next, seen + 1
    return False


def install_log_filters() -> None:
    target = logging.getLogger("streamlit.error_util")  # logs "Uncaught app execution"
    if not any(isinstance(f, _WidgetValueFilter) for f in target.filters):
        target.addFilter(_WidgetValueFilter())


install_log_filters()
