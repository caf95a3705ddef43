"""The data every visitor sees, downloads and cites: one verified snapshot per process, in plain module state.

read once (utils/loading.read_snapshot: every file's bytes, checked against datapackage.json and the schema, with
their sha256), then never again from disk: pages, downloads and citations all come from it. It is deliberately not
an st.cache_*: a `clear_cache` message, which any visitor's browser can send, clears those for everyone, and here it
finds nothing to clear (no cost, nothing visible changes). Everything derived from the snapshot (wide frames, the
search index, names, chart specs) is memoised beside it the same way.

A file changed on disk afterwards is noticed (one stat per file, at most once a second) and reported by
`changed_on_disk()`; the snapshot keeps being served until the process restarts. A failed load is remembered
for a few seconds, then tried again (so fixing data/ does not need a restart).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from pathlib import PurePosixPath

import polars as pl

from utils.app import limits  # noqa: F401 - installs the server log's filters (utils/app/limits.py)
from utils.core import settings
from utils.core.loading import DATA_DIR, DataError, Snapshot, read_snapshot
from utils.core.loading import changed_on_disk as _changed_on_disk
from utils.questions import contradictions as contradictions_q
from utils.questions import finance, search

RETRY_FAILED_LOAD_S = 5.0
DISK_CHECK_EVERY_S = 1.0

_lock = threading.RLock()
_snapshot: Snapshot | None = None
_failure: tuple[DataError, float] | None = None
_memo: dict = {}  # derived values of the current snapshot: key -> value
_disk = {"checked": 0.0, "changed": []}


def snapshot() -> Snapshot:
    """The verified data of this process, loaded on first use. Raises loading.DataError if the files are
    broken (then tried again after RETRY_FAILED_LOAD_S)."""
    global _snapshot, _failure
    current = _snapshot
    if current is not None:
        return current
    with _lock:
        if _snapshot is not None:
            return _snapshot
        if _failure is not None and time.monotonic() - _failure[1] < RETRY_FAILED_LOAD_S:
            raise _failure[0]
        try:
            loaded = read_snapshot(DATA_DIR)
        except DataError as error:
            _failure = (error, time.monotonic())
            raise
        _memo.clear()
        _failure = None
        _snapshot = loaded
        return loaded


def mapping() -> dict:
    """config/mapping.toml (names of areas, accounts and indicators) as settings.py read it once per process; it
    does not depend on data/, so a page can name things before the data check."""
    try:
        return settings.mapping()
    except (OSError, ValueError):
        raise DataError("config/mapping.toml", "the file cannot be read as the expected table") from None


def reload() -> None:
    """Forget the snapshot and everything derived from it: the next call reads data/ again. For tests and
    tools; nothing a visitor sends reaches it."""
    global _snapshot, _failure
    with _lock:
        _snapshot = None
        _failure = None
        _mapping_memo.clear()
        _memo.clear()
        _chart_specs.clear()
        _answers.clear()
        _disk.update(checked=0.0, changed=[])


def _derived(key, build):
    """A value derived from the snapshot, built once per snapshot."""
    snap = snapshot()
    try:
        return _memo[key]
    except KeyError:
        pass
    with _lock:
        if key not in _memo or _snapshot is not snap:
            value = build()
            if _snapshot is snap:
                _memo[key] = value
            return value
        return _memo[key]


_mapping_memo: dict = {}


def _from_mapping(key, build):
    """A value derived from the mapping alone (not from data/), built once."""
    try:
        return _mapping_memo[key]
    except KeyError:
        value = _mapping_memo[key] = build()
        return value


def changed_on_disk() -> list[str]:
    """Files (relative to data/) that changed on disk since the snapshot was read; checked at most once a second."""
    snap = snapshot()
    now = time.monotonic()
    if now - _disk["checked"] >= DISK_CHECK_EVERY_S:
        _disk["changed"] = _changed_on_disk(snap)
        _disk["checked"] = now
    return list(_disk["changed"])


# ------------------------------------------------------------------ the tables and what comes with them
def tables() -> dict[str, pl.DataFrame]:
    """Every published table, read and checked once per server process. Raises loading.DataError."""
    return snapshot().frames


def file_bytes(name: str) -> bytes:
    """A published file (name relative to data/, as exports.data_files lists it) exactly as it was read and
    checked: what the pages show, never the disk at click time."""
    return snapshot().files[name]


_MIME_TYPES = {".json": "application/json", ".txt": "text/plain"}  # every other published file is a CSV


def download_of(name: str) -> tuple[str, str]:
    """A published file's download (name relative to data/): its file name without folders and its MIME type."""
    path = PurePosixPath(name)
    return path.name, _MIME_TYPES.get(path.suffix, "text/csv")


