"""Budget vs actual: how did each account of the chosen areas turn out against the 2024 budget?"""

import polars as pl
import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.charts import row_bars
from utils.core import settings
from utils.questions import check_results, claims, finance

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
money = "eur2" if per else "eur"
if per:
    population = claims.fact_claim("population", pop["population"], unit="count")
    st.caption(t("budget.per_resident_note", population=claim_text.claim_figure(population)))

JUDGEMENT = {"worse": t("budget.worse"), "better": t("budget.better"), "neutral": t("budget.on_budget")}
CHECK_MARK = {"ok": "✔", "rounding": "≈", "discrepancy": "✘"}
per_resident_checks = data.load_checks().filter(pl.col("check") == "per_resident")
# every printed row with its budget claim: claim_base (budget), claim_value (actual), difference (actual − budget),
# claim_pct, judgement (better / worse / neutral) and words, in the chosen measure
rows_all = claims.budget_frame(
    check_results.with_check_marks(finance.statement_rows(wide, filters.area_codes), data.load_checks()),
    accounts, filters.lang, per,
)

columns = st.columns(1 if len(filters.area_codes) == 1 else 2)
for i, area in enumerate(filters.area_codes):
    rows = rows_all.filter(pl.col("service_area") == area)
    with columns[i % len(columns)]:
        st.header(names[area])
        items = rows.filter(pl.col("account_kind").is_in(["income", "cost"]))
        chart_df = items.select(
            pl.col("account").replace_strict(account_names).alias("account"),
            pl.col("claim_value").alias("actual"),
            pl.col("claim_base").alias("budget"),
            pl.max_horizontal("claim_value", "claim_base").alias("max_value"),
            pl.col("judgement").replace_strict(JUDGEMENT).alias("direction"),
        ).with_columns(
            (tables.labels(items["claim_value"], money) + " (" + tables.labels(items["claim_pct"], "pct") + ")")
            .alias("label"),
            tables.labels(items["claim_base"], money).alias("budget_label"),
        )
        tables.chart(row_bars.budget_actual_chart, chart_df, "account", t("budget.actual_axis", unit=unit), t("budget.actual"),
                 t("budget.budget"), (JUDGEMENT["worse"], JUDGEMENT["better"], JUDGEMENT["neutral"]),
                 lang=filters.lang, name=f"budget-actual-{area}")
        st.caption(t("budget.chart_note"))
        dev_df = items.select(
            pl.col("account").replace_strict(account_names).alias("account"), "difference", "judgement",
        ).with_columns(tables.labels(items["difference"], money, signed=True).alias("difference_label"))
        tables.chart(row_bars.deviation_chart, dev_df, "account", t("budget.deviation_axis", unit=unit), JUDGEMENT["better"],
                 JUDGEMENT["worse"], lang=filters.lang, neutral_label=JUDGEMENT["neutral"], name=f"deviation-{area}")
        blocks.source_caption(
            t("budget.source_sector") if area == "ALL" else t("budget.source_area", area=names[area]),
            f"{rows['source_line'].first()}–{rows['source_line'].last()}",
        )
        if area == "HYTE":
            st.caption(t("budget.hyte_note"))
        if per:  # where the document prints its own per-resident figure, show it beside the computed one
            net = claims.budget_claim(finance.net_cost_row(wide, area), accounts, per)
            for check in per_resident_checks.filter(pl.col("service_area") == area).iter_rows(named=True):
                printed = claims.fact_claim("printed_per_resident", check["printed"], unit=claims.EUR_PER_RESIDENT,
                                            area=area, source_line=check["source_line"])
                st.caption(t("budget.document_per_resident", printed=claim_text.claim_figure(printed),
                             computed=claim_text.claim_figure(net), line=check["source_line"].split(";")[0]))
        commentary = texts.filter(pl.col("topic") == "budget_commentary", pl.col("service_area") == area)
        blocks.quote(commentary["text"].to_list())
        if commentary.height:
            blocks.source_caption(commentary["heading"].first() or "", ";".join(commentary["source_line"].to_list()))

st.header(t("budget.table_title"))
shown = rows_all.select(
    pl.col("service_area").replace_strict(names).alias(t("budget.col_area")),
    pl.col("account").replace_strict(account_names).alias(t("budget.col_account")),
    pl.Series(t("budget.col_kind"), [t(f"words.{claims.side_of(a, accounts)}") for a in rows_all["account"]],
              dtype=pl.String),
    pl.col("claim_base").alias(t("budget.col_budget")),
    pl.col("claim_value").alias(t("budget.col_actual")),
    pl.col("difference").alias(t("budget.col_deviation")),
    pl.col("claim_pct").alias(t("budget.col_pct")),
    pl.col("words").alias(t("budget.col_judgement")),
    pl.col("check_verdict").replace_strict(CHECK_MARK, default="–").alias(t("budget.col_check")),
)
tables.table(shown, {t("budget.col_budget"): money, t("budget.col_actual"): money,
                 t("budget.col_deviation"): money + "_signed", t("budget.col_pct"): "pct"}, name="budget-vs-actual")
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
