"""Files users take away: the published data set as one archive. Plain Python, built only when asked for."""

from __future__ import annotations

import io
import json
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


def csv_bytes(df, lang: str = "fi") -> bytes:
    """A table as CSV that a spreadsheet in `lang` opens as numbers with ä and ö intact.

    Finnish: ';' between fields, decimal comma, UTF-8 with a byte-order mark (Excel's cue for UTF-8).
    English: ',' and a decimal point, UTF-8 with a byte-order mark.
    """
    if lang == "fi":
        text = df.write_csv(separator=";", decimal_comma=True, line_terminator="\r\n")
    else:
        text = df.write_csv(separator=",", line_terminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def xlsx_bytes(df, sheet: str = "data") -> bytes:
    """A table as an Excel workbook; numbers stay numbers."""
    buf = io.BytesIO()
    df.write_excel(buf, worksheet=sheet[:31], autofit=True)
    return buf.getvalue()


def _spec_json(chart) -> str:
    return json.dumps(chart) if isinstance(chart, dict) else chart.to_json()


def chart_png(chart, scale: float = 2.0) -> bytes:
    """A chart (an altair chart or its Vega-Lite spec) rendered on the server by vl-convert: the same spec the
    browser draws, locale included."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(_spec_json(chart), scale=scale)


def chart_svg(chart) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_spec_json(chart)).encode("utf-8")
