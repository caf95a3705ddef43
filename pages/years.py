"""2023 vs 2024: what changed from the 2023 actuals to the 2024 budget and actuals?"""

import polars as pl
import streamlit as st

from utils import charts, data, transform, ui

t = ui.t
filters = ui.page_header(t("years.title"), t("years.question"))
if filters.year == 2022:
    ui.no_data(t("years.no_2022"))
else:
    st.caption(t("years.always"))
st.caption(t("years.nominal"))
if filters.measure == "per_resident":
    st.info(t("years.no_per_resident"))

wide = data.finance_wide()
names = ui.area_names()
accounts = data.account_names(filters.lang)
DIRECTION = {"▲ kasvoi": t("years.up"), "▼ pieneni": t("years.down"), "= ei muutosta": t("years.same"), "–": "–"}
rows_all = transform.with_direction(transform.year_comparison(wide, filters.area_codes))


def change_labels(rows: pl.DataFrame) -> pl.Series:
    """'+271 409 € (757,0 %)': the change in euros and per cent, signed."""
    euros = ui.labels(rows["change_eur"])
    pcts = ui.labels(rows["change_pct"], "pct1")
    return pl.Series([("+" if c > 0 else "") + e + (f" ({p})" if p != "–" else "")
                      for c, e, p in zip(rows["change_eur"], euros, pcts)], dtype=pl.String)


columns = st.columns(1 if len(filters.area_codes) == 1 else 2)
for i, area in enumerate(filters.area_codes):
    rows = rows_all.filter(pl.col("service_area") == area)
    with columns[i % len(columns)]:
        st.subheader(names[area])
        items = rows.filter(pl.col("account_kind").is_in(["income", "cost"]))
        biggest = transform.biggest_changes(items, n=3)
        chart_df = items.select(
            pl.col("account").replace_strict(accounts).alias("account"), "change_eur"
        ).with_columns(change_labels(items).alias("change_label"))
        ui.chart(charts.diverging_chart, chart_df, "account", "change_eur", "change_label", t("years.axis"),
                                        (t("years.up"), t("years.down")), (charts.BUDGET, charts.PREVIOUS),
                                        lang=filters.lang, name=f"change-{area}")
        if biggest.height:
            st.markdown(t("years.biggest", items="; ".join(
                f"{ui.account_name(r['account'])} {t('years.increased' if r['change_eur'] > 0 else 'years.decreased')} "
                f"{ui.eur(abs(r['change_eur']))}" for r in biggest.iter_rows(named=True)
            )))
        ui.source_caption(
            t("years.source_sector") if area == "ALL" else t("years.source_area", area=names[area]),
            f"{rows['source_line'].first()}–{rows['source_line'].last()}",
        )

st.subheader(t("years.table_title"))
ui.table(
    rows_all.select(
        pl.col("service_area").replace_strict(names).alias(t("years.col_area")),
        pl.col("account").replace_strict(accounts).alias(t("years.col_account")),
        pl.col("shown_actual_2023_eur").alias(t("years.col_2023")),
        pl.col("shown_budget_eur").alias(t("years.col_budget")),
        pl.col("shown_actual_eur").alias(t("years.col_2024")),
        pl.col("change_eur").alias(t("years.col_change")),
        pl.col("change_pct").alias(t("years.col_change_pct")),
        pl.col("direction").replace_strict(DIRECTION).alias(t("years.col_direction")),
    ),
    {t("years.col_2023"): "eur", t("years.col_budget"): "eur", t("years.col_2024"): "eur",
     t("years.col_change"): "eur", t("years.col_change_pct"): "pct1"},
    name="change-2023-2024",
)
st.caption(t("years.table_note"))
top = transform.biggest_changes(rows_all.filter(pl.col("account_kind").is_in(["income", "cost"])), n=1)
if top.height:
    r = top.row(0, named=True)
    ui.cite(t("years.cite_sentence", area=names[r["service_area"]], account=accounts.get(r["account"], r["account"]),
              direction=t("years.increased" if r["change_eur"] > 0 else "years.decreased"),
              change=ui.eur(abs(r["change_eur"])), pct=ui.pct(r["change_pct"], 1),
              before=ui.eur(r["shown_actual_2023_eur"]), after=ui.eur(r["shown_actual_eur"]))
            + f" [{t('app.source_lines', lines=r['source_line']).strip(' ·')}]")
ui.footer()
