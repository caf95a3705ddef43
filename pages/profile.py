"""Profile: everything the statement says about one service area (or the whole sector), top to bottom, with a
printable report of it. Always 2024 against its budget and against 2023, whatever the year filter says."""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import claims, document_text, goal_table, profile, views
from utils.core.filters import to_params
from utils.core.navigation import PAGES

frame.follow_link_params()  # the overview's area rows link here with ?area=X
t = frame.t
names = frame.area_names()
area, others = profile.chosen_area(frame.current_filters().areas)
filters = frame.page_header(t(profile.sector_key("profile.title", area == profile.SECTOR), area=names[area]),
                            t("profile.question"))
lang = filters.lang
p = profile.build(data.tables(), area, data.mapping(), wide=data.finance_wide())
params = to_params(filters)
SCRIPTS = {spec.url_path: spec.path for spec in PAGES}


def details(section: str) -> None:
    """A link to the detailed page of a section, with the same filters."""
    page = profile.PAGES[section]
    st.page_link(SCRIPTS[page], label=t("profile.details", page=t(f"nav.{page}")), icon=":material/arrow_forward:",
                 query_params=params)


# ---- scope, other chosen areas, the report
if filters.year != p.year:
    st.info(t("profile.always_year", year=p.year, previous=p.previous_year, chosen=filters.year))
else:
    st.caption(t("profile.always", year=p.year, previous=p.previous_year))
if others:
    st.info(t("profile.several", shown=names[area]))
    with st.container(horizontal=True):
        for other in others:
            st.page_link(SCRIPTS["profile"], label=t("profile.other_link", area=names[other]),
                         icon=":material/arrow_forward:", query_params={**params, "area": [other]})
tables.report_download(area)
st.caption(t("profile.pdf_note"))

# ---- what the area does
description_title = t(profile.sector_key("profile.description_title", p.is_sector))
st.header(description_title)
if p.description["paragraphs"]:
    blocks.quote(p.description["paragraphs"])
    blocks.source_caption(blocks.escape_md(p.description["heading"] or description_title),
                      p.description["source_line"])
else:
    blocks.no_data(t("profile.no_description"))
details("description")

# ---- net cost 2024 against budget and 2023: per resident when chosen (2024 only: no population for 2023)
net = p.net_cost
per = net["population"] if filters.measure == "per_resident" else None
budget_claim, change_claim = net["budget_claim"], net["change_claim"]
resident_claim = claims.per_resident(budget_claim, net["population"])
shown_claim = resident_claim if per else budget_claim
st.header(t("profile.net_title", year=p.year), help=blocks.term_help("toimintakate"))
blocks.figures([
    blocks.Figure(t("profile.net_actual", year=p.year), claim_text.claim_figure(shown_claim, "value"),
                  claim_text.claim_delta(shown_claim)),
    blocks.Figure(t("profile.net_budget", year=p.year), claim_text.claim_figure(shown_claim, "base")),
    blocks.Figure(t("profile.net_previous", year=p.previous_year), claim_text.claim_figure(change_claim, "base"),
                  claim_text.claim_delta(change_claim)),
])
st.markdown("- " + claim_text.claim_sentence(shown_claim) + "\n- " + claim_text.claim_sentence(change_claim))
if per:
    st.caption(t("profile.per_resident_chosen", population=tables.num(net["population"]), year=net["population_year"],
                 line=net["population_line"], previous=p.previous_year))
else:
    st.markdown(t("profile.per_resident", actual=claim_text.claim_figure(resident_claim, "value"),
                  budget=claim_text.claim_figure(resident_claim, "base"), population=tables.num(net["population"]),
                  year=net["population_year"], line=net["population_line"], previous=p.previous_year))
blocks.source_caption(t("profile.source_net", area=names[area]), net["source_line"])
blocks.signs_note()
with st.container(horizontal=True):
    details("net_cost")
    details("change")

# ---- the largest deviations, beside the document's commentary
st.header(t("profile.deviations_title", n=len(p.deviations)))
left, right = st.columns(2)
with left:
    st.caption(t("profile.deviations_how"))
    st.markdown("\n".join(
        f"{i}. " + claim_text.claim_sentence(c, with_area=False)
        + f" *({t('app.source_lines', lines=c.source_line).strip(' ·')})*"
        for i, c in enumerate([claims.per_resident(c, per) if per else c for c in p.deviations], start=1)
    ))
    blocks.source_caption(t("profile.source_statement", area=names[area]),
                      document_text.compact_lines(p.deviation_rows["source_line"]))
