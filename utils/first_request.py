"""Deep links on a freshly started server.

Streamlit decides once per process whether the app uses the legacy `pages/` folder: while no session has
run app.py yet, the first request is served in legacy mode, which looks for `pages/<url_path>.py` and
shows "Page not found" for any other deep link. Each page therefore has a one-line stand-in at
`pages/<url_path>.py` that runs app.py; app.py's st.navigation then takes over and opens the real page
(`pages/<group>/<name>.py`) with the shared filters. Later requests never touch the stand-ins.
"""

from __future__ import annotations

import runpy
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"

STAND_IN = '"""Stand-in for the first request to a fresh server: runs the app frame (see utils/first_request.py)."""\n' \
    "from utils.first_request import run_app\n\nrun_app()\n"


def run_app() -> None:
    runpy.run_path(str(APP), run_name="__main__")
