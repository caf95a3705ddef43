"""The questions the pages ask (utils/questions/), each answered once per arguments: `from utils.app.answers
import finance` gives finance's functions, memoised by utils.app.data.answer. Constants and classes of a question
module pass through unchanged. A page imports its questions from here; the questions themselves stay plain polars,
testable without a server. `views` (the display frames of utils/app/views.py, whose headers are in the page's
language) is answered per language too; its generators, which draw, are not memoised."""

from __future__ import annotations

import functools
import inspect
from types import ModuleType

from utils.app import data, frame
from utils.app import views as _views
from utils.questions import (
    check_results,
    claims,
    contradictions,
    document_text,
    finance,
    findings,
    goal_table,
    key_figures,
    profile,
    project_table,
    risk_table,
    search,
)


class Answered:
    """A question module whose functions answer from the memo."""

    def __init__(self, module: ModuleType, per_language: bool = False):
        self._module = module
        self._per_language = per_language

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if not inspect.isfunction(value) or inspect.isgeneratorfunction(value):
            return value
        if self._per_language:
            def memoised(*args, **kwargs):
                return data.answer(value, *args, _context=(frame.lang(),), **kwargs)
            memoised = functools.wraps(value)(memoised)
        else:
            memoised = functools.wraps(value)(functools.partial(data.answer, value))
        setattr(self, name, memoised)  # found directly next time
        return memoised

    def __repr__(self) -> str:
        return f"<answers of {self._module.__name__}>"


check_results = Answered(check_results)
claims = Answered(claims)
contradictions = Answered(contradictions)
document_text = Answered(document_text)
finance = Answered(finance)
findings = Answered(findings)
goal_table = Answered(goal_table)
key_figures = Answered(key_figures)
profile = Answered(profile)
project_table = Answered(project_table)
risk_table = Answered(risk_table)
search = Answered(search)
views = Answered(_views, per_language=True)
