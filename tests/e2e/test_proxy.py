"""The deployment recipe of deploy/README.md, proved: two app processes behind nginx (deploy/nginx.conf.template).

Debian's nginx runs unprivileged (as `nobody` when the tests run as root) with its pid, temporary files and logs in
a temporary folder, on a free loopback port, in front of two `streamlit run app.py` processes on free loopback
ports. Through it, Chromium opens the pages in several browser contexts (each its own visitor) and checks:
- every page renders and draws its charts under the content security policy, with no CSP violation reported;
- the headers: the CSP (with frame-ancestors, no X-Frame-Options), X-Content-Type-Options: nosniff;
- session affinity: both processes served sessions (WebSocket upgrades, status 101, in nginx's access log with
  $upstream_addr), and every request of one visitor (one affinity cookie) reached the same process;
- a download works through the proxy (finance.csv from the about page);
- a handful of hostile URLs render with a notice and put nothing from the URL into the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from utils.navigation import PAGES

from .helpers import PROJECT_ROOT, TIMEOUT_MS, free_port, page_url, start_server, wait_rendered

pytestmark = pytest.mark.e2e

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PLACEHOLDERS = ("LISTEN", "SERVER_NAME", "UPSTREAM_SERVERS", "RUNTIME_DIR", "LOG_DIR", "COOKIE_SECURE")
MAX_VISITORS = 16  # contexts opened at most until both processes have served one: (1/2)^15 to fail by chance
WS_LINE = re.compile(r'"GET /_stcore/stream[^"]*" 101 .*upstream=(\S+) affinity=(\S+)')
ANY_LINE = re.compile(r'"(?:GET|HEAD) (\S+)[^"]*" (\d{3}) .*upstream=(\S+) affinity=(\S+)')
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '')));
"""
HOSTILE = {
    "area=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E": "<script>",
    "area=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&year=abc": "onerror",
    "zz=%5Bklikkaa%5D(javascript%3Awindow.__pwned%3D1)": "javascript:",
    "area=!%5Bkuva%5D(http%3A%2F%2Fevil.example%2Fzq.png)": "evil.example",
    "per=%3Csvg%20onload%3Dwindow.__pwned%3D1%3E&lang=%22%3E%3Cb%3Ezq%3C%2Fb%3E": "onload",
}
# [charts in view, drawn, lazily loaded components still showing their placeholder]
DRAWN_CHARTS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(c => c.checkVisibility());
    const skeletons = [...main.querySelectorAll('[data-testid="stSkeleton"]')].filter(s => s.checkVisibility());
    return [charts.length, charts.filter(c => c.querySelector('svg.marks .mark-group, canvas')).length,
            skeletons.length];
}"""
INJECTED = """() => ({
    pwned: window.__pwned !== undefined,
    images: [...document.querySelectorAll('img')].filter(i => /(^|\\/)x$|evil/.test(i.getAttribute('src') || '')).length,
    js_links: [...document.querySelectorAll('[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
    svgs: [...document.querySelectorAll('svg[onload]')].length,
    scripts: [...document.querySelectorAll('script')].filter(s => /__pwned/.test(s.textContent)).length,
    text: document.body.innerText,
})"""


# ------------------------------------------------------------------ nginx
def render_template(values: dict[str, str]) -> str:
    """envsubst with an explicit list: only ${NAME} of the listed names is replaced; nginx's $vars stay."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        text = text.replace("${" + name + "}", values[name])
    left = re.findall(r"\$\{[A-Z_]+\}", text)
    assert not left, f"placeholders left in the template: {left}"
    return text


class Nginx:
    def __init__(self, backends: list[str]):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.prefix = Path(tempfile.mkdtemp(prefix="nginx-test-"))  # under /tmp: reachable for `nobody`
        self.process = None
        try:
            self._start(backends)
        except BaseException:
            self.stop()  # never leave a proxy or its folder behind
            raise

    def _start(self, backends: list[str]) -> None:
        for sub in ("run", "logs"):
            (self.prefix / sub).mkdir()
        conf = render_template({
            "LISTEN": f"127.0.0.1:{self.port}",
            "SERVER_NAME": "_",
            "UPSTREAM_SERVERS": " ".join(f"server {b} max_fails=2 fail_timeout=10s;" for b in backends),
            "RUNTIME_DIR": str(self.prefix / "run"),
            "LOG_DIR": str(self.prefix / "logs"),
            "COOKIE_SECURE": "",
        })
        (self.prefix / "nginx.conf").write_text(conf, encoding="utf-8")
        user = {}
        if os.geteuid() == 0:  # never run the proxy as root: hand its folder to nobody and run as nobody
            nobody = pwd.getpwnam("nobody")
            for path in [self.prefix, *self.prefix.rglob("*")]:
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
            user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        cmd = [NGINX, "-e", str(self.prefix / "logs" / "error.log"), "-p", str(self.prefix),
               "-c", str(self.prefix / "nginx.conf"), "-g", "daemon off;"]
        self.check = subprocess.run([*cmd[:-2], "-t"], capture_output=True, text=True, timeout=30, **user)
        assert self.check.returncode == 0, f"nginx -t:\n{self.check.stderr}"
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, **user)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"nginx exited:\n{self.process.stderr.read().decode()}"
            try:
                with urllib.request.urlopen(self.base_url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)  # polling interval of a health check
        raise AssertionError(f"nginx on {self.base_url} did not answer:\n{self.error_log()}")

    def access_log(self) -> str:
        return (self.prefix / "logs" / "access.log").read_text(errors="replace")

    def error_log(self) -> str:
        path = self.prefix / "logs" / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    backends = []
    try:
        for i in range(2):
            backends.append(start_server(tmp_path_factory.mktemp(f"backend{i}")))
        proxy = Nginx([b.base_url.removeprefix("http://") for b in backends])
    except (RuntimeError, AssertionError) as error:
        for b in backends:
            b.stop()
        pytest.fail(str(error), pytrace=False)
    yield proxy, backends
    proxy.stop()
    for b in backends:
        b.stop()


def _visitor(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="fi-FI", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.console_csp = []
    page.js_errors = []
    page.on("console", lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.js_errors.append(str(e)))
    return context, page


def _websockets(proxy: Nginx, expected: int, timeout: float = 20.0) -> list[tuple[str, str]]:
    """(upstream, affinity) of every finished WebSocket; nginx logs one when it closes."""
    deadline = time.monotonic() + timeout
    while True:
        found = WS_LINE.findall(proxy.access_log())
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)  # polling a log file that nginx appends to


# ------------------------------------------------------------------ the tests
def inline_script_hashes() -> set[str]:
    """CSP hashes of the inline <script> elements of the installed Streamlit's index.html."""
    import streamlit

    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    return {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
            for s in re.findall(r"<script>(.*?)</script>", html, re.S)}


def test_the_policy_allows_the_inline_script_of_this_streamlit():
    policy = re.search(r'Content-Security-Policy "([^"]+)"', TEMPLATE.read_text(encoding="utf-8")).group(1)
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()
    missing = inline_script_hashes() - set(script_src)
    assert not missing, (
        f"Streamlit's index.html has a new inline script: put {' '.join(sorted(missing))} in script-src of "
        "deploy/nginx.conf.template (and drop the old hash)")
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src


def test_two_processes_behind_nginx(deployment, browser):
    proxy, backends = deployment
    contexts, visitors = [], 0
    try:
        # 1. every page through the proxy, one visitor each, until both processes have served someone
        served: set[str] = set()
        specs = list(PAGES)
        while visitors < max(len(specs), 2) or (len(served) < 2 and visitors < MAX_VISITORS):
            spec = specs[visitors % len(specs)]
            context, page = _visitor(browser)
            contexts.append(context)
            visitors += 1
            response = page.goto(page_url(proxy.base_url, spec.url_path), wait_until="domcontentloaded")
            headers = response.all_headers()  # .headers leaves out Set-Cookie
            csp = headers.get("content-security-policy", "")
            assert "script-src" in csp and "frame-ancestors *" in csp, f"CSP header: {csp!r}"
            assert headers.get("x-content-type-options") == "nosniff"
            assert "x-frame-options" not in headers, "X-Frame-Options would forbid embedding"
            assert "st_affinity=" in headers.get("set-cookie", ""), "no affinity cookie on a first visit"
            wait_rendered(page)
            try:  # every chart in view drawn under the CSP (polled: a page may redraw once after loading)
                page.wait_for_function(
                    f"() => {{ const [n, d, s] = ({DRAWN_CHARTS})(); return n === d && s === 0; }}", timeout=TIMEOUT_MS)
            except Exception as error:  # noqa: BLE001 - reported with the counts
                raise AssertionError(f"{spec.url_path}: charts not drawn: {page.evaluate(DRAWN_CHARTS)}") from error
            violations = page.evaluate("() => window.__csp") + page.console_csp
            assert not violations, f"{spec.url_path}: CSP violations: {violations}"
            assert not page.js_errors, f"{spec.url_path}: {page.js_errors}"
            cookie = next(c["value"] for c in context.cookies() if c["name"] == "st_affinity")
            for line in ANY_LINE.findall(proxy.access_log()):
                if line[3] == cookie and line[2] != "-":
                    served.add(line[2])

        # 2. a download through the proxy (the file is held in one process's memory: affinity matters)
        context, page = _visitor(browser)
        contexts.append(context)
        about = next(p for p in PAGES if p.url_path == "about")
        page.goto(page_url(proxy.base_url, about.url_path), wait_until="domcontentloaded")
        wait_rendered(page)
        button = page.get_by_role("button", name="finance.csv")
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            button.first.click()
        body = Path(info.value.path()).read_bytes()
        header = (PROJECT_ROOT / "data" / "finance.csv").read_bytes().split(b"\n", 1)[0]
        assert body.split(b"\n", 1)[0] == header, body[:200]
        assert body == (PROJECT_ROOT / "data" / "finance.csv").read_bytes()

        # 3. hostile URLs through the proxy: a notice, and nothing of them in the DOM
        for query, telltale in HOSTILE.items():
            context, page = _visitor(browser)
            contexts.append(context)
            page.goto(page_url(proxy.base_url, "", query), wait_until="domcontentloaded")
            wait_rendered(page)
            alerts = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').all_inner_texts()
            assert alerts, f"?{query}: no notice"
            found = page.evaluate(INJECTED)
            assert not found["pwned"] and not found["images"] and not found["js_links"], (query, found)
            assert not found["svgs"] and not found["scripts"], (query, found)
            assert telltale not in found["text"] and "zq" not in found["text"], f"?{query}: the page shows {telltale!r}"
            assert not (page.evaluate("() => window.__csp") + page.console_csp), query
    finally:
        for context in contexts:
            context.close()

    # 4. both processes served sessions, and each visitor stayed with one process
    sockets = _websockets(proxy, expected=len(contexts))
    per_backend: dict[str, set[str]] = defaultdict(set)
    for upstream, affinity in sockets:
        per_backend[upstream].add(affinity)
    addresses = {b.base_url.removeprefix("http://") for b in backends}
    assert set(per_backend) <= addresses, per_backend.keys()
    assert len(per_backend) == 2, (
        f"only {sorted(per_backend)} served sessions after {visitors} visitors:\n{proxy.access_log()[-2000:]}")
    upstreams_of: dict[str, set[str]] = defaultdict(set)
    for path, status, upstream, affinity in ANY_LINE.findall(proxy.access_log()):
        if upstream != "-" and affinity != "-":
            upstreams_of[affinity].add(upstream)
    split = {a: u for a, u in upstreams_of.items() if len(u) > 1}
    assert not split, f"visitors whose requests went to more than one process: {split}"
    assert "[error]" not in proxy.error_log() and "[crit]" not in proxy.error_log(), proxy.error_log()
