"""Stand-in for the first request to a fresh server: runs the app frame (see utils/first_request.py)."""
from utils.first_request import run_app

run_app()
