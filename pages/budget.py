"""Budget vs actual: how did each account of the chosen areas turn out against the 2024 budget?"""

import polars as pl
import streamlit as st

from utils import charts, data, transform, ui

t = ui.t
filters = ui.page_header(t("budget.title"), t("budget.question"))
if filters.year != 2024:
    ui.no_data(t("budget.only_2024", year=filters.year))
ui.signs_note()

wide = data.finance_wide()
names = ui.area_names()
accounts = data.account_names(filters.lang)
texts = data.load_texts()
pop = data.population()["population"]
per = pop if filters.measure == "per_resident" else None
unit = t("budget.unit_per_resident" if per else "budget.unit_eur")
money_format = "eur2" if per else "eur"
if per:
    st.caption(t("budget.per_resident_note", population=ui.num(pop)))

DIRECTION = {"worse": t("budget.worse"), "better": t("budget.better"), "on_budget": t("budget.on_budget")}
CHECK_MARK = {"ok": "✔", "rounding": "≈", "discrepancy": "✘"}
per_resident_checks = data.load_checks().filter(pl.col("check") == "per_resident")
rows_all = transform.scale(
    transform.with_check_marks(transform.budget_rows(wide, filters.area_codes), data.load_checks()),
    ["shown_budget_eur", "shown_actual_eur", "deviation_eur"], per,
)

columns = st.columns(1 if len(filters.area_codes) == 1 else 2)
for i, area in enumerate(filters.area_codes):
    rows = rows_all.filter(pl.col("service_area") == area)
    with columns[i % len(columns)]:
        st.subheader(names[area])
        items = rows.filter(pl.col("account_kind").is_in(["income", "cost"]))
        money = "eur2" if per else "eur"
        chart_df = items.select(
            pl.col("account").replace_strict(accounts).alias("account"),
            pl.col("shown_actual_eur").alias("actual"),
            pl.col("shown_budget_eur").alias("budget"),
            pl.max_horizontal("shown_actual_eur", "shown_budget_eur").alias("max_value"),
            pl.col("judgement").replace_strict(DIRECTION).alias("direction"),
        ).with_columns(
            (ui.labels(items["shown_actual_eur"], money) + " (" + ui.labels(items["realization_pct"], "pct") + ")")
            .alias("label"),
            ui.labels(items["shown_budget_eur"], money).alias("budget_label"),
        )
        ui.chart(charts.budget_actual_chart, chart_df, "account", t("budget.actual_axis", unit=unit), t("budget.actual"),
                                            t("budget.budget"), (DIRECTION["worse"], DIRECTION["better"],
                                                                  DIRECTION["on_budget"]),
                                            lang=filters.lang, name=f"budget-actual-{area}")
        st.caption(t("budget.chart_note"))
        dev_df = items.select(pl.col("account").replace_strict(accounts).alias("account"), "deviation_eur").with_columns(
            ui.labels(items["deviation_eur"], money).alias("deviation_label")
        )
        ui.chart(charts.deviation_chart, dev_df, "account", t("budget.deviation_axis", unit=unit), DIRECTION["better"],
                                        DIRECTION["worse"], lang=filters.lang, name=f"deviation-{area}")
        ui.source_caption(
            t("budget.source_sector") if area == "ALL" else t("budget.source_area", area=names[area]),
            f"{rows['source_line'].first()}–{rows['source_line'].last()}",
        )
        if area == "HYTE":
            st.caption(t("budget.hyte_note"))
        if per:  # where the document prints its own per-resident figure, show it beside the computed one
            net = rows.filter(pl.col("account") == "Toimintakate")["shown_actual_eur"]
            for check in per_resident_checks.filter(pl.col("service_area") == area).iter_rows(named=True):
                st.caption(t("budget.document_per_resident", printed=ui.num(check["printed"]),
                             computed=ui.eur(net.item(), 2), line=check["source_line"].split(";")[0]))
        commentary = texts.filter(pl.col("topic") == "budget_commentary", pl.col("service_area") == area)
        ui.quote(commentary["text"].to_list())
        if commentary.height:
            ui.source_caption(commentary["heading"].first() or "", ";".join(commentary["source_line"].to_list()))

st.subheader(t("budget.table_title"))
shown = rows_all.select(
    pl.col("service_area").replace_strict(names).alias(t("budget.col_area")),
    pl.col("account").replace_strict(accounts).alias(t("budget.col_account")),
    pl.when(pl.col("shown_as") == "cost").then(pl.lit(t("words.cost"))).otherwise(pl.lit(t("words.income")))
    .alias(t("budget.col_kind")),
    pl.col("shown_budget_eur").alias(t("budget.col_budget")),
    pl.col("shown_actual_eur").alias(t("budget.col_actual")),
    pl.col("deviation_eur").alias(t("budget.col_deviation")),
    pl.col("realization_pct").alias(t("budget.col_pct")),
    pl.col("judgement").replace_strict(DIRECTION).alias(t("budget.col_judgement")),
    pl.col("check_verdict").replace_strict(CHECK_MARK, default="–").alias(t("budget.col_check")),
)
ui.table(shown, {t("budget.col_budget"): money_format, t("budget.col_actual"): money_format,
                 t("budget.col_deviation"): money_format, t("budget.col_pct"): "pct"}, name="budget-vs-actual")
st.caption(t("budget.table_note"))

choice = st.selectbox(
    t("budget.cite_pick"), list(range(rows_all.height)), key="budget_cite",
    format_func=lambda i: f"{names[rows_all['service_area'][i]]} · {accounts.get(rows_all['account'][i], rows_all['account'][i])}",
)
r = rows_all.row(choice, named=True)
ui.cite(t("budget.cite_sentence", area=names[r["service_area"]], account=accounts.get(r["account"], r["account"]),
          actual=ui.eur(r["shown_actual_eur"], 2 if per else 0), budget=ui.eur(r["shown_budget_eur"], 2 if per else 0),
          pct=ui.pct(r["realization_pct"]), deviation=ui.eur(r["deviation_eur"], 2 if per else 0))
        + f" [{t('app.source_lines', lines=r['source_line']).strip(' ·')}]")
ui.footer()