def load_finance() -> pl.DataFrame:
    return tables()["finance"]


def finance_wide() -> pl.DataFrame:
    return _derived("finance_wide", lambda: finance.finance_wide(load_finance()))


def load_kpis() -> pl.DataFrame:
    return tables()["kpis"]


def load_goals() -> pl.DataFrame:
    return tables()["goals"]


def load_projects() -> pl.DataFrame:
    return tables()["projects"]


def load_risks() -> pl.DataFrame:
    return tables()["risks"]


def load_texts() -> pl.DataFrame:
    return tables()["texts"]


def load_checks() -> pl.DataFrame:
    return tables()["checks"]


def population() -> dict:
    """The population the document states (one row: year, population, source_line)."""
    return tables()["population"].row(0, named=True)


def service_areas() -> tuple[str, ...]:
    """The service areas' codes in the mapping's order, without the sector (ALL)."""
    return settings.service_areas()


def area_names(lang: str = "fi") -> dict[str, str]:
    return {code: spec[f"short_{lang}"] for code, spec in mapping()["areas"].items()}


def datapackage() -> dict:
    return snapshot().package


def account_names(lang: str = "fi") -> dict[str, str]:
    """Printed account label -> its name in `lang` (Finnish: as printed)."""
    return _from_mapping(("account_names", lang), lambda: {
        label: (label if lang == "fi" else spec.get(lang, label)) for label, spec in mapping()["accounts"].items()})


def raw_lines() -> list[str]:
    """The source document's lines, for showing a figure's source line on request."""
    rel = datapackage()["sources"][0]["path"]
    return _derived("raw_lines", lambda: file_bytes(rel).decode("utf-8").split("\n"))


def data_version() -> str:
    """A short, stable name for this build of the data: the first 12 hex digits of the source's sha256."""
    return datapackage()["sources"][0]["hash"].removeprefix("sha256:")[:12]


def indicator_names(lang: str = "fi") -> dict[str, str]:
    """Indicator key -> its short name in `lang`."""
    return _from_mapping(("indicator_names", lang),
                         lambda: {s["key"]: s.get(lang, s["fi"]) for s in mapping()["indicators"]})


def contradictions() -> pl.DataFrame:
    """Every contradiction of the document and the site's editorial notes (questions.contradictions), once."""
    return _derived("contradictions", lambda: contradictions_q.contradictions(tables()))


def search_index() -> pl.DataFrame:
    return _derived("search_index", lambda: search.build_index(tables()))


# ------------------------------------------------------------------ chart specs
CHART_SPECS_MAX = 1000
_chart_specs: OrderedDict[str, tuple[dict, dict]] = OrderedDict()


def _feed(h, obj) -> None:
    """Feed a chart factory's argument into a hash: frames by schema and row hashes, containers item by item."""
    if isinstance(obj, pl.DataFrame):
        h.update(b"F" + repr((obj.shape, list(obj.schema.items()))).encode())
        if obj.height:
            h.update(obj.hash_rows(seed=0).to_numpy().tobytes())
    elif isinstance(obj, pl.Series):
        h.update(b"S" + repr((obj.name, obj.dtype, len(obj))).encode())
        if len(obj):
            h.update(obj.hash(seed=0).to_numpy().tobytes())
    elif isinstance(obj, dict):
        h.update(b"D%d" % len(obj))
        for key, value in obj.items():
            _feed(h, key)
            _feed(h, value)
    elif isinstance(obj, (list, tuple)):
        h.update(b"L%d" % len(obj))
        for item in obj:
            _feed(h, item)
    else:
        h.update(b"V" + repr((type(obj).__name__, obj)).encode() + b"\x00")


def chart_spec(factory_name: str, _factory, *args, **kwargs) -> tuple[dict, dict]:
    """A chart's Vega-Lite spec, built once per factory, data and arguments (shared by sessions): altair's
    builders take tens of milliseconds a chart, far more than the queries. The factories build known-good
    specs, so altair's schema validation is skipped too. Returns (spec, shown): `spec` with its datasets as
    JSON rows (for the exported PNG/SVG), `shown` the same spec with each dataset already an Arrow table, which
    st.vega_lite_chart takes as it is (the spec's datasets may be any data frame); converting the rows to Arrow
    through pandas is otherwise most of a chart's cost on every rerun. Asked through `answer`, so the same
    frames of the same filter state find their spec without hashing their rows; else by content (below)."""
    return answer(_chart_spec, factory_name, _factory, *args, **kwargs)


