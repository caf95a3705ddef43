"""A small client of Streamlit's WebSocket protocol for the attack scripts and their closure tests.

It speaks to /_stcore/stream as the browser does (Streamlit's own protobuf messages over the `websockets` package
Streamlit depends on) and can also send what a browser never would: many download requests at once, widget
values of the wrong type or size, a `clear_cache` message, a query string over the limits. Loopback only; every
wait is bounded by a timeout.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import urllib.request
from dataclasses import dataclass, field

TIMEOUT_S = 60.0
FINISHED_SUCCESSFULLY = 0  # ForwardMsg.ScriptFinishedStatus
_request_ids = itertools.count(1)


@dataclass
class Run:
    """What one script run sent: its elements, its texts, its download buttons and how long it took."""

    ms: float = 0.0
    status: int = -1
    elements: list = field(default_factory=list)  # (kind, element proto)
    texts: list[str] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)  # element id -> deferred file id
    widgets: dict[str, object] = field(default_factory=dict)  # element id -> widget proto
    boxes: dict[str, str] = field(default_factory=dict)  # keyed expander's id -> its label
    exceptions: list[str] = field(default_factory=list)
    bytes: int = 0
    largest_message: int = 0
    page_not_found: bool = False

    def download(self, key_suffix: str) -> str:
        """The deferred file id of the download button whose id ends with `key_suffix` (its key)."""
        found = [fid for eid, fid in self.downloads.items() if eid.endswith(key_suffix)]
        if not found:
            raise KeyError(f"no download button {key_suffix!r} among {list(self.downloads)}")
        return found[0]

    def widget_id(self, key_suffix: str) -> str:
        found = [wid for wid in self.widgets if wid.endswith(key_suffix)]
        if not found:
            raise KeyError(f"no widget {key_suffix!r} among {list(self.widgets)}")
        return found[0]


class Client:
    """One session over one WebSocket. `async with Client(base_url) as c: run = await c.run("budget")`."""

    def __init__(self, base_url: str, origin: str | None = None):
        self.base_url = base_url
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.origin = origin
        self.ws = None
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.responses: dict[str, object] = {}  # request id -> BackendOperationResponse
        self.other: list = []  # forward messages that arrived outside a run or a request
        self.session_id = ""  # the server's id of this session (new_session), which requests must carry

    async def __aenter__(self) -> "Client":
        import websockets

        headers = {"Origin": self.origin} if self.origin else None
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=TIMEOUT_S, additional_headers=headers)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def send(self, msg) -> None:
        await self.ws.send(msg.SerializeToString())

    async def _next(self, timeout: float = TIMEOUT_S):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        return msg, len(raw)

    def _rerun_msg(self, page: str, query: str, widgets: list | None, url: str | None):
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        if page in self.pages:
            state.page_script_hash = self.pages[page]
        else:
            state.page_name = page
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        state.context_info.url = url if url is not None else (
            f"{self.base_url}/{page}" + (f"?{query}" if query else ""))
        state.context_info.locale = "fi-FI"
        state.context_info.timezone = "Europe/Helsinki"
        return msg

    async def run(self, page: str = "", query: str = "", widgets: list | None = None, url: str | None = None,
                  timeout: float = TIMEOUT_S) -> Run:
        """Ask for a run of `page` (its URL path, '' for the overview) and collect it until script_finished."""
        result = Run()
        t0 = time.perf_counter()
        await self.send(self._rerun_msg(page, query, widgets, url))
        deadline = time.monotonic() + timeout
        while True:
            msg, size = await self._next(max(deadline - time.monotonic(), 0.01))
            result.bytes += size
            result.largest_message = max(result.largest_message, size)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.new_session.app_pages}
                self.session_id = msg.new_session.initialize.session_id
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "delta":
                self._collect_delta(result, msg.delta)
            elif kind == "page_not_found":
                result.page_not_found = True
            elif kind == "backend_operation_response":
                self.responses[msg.backend_operation_response.request_id] = msg.backend_operation_response
            elif kind == "script_finished":
                result.status = msg.script_finished
                result.ms = (time.perf_counter() - t0) * 1000
                if msg.script_finished in (FINISHED_SUCCESSFULLY, 2):  # 2: finished early for a rerun
                    return result
                return result

    async def run_with_downloads(self, page: str = "", query: str = "") -> Run:
        """Run `page`, then open its download boxes (built only when opened, as a click on one does) and return
        that second run, whose download buttons are there."""
        first = await self.run(page, query)
        opened = [widget_state(box, bool_value=True) for box in first.boxes if "dl-box-" in box]
        return await self.run(page, query, widgets=opened)

    @classmethod
    def _collect_delta(cls, result: Run, delta) -> None:
        which = delta.WhichOneof("type")
        if which == "new_element":
            cls._collect(result, delta.new_element)
        elif which == "add_block" and delta.add_block.WhichOneof("type") == "expandable":
            box = delta.add_block.expandable
            if box.id:  # a keyed expander: a widget (opening it is a rerun)
                result.boxes[box.id] = box.label

    @staticmethod
    def _collect(result: Run, element) -> None:
        which = element.WhichOneof("type")
        result.elements.append((which, element))
        if which == "exception":
            result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which in ("markdown", "alert", "heading"):
            result.texts.append(getattr(element, which).body)
        elif which == "text":
            result.texts.append(element.text.body)
        if which == "download_button":
            result.downloads[element.download_button.id] = element.download_button.deferred_file_id
        inner = getattr(element, which) if which else None
        widget_id = getattr(inner, "id", "") if inner is not None else ""
        if widget_id:
            result.widgets[widget_id] = inner

    # ------------------------------------------------------------------ downloads
    async def request_file(self, file_id: str) -> str:
        """Send one deferred-download request; return its request id (the answer arrives later)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        request_id = f"attack-{next(_request_ids)}"
        msg.backend_operation_request.request_id = request_id
        msg.backend_operation_request.session_id = self.session_id
        msg.backend_operation_request.deferred_file.file_id = file_id
        await self.send(msg)
        return request_id

    async def wait_responses(self, request_ids: list[str], timeout: float = TIMEOUT_S) -> dict[str, object]:
        """Wait for the answers to these requests (url or error_msg), collecting other messages aside."""
        deadline = time.monotonic() + timeout
        while not all(r in self.responses for r in request_ids):
            msg, _ = await self._next(max(deadline - time.monotonic(), 0.01))
            if msg.WhichOneof("type") == "backend_operation_response":
                self.responses[msg.backend_operation_response.request_id] = msg.backend_operation_response
            else:
                self.other.append(msg)
        return {r: self.responses[r] for r in request_ids}

    async def download(self, file_id: str, timeout: float = TIMEOUT_S) -> bytes:
        """Click a deferred download button and fetch the file, as the browser does."""
        request_id = await self.request_file(file_id)
        response = (await self.wait_responses([request_id], timeout))[request_id]
        if response.error_msg:
            raise RuntimeError(f"download refused: {response.error_msg}")
        return fetch(self.base_url + response.deferred_file.url)

    async def clear_cache(self) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.clear_cache = True
        await self.send(msg)


def fetch(url: str, timeout: float = TIMEOUT_S) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def widget_state(widget_id: str, **value):
    """A WidgetState proto: widget_state(id, string_value="x"), int_value=5, string_array_value=[...] ..."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    for name, val in value.items():
        if name == "string_array_value":
            state.string_array_value.data.extend(val)
        elif name == "int_array_value":
            state.int_array_value.data.extend(val)
        elif name == "double_array_value":
            state.double_array_value.data.extend(val)
        else:
            setattr(state, name, val)
    return state
