"""The deployment recipe of deploy/README.md, proved: two app processes behind nginx (deploy/nginx.conf.template).

Debian's nginx runs unprivileged (as `nobody` when the tests run as root) with its pid, temporary files and logs in
a temporary folder, on a free loopback port, in front of two `streamlit run app.py` processes on free loopback
ports. Through it, Chromium opens the pages as several visitors (each with its own affinity cookie) and checks:
- every page renders and draws its charts under the content security policy, with no CSP violation reported;
- the headers: the CSP (with frame-ancestors, no X-Frame-Options), X-Content-Type-Options: nosniff;
- session affinity: both processes served sessions (WebSocket upgrades, status 101, in nginx's access log with
  $upstream_addr), and every request of one visitor (one affinity cookie) reached the same process;
- a download works through the proxy (finance.csv from the about page);
- a handful of hostile URLs render with a notice and put nothing from the URL into the DOM;
- <html lang> follows ?lang (default fi).
Attacks on the served proxy (issue 10, item 6 and the smaller ones; issue 12):
- a WebSocket handshake with a foreign Origin gets 403 from nginx and never reaches an app process;
- /_stcore/metrics (session counts) is closed, and so is the rest of /_stcore/ the pages do not need;
- a bounded slow-client flood (benchmarks/attacks/slow_clients.py, 3 000 half-sent requests from one address):
  the proxy's health answers throughout, and nginx closes every such socket after its header timeout;
- one address holding more WebSockets than the per-address limit gets 429 beyond it;
- static assets are compressed and keep their long cache lifetime; an unknown address gets a bilingual 404 page
  linking to the front page; /<page>/ redirects to /<page>.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import gzip
import hashlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.attacks import slow_clients
from utils.core import i18n
from utils.core.navigation import PAGES

from .helpers import PROJECT_ROOT, TIMEOUT_MS, free_port, page_url, start_server, wait_rendered

pytestmark = pytest.mark.e2e

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PLACEHOLDERS = ("LISTEN", "SERVER_NAME", "UPSTREAM_SERVERS", "RUNTIME_DIR", "LOG_DIR", "COOKIE_SECURE")
MAX_VISITORS = 16  # visitors at most until both processes have served one: (1/2)^15 to fail by chance
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
    images: [...document.querySelectorAll('img')]
        .filter(i => /(^|\\/)x$|evil/.test(i.getAttribute('src') || '')).length,
    js_links: [...document.querySelectorAll('[href]')]
        .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
    svgs: [...document.querySelectorAll('svg[onload]')].length,
    scripts: [...document.querySelectorAll('script')].filter(s => /__pwned/.test(s.textContent)).length,
    text: document.body.innerText,
})"""


# ------------------------------------------------------------------ nginx
def render_template(values: dict[str, str], template: Path = TEMPLATE) -> str:
    """envsubst with an explicit list: only ${NAME} of the listed names is replaced; nginx's $vars stay."""
    text = template.read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        text = text.replace("${" + name + "}", values[name])
    left = re.findall(r"\$\{[A-Z_]+\}", text)
    assert not left, f"placeholders left in the template: {left}"
    return text


