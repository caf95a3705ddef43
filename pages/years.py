"""2023 vs 2024: what changed from the 2023 actuals to the 2024 budget and actuals?"""

import polars as pl
import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.charts import palette, row_bars
from utils.core import settings
from utils.questions import claims, finance

t = frame.t
filters = frame.page_header(t("years.title"), t("years.question"))
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


def change_labels(rows: pl.DataFrame) -> pl.Series:
    """'+271 409 € (+757,0 %)': the change in euros and per cent, signed (U+2212 for minus)."""
    euros = tables.labels(rows["difference"], signed=True)
    pcts = tables.labels(rows["claim_pct"], "pct1", signed=True)
    return pl.Series([e + (f" ({p})" if p != "–" else "") for e, p in zip(euros, pcts)], dtype=pl.String)


columns = st.columns(1 if len(filters.area_codes) == 1 else 2)
for i, area in enumerate(filters.area_codes):
    rows = rows_all.filter(pl.col("service_area") == area)
    with columns[i % len(columns)]:
        st.header(names[area])
        items = rows.filter(pl.col("account_kind").is_in(["income", "cost"]))
        chart_df = items.select(
            pl.col("account").replace_strict(account_names).alias("account"), pl.col("difference").alias("change_eur")
        ).with_columns(change_labels(items).alias("change_label"))
        tables.chart(row_bars.diverging_chart, chart_df, "account", "change_eur", "change_label", t("years.axis"),
                 (t("years.up"), t("years.down")), (palette.INCREASE, palette.DECREASE),
                 lang=filters.lang, name=f"change-{area}")
        biggest = [claims.change_claim(r, accounts) for r in finance.biggest_changes(
            items.with_columns(pl.col("difference").alias("change_eur")), n=3).iter_rows(named=True)]
        if biggest:
            st.markdown(t("years.biggest", items=" ".join(claim_text.claim_sentence(c, with_area=False) for c in biggest)))
        blocks.source_caption(
            t("years.source_sector") if area == "ALL" else t("years.source_area", area=names[area]),
            f"{rows['source_line'].first()}–{rows['source_line'].last()}",
        )

st.header(t("years.table_title"))
tables.table(
    rows_all.select(
        pl.col("service_area").replace_strict(names).alias(t("years.col_area")),
        pl.col("account").replace_strict(account_names).alias(t("years.col_account")),
        pl.col("shown_actual_2023_eur").alias(t("years.col_2023")),
        pl.col("shown_budget_eur").alias(t("years.col_budget")),
        pl.col("shown_actual_eur").alias(t("years.col_2024")),
        pl.col("difference").alias(t("years.col_change")),
        pl.col("claim_pct").alias(t("years.col_change_pct")),
        pl.col("words").alias(t("years.col_direction")),
    ),
    {t("years.col_2023"): "eur", t("years.col_budget"): "eur", t("years.col_2024"): "eur",
     t("years.col_change"): "eur_signed", t("years.col_change_pct"): "pct1_signed"},
    name="change-2023-2024",
)
st.caption(t("years.table_note"))
top = finance.biggest_changes(
    rows_all.filter(pl.col("account_kind").is_in(["income", "cost"])).with_columns(
        pl.col("difference").alias("change_eur")), n=1)
if top.height:
    claim = claims.change_claim(top.row(0, named=True), accounts)
    blocks.cite(t("years.cite_sentence", sentence=claim_text.claim_sentence(claim))
            + f" [{t('app.source_lines', lines=claim.source_line).strip(' ·')}]")
frame.footer()