with right:
    if p.commentary["paragraphs"]:
        blocks.quote(p.commentary["paragraphs"])
        blocks.source_caption(blocks.escape_md(p.commentary["heading"] or ""), p.commentary["source_line"])
        claim_text.editorial_notes(area)
    else:
        blocks.no_data(t("profile.no_commentary"))
details("deviations")

# ---- key figures against their targets
st.header(t("profile.kpis_title"), help=blocks.term_help("tunnusluku"))
indicator_names = data.indicator_names(lang)
if p.kpis.is_empty():
    blocks.no_data(t("profile.no_kpis"))
else:
    st.markdown(claim_text.kpi_counts_sentence(profile.kpi_counts(p), "profile.kpis_counts"))
    for claim in p.kpi_claims:
        claim_text.said(claim)
    tables.table(*views.profile_kpis_table(p.kpis, p.kpi_claims, indicator_names, names),
                 name=f"profile-kpis-{area}")
    st.caption(t("profile.kpis_judgement"))
    blocks.source_caption(t("profile.source_kpis"), document_text.compact_lines(p.kpis["source_line"]))
    claim_text.contradictions_here("kpis", () if p.is_sector else (area,))
details("kpis")

# ---- goals with their status and progress
st.header(t("profile.goals_title"))
counts = goal_table.nonzero_counts(p.goal_counts)
st.markdown(t("profile.goals_counts", n=p.goals.height, counts=", ".join(
    f"{r['symbol']} {goal_table.status_label(lang, r['status_group'])}: {r['count']}"
    for r in counts.iter_rows(named=True))))
if not p.is_sector:
    st.caption(t("profile.goals_scope", area=names[area]))
cards = goal_table.goal_cards(p.goals, names, lang=lang)
filled, empty = goal_table.split_empty(cards)
for goal in filled.iter_rows(named=True):
    with st.container(border=True):
        st.markdown(f"**{goal['goal_id']}** · {goal['symbol']} **{blocks.escape_md(goal['status_label'])}** · "
                    f"{goal['level_name']} · {goal['area_name']}")
        blocks.quote([document_text.one_line(goal["goal"])])
        with st.expander(t("profile.goal_progress")):
            blocks.quote([document_text.one_line(goal["progress_1231"]) or "–"])
            blocks.source_caption(t("profile.source_goals"), document_text.compact_lines([goal["source_line"]]))
if empty.height:
    st.markdown(t("profile.goals_empty", n=empty.height, ids=", ".join(empty["goal_id"].to_list())))
blocks.source_caption(t("profile.source_goals"), document_text.compact_lines(cards["source_line"]))
details("goals")

# ---- risks: the table names no area
st.header(t("profile.risks_title"))
st.info(t("profile.risks_sector"))
tables.table(*views.risks_table(p.risks, "profile", with_mitigation=False), name="profile-risks")
blocks.source_caption(t("profile.source_risks"), document_text.compact_lines(p.risks["source_line"]))
details("risks")

# ---- projects tied to the area by hand-reviewed ties
st.header(t("profile.projects_title"), help=blocks.term_help("hanke"))
st.caption(t("profile.projects_how"))
tied = p.tied_projects
if tied.height:
    tables.table(*views.tied_projects_table(tied, names), name=f"profile-projects-{area}")
    blocks.source_caption(t("profile.source_projects"), document_text.compact_lines(tied["source_line"]))
else:
    blocks.no_data(t("profile.no_projects"))
untied = p.untied_projects
if untied.height:
    st.markdown(t("profile.untied", n=untied.height) + "\n" + "\n".join(
        f"- {blocks.escape_md(r['name'])} ({r['period']}): {blocks.escape_md(profile.reason(r, lang))}"
        for r in untied.iter_rows(named=True)))
    blocks.source_caption(t("profile.source_projects"), document_text.compact_lines(untied["source_line"]))
details("projects")

# ---- what the document does not say
st.header(t("profile.gaps_title"))
st.markdown(views.gap_items(p.gaps, p.previous_year, names, indicator_names, p.is_sector))
details("gaps")

blocks.cite(claim_text.claim_sentence(shown_claim)
            + f" [{t('app.source_lines', lines=net['source_line']).strip(' ·')}]")
frame.footer()
