"""Budget vs actual: how did each account of the chosen areas turn out against the 2024 budget?"""

import polars as pl
import streamlit as st

from utils import charts, data, transform, ui
from utils.fi_numbers import format_eur, format_pct

filters = ui.page_header(
    "Talousarvio ja toteuma 2024",
    "Miten kunkin tilin tulot ja kulut toteutuivat vuoden 2024 talousarvioon verrattuna?",
)
if filters.year != 2024:
    ui.no_data(
        f"Asiakirjassa on talousarvio vain vuodelle 2024, ei vuodelle {filters.year}. "
        "Tällä sivulla vuosi on siksi aina 2024; vuosia voi verrata sivulla 2023 ja 2024."
    )
st.caption(ui.SIGNS)

wide = data.finance_wide()
names = data.area_names("fi")
texts = data.load_texts()
pop = data.population()["population"]
per = pop if filters.measure == "per_resident" else None
unit = "€ / asukas" if per else "€"
if per:
    st.caption(f"Luvut on laskettu asukasta kohden: summa / {pop} asukasta (asiakirjan asukasluku vuodelta 2024).")

DIRECTION = {"worse": "▲ budjettia huonompi", "better": "▼ budjettia parempi", "on_budget": "= budjetissa"}
money = ["shown_budget_eur", "shown_actual_eur", "deviation_eur"]
rows_all = transform.scale(transform.budget_rows(wide, filters.area_codes), money, per)

columns = st.columns(1 if len(filters.area_codes) == 1 else 2)
for i, area in enumerate(filters.area_codes):
    rows = rows_all.filter(pl.col("service_area") == area)
    with columns[i % len(columns)]:
        st.subheader(names[area])
        items = rows.filter(pl.col("account_kind").is_in(["income", "cost"]))
        chart_df = items.select(
            pl.col("account").alias("Tili"),
            pl.col("shown_actual_eur").alias("actual"),
            pl.col("shown_budget_eur").alias("budget"),
            pl.max_horizontal("shown_actual_eur", "shown_budget_eur").alias("max_value"),
            pl.col("judgement").replace_strict(DIRECTION).alias("direction"),
            pl.struct("shown_actual_eur", "realization_pct_printed")
            .map_elements(lambda s: f"{format_eur(s['shown_actual_eur'], 2 if per else 0)} "
                          f"({s['realization_pct_printed']} %)", return_dtype=pl.String).alias("label"),
            pl.col("shown_budget_eur").map_elements(lambda v: format_eur(v, 2 if per else 0),
                                                    return_dtype=pl.String).alias("budget_label"),
        )
        ui.chart(charts.budget_actual_chart(chart_df, "Tili", f"Toteuma 2024 ({unit}); musta viiva = talousarvio",
                                            "Toteuma", "Talousarvio"))
        st.caption("Pylväs = toteuma 2024, musta viiva = talousarvio. Kulut positiivisina. Kaaviossa tilirivit; "
                   "välisummat (toimintatuotot, -kulut, -kate…) ovat taulukossa.")
        dev_df = items.select(
            pl.col("account").alias("Tili"),
            "deviation_eur",
            pl.col("deviation_eur").map_elements(lambda v: format_eur(v, 2 if per else 0),
                                                 return_dtype=pl.String).alias("deviation_label"),
        )
        ui.chart(charts.deviation_chart(dev_df, "Tili", f"Poikkeama ({unit})",
                                         DIRECTION["better"], DIRECTION["worse"]))
        ui.source_caption(
            "Tuloslaskelma, nettositovuus" if area == "ALL" else f"Palvelualuettaiset laskelmat: {names[area]}",
            f"{rows['source_line'].first()}–{rows['source_line'].last()}",
        )
        if area == "HYTE":
            st.caption("HYTE:n laskelma päättyy asiakirjassa toimintakatteeseen: vuosikatetta ja tilikauden "
                       "tulosta ei ole painettu, eikä niitä lasketa tässä.")
        commentary = texts.filter(pl.col("topic") == "budget_commentary", pl.col("service_area") == area)
        ui.quote(commentary["text"].to_list())
        if commentary.height:
            ui.source_caption(commentary["heading"].first() or "", ";".join(commentary["source_line"].to_list()))

st.subheader("Taulukko: kaikki rivit")
ui.table(
    rows_all.select(
        pl.col("service_area").replace_strict(names).alias("Palvelualue"),
        pl.col("account").alias("Tili"),
        pl.when(pl.col("shown_as") == "cost").then(pl.lit("kulu")).otherwise(pl.lit("tulo")).alias("Laji"),
        pl.col("shown_budget_eur").alias("Talousarvio 2024"),
        pl.col("shown_actual_eur").alias("Toteuma 2024"),
        pl.col("deviation_eur").alias("Poikkeama"),
        pl.col("realization_pct").alias("Toteuma %"),
        pl.col("judgement").replace_strict(DIRECTION).alias("Arvio"),
    ),
    {"Talousarvio 2024": "eur2" if per else "eur", "Toteuma 2024": "eur2" if per else "eur",
     "Poikkeama": "eur2" if per else "eur", "Toteuma %": "pct"},
)
st.caption("Poikkeama ja Toteuma % kuten asiakirjassa. Kulut positiivisina.")