class Nginx:
    def __init__(self, backends: list[str], template: Path = TEMPLATE):
        self.template = template
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
        }, self.template)
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
    """Two app processes (started at the same time) behind nginx."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        starting = [pool.submit(start_server, tmp_path_factory.mktemp(f"backend{i}")) for i in range(2)]
    backends = [f.result() for f in starting if f.exception() is None]
    failures = [f.exception() for f in starting if f.exception() is not None]
    try:
        if failures:
            raise failures[0]
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
    """Each visitor is a new affinity cookie: one browser page whose cookies are cleared before each visit (its
    cache is kept, as a returning reader's would be; a new context per visitor costs three times as long)."""
    proxy, backends = deployment
    context, page = _visitor(browser)
    visitors = 0

    def visit(url_path: str, query: str = ""):
        nonlocal visitors
        context.clear_cookies()
        page.goto("about:blank")  # the previous visitor's WebSocket closes (nginx logs it) before the next one
        page.evaluate("() => { window.__csp = []; }")
        page.console_csp.clear()
        page.js_errors.clear()
        visitors += 1
        response = page.goto(page_url(proxy.base_url, url_path, query), wait_until="domcontentloaded")
        wait_rendered(page)
        return response

    try:
        # 1. every page through the proxy, one visitor each, until both processes have served someone
        served: set[str] = set()
        specs = list(PAGES)
        while visitors < max(len(specs), 2) or (len(served) < 2 and visitors < MAX_VISITORS):
            spec = specs[visitors % len(specs)]
            response = visit(spec.url_path)
            headers = response.all_headers()  # .headers leaves out Set-Cookie
            csp = headers.get("content-security-policy", "")
            assert "script-src" in csp and "frame-ancestors *" in csp, f"CSP header: {csp!r}"
            assert headers.get("x-content-type-options") == "nosniff"
            assert "x-frame-options" not in headers, "X-Frame-Options would forbid embedding"
            assert "st_affinity=" in headers.get("set-cookie", ""), "no affinity cookie on a first visit"
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
        about = next(p for p in PAGES if p.url_path == "about")
        visit(about.url_path)
        button = page.get_by_role("button", name="finance.csv")
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            button.first.click()
        body = Path(info.value.path()).read_bytes()
        header = (PROJECT_ROOT / "data" / "finance.csv").read_bytes().split(b"\n", 1)[0]
        assert body.split(b"\n", 1)[0] == header, body[:200]
        assert body == (PROJECT_ROOT / "data" / "finance.csv").read_bytes()

        # 3. hostile URLs through the proxy: a notice, and nothing of them in the DOM
        for query, telltale in HOSTILE.items():
            visit("", query)
            alerts = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').all_inner_texts()
            assert alerts, f"?{query}: no notice"
            found = page.evaluate(INJECTED)
            assert not found["pwned"] and not found["images"] and not found["js_links"], (query, found)
            assert not found["svgs"] and not found["scripts"], (query, found)
            assert telltale not in found["text"] and "zq" not in found["text"], f"?{query}: the page shows {telltale!r}"
            assert not (page.evaluate("() => window.__csp") + page.console_csp), query
    finally:
        context.close()

    # 4. both processes served sessions, and each visitor stayed with one process
    sockets = _websockets(proxy, expected=visitors)
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


def test_html_lang_follows_the_query(deployment, browser):
    """The page's language attribute: from ?lang (default fi), set by nginx in index.html, no script injected."""
    proxy, _ = deployment
    context, page = _visitor(browser)
    try:
        for query, expected in (("", "fi"), ("lang=en", "en"), ("lang=xx", "fi"),
                                ("lang=en&lang=fi", "en"), ("lang=fi&lang=en", "fi")):  # the first, as the app
            page.goto(page_url(proxy.base_url, "budget", query), wait_until="domcontentloaded")
            assert page.evaluate("() => document.documentElement.lang") == expected, query
    finally:
        context.close()


def test_the_language_switch_reloads_so_html_lang_follows(deployment, browser):
    """The sidebar's language switch is a plain link: following it loads the page anew, in the
    other language, with the same filters, and nginx gives it the matching <html lang>; and back."""
    proxy, _ = deployment
    context, page = _visitor(browser)
    try:
        page.goto(page_url(proxy.base_url, "budget", "area=VAKA"), wait_until="domcontentloaded")
        wait_rendered(page)
        assert page.evaluate("() => document.documentElement.lang") == "fi"
        for target, label in (("en", "English"), ("fi", "Suomi")):
            link = page.locator(f'[data-testid="stSidebar"] a[hreflang="{target}"]')
            assert link.inner_text() == label
            with page.expect_navigation(wait_until="domcontentloaded"):
                link.click()
            wait_rendered(page)
            assert page.evaluate("() => document.documentElement.lang") == target
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
            assert query.get("area") == ["VAKA"] and query.get("lang", ["fi"]) == [target], page.url  # fi: default
            assert i18n.t(target, "budget.title") in page.locator("h1").first.inner_text()
    finally:
        context.close()


# ------------------------------------------------------------------ attacks and limits, on the served proxy
def _in_thread(coroutine):
    """Run an asyncio attack in a thread of its own (Playwright's sync API keeps a loop running in this one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=180)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _handshake(base_url: str, origin: str | None, path: str = "/_stcore/stream",
               host_header: str | None = None) -> tuple[int, float]:
    """A WebSocket upgrade request with this Origin (and this Host header, else the address's):
    (status, seconds until the status line came)."""
    host, port = base_url.removeprefix("http://").split(":")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host_header or f'{host}:{port}'}", "Upgrade: websocket",
             "Connection: Upgrade",
             "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + base64.b64encode(os.urandom(16)).decode(),
             "Sec-WebSocket-Protocol: streamlit"] + ([f"Origin: {origin}"] if origin is not None else [])
    t0 = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = int(conn.recv(64).split()[1])
    return status, time.monotonic() - t0


def test_the_template_routes_every_page_of_the_registry():
    """The pages' addresses are listed in the template (everything else is a 404): in step with the registry."""
    text = TEMPLATE.read_text(encoding="utf-8")
    listed = set(re.search(r"location ~ \^/\(([a-z|]+)\)\$ \{", text).group(1).split("|"))
    assert listed == {p.url_path for p in PAGES if p.url_path}, "update the page list in deploy/nginx.conf.template"


def test_a_foreign_origin_gets_403_at_the_proxy(deployment):
    """Every Origin that Streamlit would call foreign (it compares the Origin's host with the Host exactly,
    letter case included, and then looks up the server's external IP) gets 403 from nginx; a same-origin
    handshake, one without an Origin and one with an empty Origin (passed on as none) reach the app."""
    proxy, backends = deployment
    here = proxy.base_url
    named = f"localhost:{proxy.port}"  # a Host with letters, for the letter-case pairs
    assert _handshake(here, here)[0] == 101  # the browser's own origin: accepted
    assert _handshake(here, None)[0] == 101  # no Origin (not a browser): Streamlit accepts it without a lookup
    assert _handshake(here, f"http://{named}", host_header=named)[0] == 101  # the same letters: accepted
    assert _handshake(here, "")[0] == 101  # an empty Origin reaches Streamlit as none: accepted without a lookup
    log_before = proxy.access_log().count("/_stcore/stream")
    foreign = [(origin, None) for origin in ("http://evil.example", here + ".evil.example", "null",
                                             "http://127.0.0.1:1", here.replace("127.0.0.1", "localhost"))]
    foreign += [(f"http://LOCALHOST:{proxy.port}", named),  # the Origin's host in capitals, the Host not
                (f"http://{named}", f"LocalHost:{proxy.port}"),  # and the other way round
                (f"http://{named}", named.upper())]
    for origin, host_header in foreign:
        status, seconds = _handshake(here, origin, host_header=host_header)
        assert status == 403, f"Origin {origin}, Host {host_header}: {status}"
        assert seconds < 1.0, f"Origin {origin}, Host {host_header}: answered after {seconds:.1f} s"
    # answered by nginx itself: no upstream for those lines, and every app process still answers at once. nginx
    # writes a request's line once it has finished it, which can be just after the client has read the answer
    deadline = time.monotonic() + 5.0
    while True:
        lines = [line for line in proxy.access_log().splitlines() if "/_stcore/stream" in line][log_before:]
        refused = [line for line in lines if '" 403 ' in line]
        if len(refused) >= len(foreign) or time.monotonic() > deadline:
            break
        time.sleep(0.05)  # polling a log file that nginx appends to
    assert len(refused) == len(foreign) and all("upstream=-" in line for line in refused), lines
    for backend in backends:
        t0 = time.monotonic()
        assert _get(backend.base_url + "/_stcore/health")[0] == 200
        assert time.monotonic() - t0 < 1.0
        assert "Rejecting WebSocket" not in backend.stderr_tail(10**7), "an app process checked a foreign Origin"


def test_metrics_and_unused_endpoints_are_closed(deployment):
    proxy, backends = deployment
    assert _get(backends[0].base_url + "/_stcore/metrics")[0] == 200  # the app itself serves them...
    for path in ("/_stcore/metrics", "/_stcore/metrics?families=session", "/_stcore/agent/openapi.json",
                 "/_stcore/upload_file/x/y", "/budget/_stcore/metrics"):
        status, _headers, body = _get(proxy.base_url + path)
        assert status == 404, f"{path}: {status}"  # ...the proxy does not
        assert b"session" not in body, path
    assert _get(proxy.base_url + "/_stcore/health")[0] == 200


def test_static_assets_are_compressed_and_keep_their_cache_lifetime(deployment):
    proxy, _ = deployment
    status, headers, html = _get(proxy.base_url + "/", {"Accept-Encoding": "gzip"})
    assert status == 200
    html = gzip.decompress(html) if headers.get("content-encoding") == "gzip" else html
    scripts = re.findall(rb'src="\./(static/js/[^"]+\.js)"', html)
    styles = re.findall(rb'href="\./(static/css/[^"]+\.css)"', html)
    assert scripts and styles
    for path in (scripts[0].decode(), styles[0].decode()):
        status, headers, body = _get(f"{proxy.base_url}/{path}", {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", (path, headers)
        assert "Accept-Encoding" in headers.get("vary", ""), headers
        cache = headers.get("cache-control", "")
        assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache).group(1)) >= 30 * 86400, cache
        raw = gzip.decompress(body)
        assert len(body) < 0.5 * len(raw), f"{path}: {len(body)} of {len(raw)} bytes"
    # a client that does not ask for gzip gets the plain file
    status, headers, body = _get(f"{proxy.base_url}/{scripts[0].decode()}")
    assert "content-encoding" not in headers and body[:1] != b"\x1f"


def test_an_unknown_address_gets_a_bilingual_404_page(deployment):
    proxy, _ = deployment
    for path in ("/budjetti", "/nope/deeper", "/Budget", "/index.html.bak"):
        status, headers, body = _get(proxy.base_url + path)
        text = body.decode("utf-8")
        assert status == 404, path
        assert headers["content-type"].startswith("text/html"), headers
        assert "Sivua ei löydy" in text and "Page not found" in text, text
        assert 'href="/"' in text and '<html lang="fi">' in text and 'lang="en"' in text
        assert "<script" not in text
        assert "content-security-policy" in headers  # the security headers come with errors too
    # a page with a trailing slash is sent to the page, query kept
    request = urllib.request.Request(proxy.base_url + "/budget/?area=VAKA", method="GET")
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                              {"redirect_request": lambda *a, **k: None}))
    try:
        opener.open(request, timeout=10)
        raise AssertionError("no redirect")
    except urllib.error.HTTPError as error:
        assert error.code == 301 and error.headers["Location"].endswith("/budget?area=VAKA"), error.headers


