"""Speed, memory and load of the explorer, measured against a real `streamlit run` on 127.0.0.1.

    python -m benchmarks              the full run: benchmarks/results.json and benchmarks/RESULTS.md
    python -m benchmarks --quick      a short run (under a minute): benchmarks/results-quick.json, printed
    python -m benchmarks --load 20    N sessions at once for a bounded time: "load" in results.json (browser
                                      sessions, benchmarks/load.py; then the same sessions over the protocol
                                      without a browser, "load" -> "server_only", benchmarks/protocol_load.py)
    python -m benchmarks --mutations  changed documents through the ingest: benchmarks/mutation_report.json
    python -m benchmarks --report     measures nothing: writes benchmarks/RESULTS.md again from the JSON files

Method
- Two servers run side by side, started the same way (`streamlit run`, loopback, headless, the project's
  .streamlit/config.toml): the app, and the floor page (benchmarks/floor_app.py: one selectbox, one small
  altair chart), the framework's own floor for a chart page. Page by page, the app's measurement and the floor's
  alternate, so that whatever else the machine does falls on both alike; ratios divide the app's figure by the
  floor's figure from the same stretch of time.
- Chromium (Debian's, through Playwright) with a fresh context per first load. Times come from the browser's
  clock (performance.now()), polled every animation frame: a first load ends when the script run is over,
  nothing is stale and every chart ([data-testid="stVegaLiteChart"]) has a drawn surface; a filter change
  starts at the pointerdown on the option and ends the same way after the script state has changed.
- rerun_ms: AppTest in-process, warm caches (benchmarks/rerun.py).
- cold_start_ms: process spawn until /_stcore/health answers (polled every 10 ms); first_page_ms: process
  spawn until a browser has the overview's charts drawn. rss_mb_1 / rss_mb_20: the server's VmRSS with 1 and
  with 20 sessions open at once.
- Everything is bounded: each wait 30 s, the whole run by an alarm (full 30 min, quick 2 min, load twice its
  duration and start stagger plus 7 min). Servers are the run's own child processes and are stopped at the end.
"""
