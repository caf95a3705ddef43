"""The protocol-level load client (benchmarks/protocol_load.py) drives a real server the way the browser does:
its page switches and filter changes take effect, so its latencies are those of real reruns."""

from __future__ import annotations

import asyncio
import concurrent.futures
import random

import pytest
import websockets

from benchmarks.protocol_load import ProtocolSession
from utils.core import i18n

from .helpers import start_server


@pytest.fixture(scope="module")
def ws_url(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("protocol-client"))
    yield server.base_url.replace("http://", "ws://") + "/_stcore/stream"
    server.stop()


def drive(ws_url, steps):
    results = {"errors": [], "actions": [], "open": [], "kb": [], "sessions_done": 0}
    session = ProtocolSession(0, ws_url, ["/"], random.Random(1), results)

    async def run():
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
            await session._rerun(ws)
            return [await step(session, ws) for step in steps]

    # in a thread of its own: the browser tests' Playwright (sync API) keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return session, pool.submit(asyncio.run, run()).result(timeout=120)


def test_the_first_run_tells_the_pages_and_the_filters(ws_url):
    session, _ = drive(ws_url, [])
    assert {"", "budget", "goals", "search"} <= set(session.pages)
    assert session.area_id.endswith("-f_area") and session.year_id.endswith("-f_year")
    assert len(session.area_options) == 4


def test_a_year_change_reruns_with_the_new_year(ws_url):
    async def year_2022(session, ws):
        session._set(session.year_id, string="2022")
        ms = await session._rerun(ws)
        return ms, list(session.texts)

    _, [(ms, texts)] = drive(ws_url, [year_2022])
    assert ms > 0
    assert i18n.t("fi", "overview.no_2022") in texts


def test_an_area_change_and_a_page_switch_take_effect(ws_url):
    async def one_area(session, ws):
        session.areas = [session.area_options[2]]
        session._set(session.area_id, strings=session.areas)
        await session._rerun(ws)
        return list(session.texts)

    async def to_goals(session, ws):
        session.page = "goals"
        await session._rerun(ws)
        return list(session.texts)

    session, [area_texts, goal_texts] = drive(ws_url, [one_area, to_goals])
    caption = i18n.t("fi", "app.active_filters", areas=session.area_options[2], year=2024,
                     measure=i18n.t("fi", "app.measure_eur"))
    assert any(caption in text for text in area_texts), "the chosen area is not in the filter line"
    assert i18n.t("fi", "goals.title") in goal_texts
    assert any(caption in text for text in goal_texts), "the filters did not carry over to the next page"
