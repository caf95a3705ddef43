"""The settings for public use stay set (what each does is in README.md, Deployment)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

PUBLIC = {
    ("server", "address"): "127.0.0.1",
    ("server", "headless"): True,
    ("server", "runOnSave"): False,
    ("server", "fileWatcherType"): "none",
    ("browser", "gatherUsageStats"): False,
    ("client", "showErrorDetails"): "none",
    ("client", "toolbarMode"): "viewer",
    ("runner", "postScriptGC"): False,
}


def test_public_settings_are_set():
    for (section, key), value in PUBLIC.items():
        assert CONFIG.get(section, {}).get(key) == value, f"{section}.{key} should be {value!r}"
    assert CONFIG["theme"]["base"] == "light" and CONFIG["theme"]["primaryColor"]

