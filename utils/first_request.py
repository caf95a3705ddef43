"""Deep links and the first visitor on a freshly started server.

Streamlit decides once per process whether the app uses the legacy `pages/` folder: while no session has
run app.py yet, the first request is served in legacy mode. Two things follow, and both are handled here:

- Legacy mode looks for `pages/<url_path>.py` and shows "Page not found" for any other deep link. Each page
  therefore has a one-line stand-in at `pages/<url_path>.py` that runs app.py; app.py's st.navigation then
  takes over and opens the real page (`pages/<group>/<name>.py`) with the shared filters.
- Legacy mode runs app.py (or a stand-in) as a *page*, so the sidebar widgets of that first run would carry
  a page's identity and be lost on the next run, where app.py runs as the main script: the first visitor's
  first filter change would be dropped. app.py calls `keep_main_identity()` first to prevent that.

Later requests never touch the stand-ins, and `keep_main_identity()` changes nothing for them.
"""

from __future__ import annotations

import runpy
from pathlib import Path

from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

APP = Path(__file__).resolve().parents[1] / "app.py"

STAND_IN = '"""Stand-in for the first request to a fresh server: runs the app frame (see utils/first_request.py)."""\n' \
    "from utils.first_request import run_app\n\nrun_app()\n"


def keep_main_identity() -> None:
    """Give what app.py creates the main script's identity, as it has on every run after the first."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        ThreadState.update(active_script_hash=ctx.pages_manager.main_script_hash)


def run_app() -> None:
    runpy.run_path(str(APP), run_name="__main__")
