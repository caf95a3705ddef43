"""Goals: what did the sector aim for in 2024, and how far did it get by 30.9. and 31.12.?"""

import streamlit as st

from utils import data, plan_charts, plans, ui

t = ui.t
filters = ui.page_header(t("goals.title"), t("goals.question"))
lang = filters.lang
goals = data.load_goals()
texts = data.load_texts()
names = ui.area_names()


def said(label_key: str, text: str | None) -> None:
    """One labelled quote of the document's words, rendered as plain text (an em dash where it has none).
    The level's introduction above the cards (ui.quote) says once that the quotes are in Finnish."""
    body = ui.escape_md(plans.one_line(text)) or "–"
    st.markdown(f"*{t(label_key)}*\n\n> {body}")


# ---- what year and area mean here
if filters.year != plans.GOALS_YEAR:
    st.info(t("goals.other_year", goals_year=plans.GOALS_YEAR, year=filters.year))
else:
    st.caption(t("goals.year_note", goals_year=plans.GOALS_YEAR))
scoped = plans.goals_in_scope(goals, filters.areas)
chosen = ", ".join(names[a] for a in filters.areas)
if filters.areas:
    st.info(t("goals.areas_note", areas=chosen, left_out=plans.empty_rows_outside(goals, filters.areas)))

# ---- status counts
st.header(t("goals.status_title"))
counts = plans.goal_status_counts(scoped)
labels = {g: plans.status_label(lang, g) for g in counts["status_group"].to_list()}
with st.container(horizontal=True, gap="large"):
    for row in counts.iter_rows(named=True):
        st.metric(f"{row['symbol']} {labels[row['status_group']]}", row["count"], width="content")
st.markdown(t("goals.status_explain", n=scoped.height))
left, right = st.columns(2)
with left:
    ui.chart(plan_charts.status_count_chart, counts, lang=lang, name="goals-status")
with right:
    ui.table(
        counts.select(
            counts["status_group"].replace_strict(labels).alias(t("goals.col_status")),
            counts["council"].alias(t("goals.col_council")),
            counts["operational"].alias(t("goals.col_operational")),
            counts["count"].alias(t("goals.col_total")),
        ),
        {t("goals.col_council"): "int", t("goals.col_operational"): "int", t("goals.col_total"): "int"},
        name="goals-status",
    )
ui.source_caption(t("goals.source_status"), plans.compact_lines(scoped["source_line"]))
by_group = dict(zip(counts["status_group"].to_list(), counts["count"].to_list()))
usual = ("Toteutuu", "Toteutuu osittain", plans.EMPTY_GROUP)
ui.cite(t(
    "goals.cite_sentence",
    n=scoped.height,
    scope=t("goals.cite_scope_areas", areas=chosen) if filters.areas else names["ALL"],
    met=by_group.get("Toteutuu", 0),
    partly=by_group.get("Toteutuu osittain", 0),
    empty=by_group.get(plans.EMPTY_GROUP, 0),
    other="".join(t("goals.cite_other", count=n, status=labels[g]) for g, n in by_group.items()
                  if g not in usual and n),
) + f" [{t('app.source_lines', lines=plans.compact_lines(scoped['source_line'])).strip(' ·')}]")

# ---- the page's own filters
st.header(t("goals.filter_title"))
c1, c2, c3 = st.columns(3)
statuses = c1.multiselect(t("goals.filter_status"), plans.status_options(scoped), key="goals_status",
                          format_func=lambda g: plans.status_label(lang, g),
                          placeholder=t("goals.filter_status_placeholder"))
aims = c2.multiselect(t("goals.filter_aim"), plans.strategic_aims(scoped), key="goals_aim",
                      format_func=lambda a: plans.aim_label(lang, a), placeholder=t("goals.filter_aim_placeholder"))
search = c3.text_input(t("goals.search"), key="goals_search", max_chars=80, placeholder=t("goals.search_placeholder"),
                       help=t("goals.search_help"))
shown = plans.filter_goals(scoped, statuses, aims, search)
st.caption(t("goals.shown", shown=shown.height, total=scoped.height))
if shown.height == 0:
    st.warning(t("goals.none_match"))

# ---- one card per goal, level by level
for level in plans.LEVELS:
    cards = plans.goal_cards(shown, names, level, lang)
    if cards.height == 0:
        continue
    level_title = t(f"goals.level.{level}")
    st.header(level_title, help=ui.term_help("sitovuus") if level == "council" else None)
    ui.quote([plans.one_line(p) for p in plans.texts_of(texts, [f"{level}_goals"])["text"].to_list()])
    if level == "council" and filters.areas:
        st.caption(t("goals.council_all_areas"))
    goal_rows, empty_rows = plans.split_empty(cards)
    for goal in goal_rows.iter_rows(named=True):
        with st.container(border=True):
            st.markdown(
                f"**{goal['goal_id']}** · {goal['symbol']} **{ui.escape_md(goal['status_label'])}** · "
                f"{goal['area_name']} · {ui.escape_md(goal['aim_label'])}"
            )
            said("goals.label_goal", goal["goal"])
            with st.expander(t("goals.details"), expanded=bool(search.strip())):
                said("goals.label_measure", goal["measure"])
                who = ui.escape_md(plans.one_line(goal["responsible"])) or t("goals.not_marked")
                st.markdown(t("goals.responsible", who=who))
                said("goals.label_progress_0930", goal["progress_0930"])
                said("goals.label_progress_1231", goal["progress_1231"])
                ui.source_caption(level_title, plans.compact_lines([goal["source_line"]]))
    if empty_rows.height:
        listed = "; ".join(t("goals.empty_row", id=r["goal_id"], aim=ui.escape_md(r["aim_label"]))
                           for r in empty_rows.iter_rows(named=True))
        st.markdown(t("goals.empty_rows", n=empty_rows.height, rows=listed))
    ui.source_caption(level_title, plans.compact_lines(cards["source_line"]))

# ---- the same as a table
st.header(t("goals.table_title"))
st.markdown(t("goals.table_intro"))
table_rows = plans.goal_cards(shown, names, lang=lang)
ui.table(
    table_rows.select(
        table_rows["goal_id"].alias(t("goals.col_id")),
        table_rows["level_name"].alias(t("goals.col_level")),
        table_rows["aim_label"].alias(t("goals.col_aim")),
        table_rows["area_name"].alias(t("goals.col_area")),
        table_rows["goal"].fill_null("–").alias(t("goals.col_goal")),
        table_rows["measure"].fill_null("–").alias(t("goals.col_measure")),
        table_rows["responsible"].fill_null("–").alias(t("goals.col_responsible")),
        table_rows["progress_0930"].fill_null("–").alias(t("goals.col_progress_0930")),
        table_rows["progress_1231"].fill_null("–").alias(t("goals.col_progress_1231")),
        table_rows["status_printed_label"].alias(t("goals.col_status_printed")),
    ),
    name="goals",
)
ui.source_caption(t("goals.source_table"), plans.compact_lines(table_rows["source_line"]))
ui.footer()
