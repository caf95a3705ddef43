"""Goals: what did the sector aim for in 2024, and how far did it get by 30.9. and 31.12.?"""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import document_text, goal_table, views
from utils.charts import status_bars
from utils.core import settings

t = frame.t
filters = frame.page_header(t("goals.title"), t("goals.question"))
INPUTS = settings.app_settings()["inputs"]
lang = filters.lang
goals = data.load_goals()
texts = data.load_texts()
names = frame.area_names()


def said(label_key: str, text: str | None) -> str:
    """One labelled quote of the document's words, as plain text in Markdown (an em dash where it has none).
    The level's introduction above the cards (blocks.quote) says once that the quotes are in Finnish."""
    body = blocks.escape_md(document_text.one_line(text)) or "–"
    return f"*{t(label_key)}*\n\n> {body}"


def goal_card(goal: dict, level_title: str, opened: bool) -> None:
    """One goal's card: its heading line and the goal in the document's words, one Markdown element (a page of
    cards is hundreds of elements otherwise), and its details in a box built only when opened (a rerun: a card is
    then two elements, not five), open from the start when `opened` (a search is on; the key changes with it, so
    the box starts anew)."""
    with st.container(border=True):
        st.markdown(
            f"**{goal['goal_id']}** · {goal['symbol']} **{blocks.escape_md(goal['status_label'])}** · "
            f"{goal['area_name']} · {blocks.escape_md(goal['aim_label'])}\n\n"
            + said("goals.label_goal", goal["goal"])
        )
        details = frame.box_if_open(t("goals.details"), f"goal-details-{goal['goal_id']}-{opened}", expanded=opened)
        if details is None:
            return
        with details:
            who = blocks.escape_md(document_text.one_line(goal["responsible"])) or t("goals.not_marked")
            st.markdown("\n\n".join([said("goals.label_measure", goal["measure"]), t("goals.responsible", who=who),
                                      said("goals.label_progress_0930", goal["progress_0930"]),
                                      said("goals.label_progress_1231", goal["progress_1231"])]))
            blocks.source_caption(level_title, document_text.compact_lines([goal["source_line"]]))


# ---- what year and area mean here
if filters.year != goal_table.GOALS_YEAR:
    st.info(t("goals.other_year", goals_year=goal_table.GOALS_YEAR, year=filters.year))
else:
    st.caption(t("goals.year_note", goals_year=goal_table.GOALS_YEAR))
scoped = goal_table.goals_in_scope(goals, filters.areas)
chosen = ", ".join(names[a] for a in filters.areas)
if filters.areas:
    st.info(t("goals.areas_note", areas=chosen, left_out=goal_table.empty_rows_outside(goals, filters.areas)))

# ---- status counts
st.header(t("goals.status_title"))
counts = goal_table.goal_status_counts(scoped)
labels = {g: goal_table.status_label(lang, g) for g in counts["status_group"].to_list()}
left, right = st.columns(2)  # the chart first: on a phone it is what the page opens with
with left:
    tables.chart(status_bars.status_count_chart, counts, lang=lang, name="goals-status")
with right:
    tables.table(*views.goal_status_table(counts, labels), name="goals-status")
st.markdown(t("goals.status_explain", n=scoped.height))
blocks.source_caption(t("goals.source_status"), document_text.compact_lines(scoped["source_line"]))
scope = t("goals.cite_scope_areas", areas=chosen) if filters.areas else names[settings.SECTOR]
blocks.cite(claim_text.goal_status_cite(scoped, counts, labels, scope))

# ---- the page's own filters
st.header(t("goals.filter_title"))
# on a phone in a box built when opened (open from the start while a filter is on); elsewhere on the page
filtering = any(bool(st.session_state.get(k)) for k in ("goals_status", "goals_aim", "goals_search"))
place = frame.phone_box(t("goals.filter_box"), "goals-filter-box", expanded=filtering)
statuses, aims, search = [], [], ""
if place is not None:
    c1, c2, c3 = place.columns(views.GOAL_FILTERS)
    statuses = c1.multiselect(t("goals.filter_status"), goal_table.status_options(scoped), key="goals_status",
                              format_func=lambda g: goal_table.status_label(lang, g),
                              placeholder=t("goals.filter_status_placeholder"))
    aims = c2.multiselect(t("goals.filter_aim"), goal_table.strategic_aims(scoped), key="goals_aim",
                          format_func=lambda a: goal_table.aim_label(lang, a),
                          placeholder=t("goals.filter_aim_placeholder"))
    search = c3.text_input(t("goals.search"), key="goals_search", max_chars=INPUTS["goals_search_max_chars"],
                           placeholder=t("goals.search_placeholder"), help=t("goals.search_help"))
shown = goal_table.filter_goals(scoped, statuses, aims, search)
st.caption(t("goals.shown", shown=shown.height, total=scoped.height))
if shown.height == 0:
    st.warning(t("goals.none_match"))

# ---- one card per goal, level by level
for level in goal_table.LEVELS:
    cards = goal_table.goal_cards(shown, names, level, lang)
    if cards.height == 0:
        continue
    level_title = t(f"goals.level.{level}")
    st.header(level_title, help=blocks.term_help("sitovuus") if level == "council" else None)
    blocks.quote([document_text.one_line(p)
                  for p in document_text.texts_of(texts, [f"{level}_goals"])["text"].to_list()])
    if level == "council" and filters.areas:
        st.caption(t("goals.council_all_areas"))
    goal_rows, empty_rows = goal_table.split_empty(cards)
    # on a phone the cards wait in a box built when opened (rendering them delays the first chart there), open
    # from the start while a filter is on (the key changes with it, so the box starts anew); elsewhere on the page
    cards_place = frame.phone_box(t("goals.cards_box", n=goal_rows.height), f"goals-cards-{level}-{filtering}",
                                  expanded=filtering) if goal_rows.height else None
    if cards_place is not None:
        with cards_place:
            for goal in goal_rows.iter_rows(named=True):
                goal_card(goal, level_title, opened=bool(search.strip()))
    if empty_rows.height:
        listed = "; ".join(t("goals.empty_row", id=r["goal_id"], aim=blocks.escape_md(r["aim_label"]))
                           for r in empty_rows.iter_rows(named=True))
        st.markdown(t("goals.empty_rows", n=empty_rows.height, rows=listed))
    blocks.source_caption(level_title, document_text.compact_lines(cards["source_line"]))

# ---- the same as a table
st.header(t("goals.table_title"))
# built only when opened (a rerun): the cards above hold the same rows, and on a phone the table is long
table_box = frame.box_if_open(t("goals.table_open", n=shown.height), "goals-table")
if table_box is not None:
    with table_box:
        st.markdown(t("goals.table_intro"))
        table_rows = goal_table.goal_cards(shown, names, lang=lang)
        tables.table(*views.goals_table(table_rows), name="goals")
        blocks.source_caption(t("goals.source_table"), document_text.compact_lines(table_rows["source_line"]))
frame.footer()