def _chart_spec(factory_name: str, _factory, *args, **kwargs) -> tuple[dict, dict]:
    """Held here, not in st.cache_data, so that a visitor's `clear_cache` message costs nothing; at most
    CHART_SPECS_MAX specs by content, least recently used dropped first."""
    h = hashlib.blake2b(factory_name.encode(), digest_size=20)
    _feed(h, args)
    _feed(h, sorted(kwargs.items()))
    key = h.hexdigest()
    with _lock:
        pair = _chart_specs.get(key)
        if pair is not None:
            _chart_specs.move_to_end(key)
            return pair
    spec = _factory(*args, **kwargs).to_dict(validate=False)
    pair = (spec, _shown(spec))
    with _lock:
        _chart_specs[key] = pair
        while len(_chart_specs) > CHART_SPECS_MAX:
            _chart_specs.popitem(last=False)
    return pair


def _shown(spec: dict) -> dict:
    """The spec with its tabular datasets as Arrow tables (as Streamlit would convert the rows: through a pandas
    frame); a dataset that does not convert stays rows, and Streamlit converts it as before."""
    import pandas as pd
    import pyarrow as pa

    datasets = {}
    for name, rows in spec.get("datasets", {}).items():
        try:
            datasets[name] = pa.Table.from_pandas(pd.DataFrame(rows)) if isinstance(rows, list) and rows else rows
        except (pa.ArrowException, TypeError, ValueError):
            datasets[name] = rows
    return {**spec, "datasets": datasets} if datasets else spec


# ------------------------------------------------------------------ answers to the pages' questions
ANSWERS_MAX = 6000  # entries; a page asks 10-40 questions per filter state
_answers: OrderedDict[tuple, tuple] = OrderedDict()
_SCALARS = (str, int, float, bool, type(None))
BY_VALUE_MAX = 2000  # a flat dict or a column up to this size is keyed by its values


def _arg_key(value):
    """A key for one argument: scalars and sequences of them by value (typed: 1, 1.0 and True differ), so are
    dicts of such values and columns up to BY_VALUE_MAX items; anything else (frames, nested dicts, claims) by
    identity. The memo entry keeps the argument itself alive, so while the entry
    exists no other object can have its id; a question's frames come from the snapshot or from this memo, so the
    same question with the same data meets the same objects."""
    return _keyed(value)[0]


def _keyed(value) -> tuple[tuple, bool]:
    """(key, whether the key holds an identity anywhere): one pass over the argument, however deep."""
    if isinstance(value, _SCALARS):
        return (type(value).__name__, value), False
    if isinstance(value, (tuple, list, frozenset)):
        parts = [_keyed(v) for v in value]
        return (type(value).__name__, tuple(k for k, _ in parts)), any(f for _, f in parts)
    if isinstance(value, dict) and len(value) <= BY_VALUE_MAX:
        items, by_identity = [], False
        for k, v in value.items():
            (kk, kf), (vk, vf) = _keyed(k), _keyed(v)
            items.append((kk, vk))
            by_identity = by_identity or kf or vf
        if not by_identity:
            return ("dict", tuple(items)), False  # names or a row built per run
    if isinstance(value, pl.Series) and len(value) <= BY_VALUE_MAX and not value.dtype.is_nested():
        return ("series", value.name, str(value.dtype), tuple(value.to_list())), False  # a column taken per run
    return ("id", id(value)), True


def answer(question, *args, _context: tuple = (), **kwargs):
    """question(*args, **kwargs), computed once per arguments and kept (shared by sessions, least recently used
    dropped beyond ANSWERS_MAX): the questions are pure functions of the snapshot's data and of filter values, of
    which there are only so many, so a filter state's answers are computed once. Not an st.cache_*: a visitor's
    `clear_cache` message clears nothing here. `_context` is part of the key but not passed on (the language of a
    display frame whose headers are translated). Answers are shared, and the same object each time (so that an
    answer passed on to the next question meets its entry): never change one in place (none of the pages does)."""
    key = (question.__module__, question.__qualname__, _arg_key(args), _arg_key(tuple(sorted(kwargs.items()))),
           _arg_key(_context))
    with _lock:
        entry = _answers.get(key)
        if entry is not None:
            _answers.move_to_end(key)
    if entry is None:
        entry = (args, kwargs, question(*args, **kwargs))
        with _lock:
            _answers[key] = entry
            while len(_answers) > ANSWERS_MAX:
                _answers.popitem(last=False)
    return entry[2]
