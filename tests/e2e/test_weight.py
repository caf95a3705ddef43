"""Weight on the wire in the browser (issue 12): pages against the floor, direct and through the nginx recipe.

The full measurement of every page is `python -m benchmarks --weight` (benchmarks/weight.py); this test runs the
same visit (a fresh browser context, bytes from Chromium's DevTools protocol) on the pages with the most elements
and checks the goals: direct at most 1.45 x the floor (1.15 x without tables), through the proxy at most 1.2 x the
floor through the proxy, and no page loads Streamlit's syntax highlighter (the code of st.code, 1.56 MB).
"""

from __future__ import annotations

import shutil

import pytest

from benchmarks import weight

from .helpers import PROJECT_ROOT, start_server
from .test_proxy import Nginx

pytestmark = pytest.mark.e2e

PAGES = ("", "budget", "kpis", "about")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    root = tmp_path_factory.mktemp("floor-app")
    shutil.copytree(PROJECT_ROOT / "benchmarks" / "floor", root, dirs_exist_ok=True)
    shutil.copytree(PROJECT_ROOT / ".streamlit", root / ".streamlit")
    started, proxies = [], []
    try:
        app = start_server(tmp_path_factory.mktemp("weight-app"))
        started.append(app)
        floor = start_server(tmp_path_factory.mktemp("weight-floor"), root=root)
        started.append(floor)
        for server in (app, floor):
            proxies.append(Nginx([server.base_url.removeprefix("http://")]))
    except (RuntimeError, AssertionError) as error:
        for p in proxies:
            p.stop()
        for s in started:
            s.stop()
        pytest.fail(str(error), pytrace=False)
    yield {"app": app.base_url, "floor": floor.base_url, "app_proxy": proxies[0].base_url,
           "floor_proxy": proxies[1].base_url}
    for p in proxies:
        p.stop()
    for s in started:
        s.stop()


def test_pages_weigh_at_most_their_goal_beside_the_floor(servers, browser):
    weight.visit(browser, servers["app"] + "/")  # warm-up: the server's first session loads the data
    floor = weight.visit(browser, servers["floor"] + "/")
    floor_proxy = weight.visit(browser, servers["floor_proxy"] + "/")
    assert floor_proxy["bytes"] < 0.6 * floor["bytes"], "the proxy does not compress"
    report = {}
    for path in PAGES:
        direct = weight.visit(browser, f"{servers['app']}/{path}")
        proxied = weight.visit(browser, f"{servers['app_proxy']}/{path}")
        elements = direct["elements"]
        tables = elements["dataframes"] + elements["tables"] + elements["html_tables"]
        goal = weight.GOALS["direct"] if tables else weight.GOALS["direct_no_tables"]
        report[path] = (round(direct["bytes"] / floor["bytes"], 2), round(proxied["bytes"] / floor_proxy["bytes"], 2))
        assert not direct["highlighter"], f"/{path} loads the syntax highlighter"
        assert direct["bytes"] <= goal * floor["bytes"], (path, report[path], weight._extra_code(direct, floor)[:5])
        assert proxied["bytes"] <= weight.GOALS["proxy"] * floor_proxy["bytes"], (path, report[path])
    print(f"\nbytes x floor (direct, proxy): {report}; floor {floor['bytes']} / {floor_proxy['bytes']} bytes")
