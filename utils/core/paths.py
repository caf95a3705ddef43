"""Where the project's files are: one place for every path. Plain Python."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
DATA_DIR = ROOT / "data"
LOCALES_DIR = ROOT / "locales"
ASSETS_DIR = ROOT / "assets"
