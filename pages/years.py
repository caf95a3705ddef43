"""2023 vs 2024: what changed from the 2023 actuals to the 2024 budget and actuals?"""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import claims, document_text, finance, views
from utils.charts import palette, row_bars
from utils.core import settings

t = frame.t
filters = frame.page_header(t("years.title"), t("years.question"))
LISTS = settings.app_settings()["lists"]
if filters.year < settings.previous_year():
    blocks.no_data(t("years.no_2022"))
else:
    st.caption(t("years.always"))
st.caption(t("years.nominal"))
if filters.measure == "per_resident":
    st.info(t("years.no_per_resident"))

wide = data.finance_wide()
names = frame.area_names()
account_names = data.account_names(filters.lang)
accounts = data.mapping()["accounts"]
# every printed row with its change claim: claim_base (2023), claim_value (2024), difference (2024 − 2023),
# claim_pct (change in % of 2023), direction (up / down / same) and words; always euros (no 2023 population)
rows_all = claims.change_frame(finance.statement_rows(wide, filters.area_codes), accounts, filters.lang)

for area, rows, items in views.area_columns(rows_all, filters.area_codes, names):
    tables.chart(row_bars.diverging_chart, views.change_bars(items, account_names), "account", "change_eur",
                 "change_label", t("years.axis"), (t("years.up"), t("years.down")),
                 (palette.INCREASE, palette.DECREASE), lang=filters.lang, name=f"change-{area}")
    biggest = finance.largest_change_claims(items, accounts, n=LISTS["biggest_changes"])
    if biggest:
        st.markdown(t("years.biggest", items=claim_text.claim_sentences(biggest, with_area=False)))
    scope = t("years.source_sector") if area == settings.SECTOR else t("years.source_area", area=names[area])
    blocks.source_caption(scope, document_text.line_span(rows["source_line"]))

st.header(t("years.table_title"))
tables.table(*views.change_table(rows_all, names, account_names),
             name=f"change-{settings.previous_year()}-{settings.budget_year()}")
st.caption(t("years.table_note"))
top = finance.largest_change_claims(finance.income_and_costs(rows_all), accounts, n=1)
if top:
    claim = top[0]
    blocks.cite(t("years.cite_sentence", sentence=claim_text.claim_sentence(claim))
                + f" [{t('app.source_lines', lines=claim.source_line).strip(' ·')}]")
frame.footer()
