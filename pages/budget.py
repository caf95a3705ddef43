"""Budget vs actual: how did each account of the chosen areas turn out against the 2024 budget?"""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import check_results, claims, document_text, finance, views
from utils.charts import row_bars
from utils.core import settings

t = frame.t
filters = frame.page_header(t("budget.title"), t("budget.question"))
if filters.year != settings.budget_year():
    blocks.no_data(t("budget.only_2024", year=filters.year))
blocks.signs_note()

wide = data.finance_wide()
names = frame.area_names()
account_names = data.account_names(filters.lang)
accounts = data.mapping()["accounts"]
texts = data.load_texts()
pop = data.population()
per = pop["population"] if filters.measure == "per_resident" else None
unit = t("budget.unit_per_resident" if per else "budget.unit_eur")
if per:
    population = claims.fact_claim("population", pop["population"], unit="count")
    st.caption(t("budget.per_resident_note", population=claim_text.claim_figure(population)))

JUDGEMENT = views.judgement_words()
# every printed row with its budget claim: claim_base (budget), claim_value (actual), difference (actual − budget),
# claim_pct, judgement (better / worse / neutral) and words, in the chosen measure
rows_all = claims.budget_frame(
    check_results.with_check_marks(finance.statement_rows(wide, filters.area_codes), data.load_checks()),
    accounts, filters.lang, per,
)

for area, rows, items in views.area_columns(rows_all, filters.area_codes, names):
    tables.chart(row_bars.budget_actual_chart, views.budget_bars(items, account_names, per), "account",
                 t("budget.actual_axis", unit=unit), t("budget.actual"), t("budget.budget"),
                 (JUDGEMENT["worse"], JUDGEMENT["better"], JUDGEMENT["neutral"]), lang=filters.lang,
                 name=f"budget-actual-{area}")
    st.caption(t("budget.chart_note"))
    tables.chart(row_bars.deviation_chart, views.deviation_bars(items, account_names, per), "account",
                 t("budget.deviation_axis", unit=unit), JUDGEMENT["better"], JUDGEMENT["worse"], lang=filters.lang,
                 neutral_label=JUDGEMENT["neutral"], name=f"deviation-{area}")
    scope = t("budget.source_sector") if area == settings.SECTOR else t("budget.source_area", area=names[area])
    blocks.source_caption(scope, document_text.line_span(rows["source_line"]))
    unprinted = finance.unprinted_accounts(wide, area)
    if unprinted:
        st.caption(t("budget.unprinted_note", area=names[area],
                     accounts=", ".join(account_names.get(account, account) for account in unprinted)))
    if per:  # where the document prints its own per-resident figure, show it beside the computed one
        net = claims.budget_claim(finance.net_cost_row(wide, area), accounts, per)
        current = check_results.current_per_resident_checks(data.load_checks(), area, settings.budget_year())
        for caption in claim_text.document_per_resident(current, net, area):
            st.caption(caption)
    commentary = document_text.area_texts(texts, "budget_commentary", area)
    blocks.quote(commentary["text"].to_list())
    claim_text.editorial_notes(area)
    # the external-funding key figure against this statement's grants line (the document against itself)
    claim_text.contradictions_here("kpis", (area,), ("external_funding_vs_grants", "external_funding_total"))
    if commentary.height:
        blocks.source_caption(commentary["heading"].first() or "",
                              document_text.joined_lines(commentary["source_line"]))

st.header(t("budget.table_title"))
tables.table(*views.budget_table(rows_all, names, account_names, accounts, per), name="budget-vs-actual")
st.caption(t("budget.table_note"))

choice = st.selectbox(
    t("budget.cite_pick"), list(range(rows_all.height)), key="budget_cite",
    format_func=lambda i: f"{names[rows_all['service_area'][i]]} · "
                          f"{account_names.get(rows_all['account'][i], rows_all['account'][i])}",
)
claim = claims.budget_claim(rows_all.row(choice, named=True), accounts, per)
blocks.cite(t("budget.cite_sentence", sentence=claim_text.claim_sentence(claim))
            + f" [{t('app.source_lines', lines=claim.source_line).strip(' ·')}]")
frame.footer()