def test_a_slow_client_flood_leaves_the_proxy_answering(deployment):
    """3 000 half-sent requests from one address (over the old 1 024 open files and 2 x 1 024 connections),
    drip-fed a header line every 2 s for 15 s: health through the proxy answers throughout, and nginx closes
    each such socket itself after its 10 s header timeout (the last sockets open about 2 s in: 3 s of slack for a
    busy machine)."""
    proxy, _ = deployment
    result = _in_thread(slow_clients.slow_flood(proxy.base_url, connections=3000, duration_s=15.0, after_s=2.0))
    during, after = result["health_during"], result["health_after"]
    assert result["opened"] == 3000 and result["open_failed"] == 0, result
    assert during["failed"] == 0 and during["probes"] >= 20, result
    assert during["p95_ms"] < 1000, result
    assert after["failed"] == 0, result
    assert result["closed_by_proxy"] == 3000, result  # none left open by the proxy, none dropped early
    assert 9.0 <= result["closed_after_s"]["p50"] <= 12.0, result
    assert "[crit]" not in proxy.error_log() and "[alert]" not in proxy.error_log(), proxy.error_log()


def test_one_address_holds_at_most_the_per_address_limit_of_connections(deployment):
    proxy, _ = deployment
    limit = int(re.search(r"limit_conn per_address (\d+);", TEMPLATE.read_text(encoding="utf-8")).group(1))
    result = _in_thread(slow_clients.held_sockets(proxy.base_url, limit + 10))
    assert result["statuses"] == {"101": limit, "429": 10}, result
    assert _get(proxy.base_url + "/_stcore/health")[0] == 200  # and once they are gone, the address is served
