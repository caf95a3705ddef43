"""The settings for public use stay set, and the deployment documents name each one."""

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


def test_every_public_setting_is_explained():
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    for _section, key in PUBLIC:
        assert key in docs, f"README.md or deploy/README.md should say why {key} is set"
