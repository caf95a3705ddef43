"""rerun_ms: the page script's own time per rerun with warm caches, measured with AppTest in this process.

Each page is opened and run twice (caches warm), then timed over `runs` reruns of two kinds:
- `rerun`: a plain rerun (what any widget interaction that changes nothing on the page costs);
- `rerun_filter`: a rerun after the area filter changed (VAKA on, VAKA off): the page's real work per change.
AppTest's own overhead is included; the floor page, run the same way, shows how much that is.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.procs import ROOT
from benchmarks.stats import summary


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _opened(path: str | None):
    """The page `path` (None: the overview, app.py) opened as a deep link is served, then run once more: warm caches."""
    from tests.apptest_helpers import new_session  # the tests' one way to open a page as a deep link

    at = new_session(path or "app.py").run()
    at.run()
    return at


def page_reruns(path: str | None, runs: int) -> dict:
    at = _opened(path)
    if at.exception:
        raise RuntimeError(f"{path}: {[e.value for e in at.exception]}")
    plain = [_timed(at.run) for _ in range(runs)]
    area = at.multiselect(key="f_area")
    changed = []
    for i in range(runs):
        area.set_value(["VAKA"] if i % 2 == 0 else [])
        changed.append(_timed(at.run))
        area = at.multiselect(key="f_area")
    return {"rerun": summary(plain), "rerun_filter": summary(changed)}


def floor_reruns(runs: int) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).with_name("floor_app.py")), default_timeout=60)
    at.run()
    at.run()
    plain = [_timed(at.run) for _ in range(runs)]
    changed = []
    for i in range(runs):
        at.selectbox[0].set_value("B" if i % 2 == 0 else "A")
        changed.append(_timed(at.run))
    return {"rerun": summary(plain), "rerun_filter": summary(changed)}


# ------------------------------------------------------------------ where a rerun's time goes
CATEGORIES = (  # first match of the innermost frame's file wins
    ("polars (queries)", ("/polars/",)),
    ("altair (building and validating charts)", ("/altair/", "/jsonschema/", "/narwhals/")),
    ("pandas Styler (formatted tables)", ("pandas_styler_utils", "/pandas/io/formats/")),
    ("pandas / pyarrow (conversions)", ("/pandas/", "/pyarrow/", "/numpy/")),
    ("streamlit (elements, messages)", ("/streamlit/",)),
    ("the app's own code", ("/utils/", "/pages/", "app.py")),
)


def _category(filename: str) -> str:
    for name, needles in CATEGORIES:
        if any(n in filename for n in needles):
            return name
    return "other (standard library, waiting)"


def profile_reruns(path: str | None, runs: int = 20, interval_s: float = 0.001) -> dict:
    """Sample the script thread every millisecond during `runs` plain reruns; share of samples per category of
    the innermost frame (where the time is spent), and the app functions most often on the stack."""
    import collections
    import sys
    import threading

    at = _opened(path)
    me = threading.get_ident()
    leaves: collections.Counter = collections.Counter()
    app_frames: collections.Counter = collections.Counter()
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for tid, frame in sys._current_frames().items():
                if tid in (me, sampler.ident):
                    continue
                stack, f = [], frame
                while f is not None:
                    stack.append(f)
                    f = f.f_back
                if not any(str(ROOT) in s.f_code.co_filename for s in stack):
                    continue  # not a script thread
                leaves[_category(stack[0].f_code.co_filename)] += 1
                for name in {f"{Path(s.f_code.co_filename).name}:{s.f_code.co_name}" for s in stack
                             if str(ROOT) in s.f_code.co_filename and "<module>" not in s.f_code.co_name}:
                    app_frames[name] += 1
            time.sleep(interval_s)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for _ in range(runs):
        at.run()
    stop.set()
    sampler.join()
    total = sum(leaves.values()) or 1
    return {
        "samples": total,
        "by_category_pct": {k: round(v * 100 / total, 1) for k, v in leaves.most_common()},
        "app_functions_on_stack_pct": {k: round(v * 100 / total, 1) for k, v in app_frames.most_common(8)},
    }


