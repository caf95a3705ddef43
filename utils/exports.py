"""Files users take away: the published data set as one archive. Plain Python, built only when asked for."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from utils.loading import DATA_DIR
from utils.schema import TABLES

RAW_NAME = "raw/tilinpaatos-2024-hyvinvointi.txt"


def data_files(data_dir: Path = DATA_DIR) -> list[str]:
    """Names (relative to data/) of every published file: the tables, the datapackage and the source."""
    return [t.path for t in TABLES.values()] + ["datapackage.json", RAW_NAME]


def archive_bytes(data_dir: Path = DATA_DIR) -> bytes:
    """A zip of the whole data set with its datapackage. Fixed timestamps: the same data gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in data_files(data_dir):
            info = zipfile.ZipInfo(f"heinola-hyvinvointi-2024/{name}", date_time=(2025, 3, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (data_dir / name).read_bytes())
    return buf.getvalue()
