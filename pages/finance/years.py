"""2023 vs 2024: what changed from the 2023 actuals to the 2024 budget and actuals?"""

import polars as pl
import streamlit as st

from utils import charts, data, transform, ui
from utils.fi_numbers import format_eur, format_pct

filters = ui.page_header(
    "2023 ja 2024",
    "Miten tulot ja kulut muuttuivat vuoden 2023 toteumasta vuoden 2024 toteumaan – ja mitä vuodelle 2024 "
    "budjetoitiin?",
)
if filters.year == 2022:
    ui.no_data("Asiakirjassa ei ole tuloslaskelmaa vuodelta 2022. Tällä sivulla verrataan aina vuosia 2023 ja 2024; "
               "vuoden 2022 luvut ovat vain tunnusluvuissa.")
else:
    st.caption("Tällä sivulla verrataan aina vuoden 2023 toteumaa (tilinpäätös 2023) vuoden 2024 talousarvioon "
               "ja toteumaan; vuosivalinta ei muuta vertailua.")
st.caption("Muutokset ovat nimellisiä euroja: inflaatiota ei ole poistettu. Kulut näytetään positiivisina.")
per_resident = filters.measure == "per_resident"
if per_resident:
    st.info("Asukaskohtaista vertailua ei näytetä: asiakirja ilmoittaa asukasluvun vain vuodelle 2024, "
            "joten vuoden 2023 lukuja ei voi jakaa oikealla asukasluvulla. Luvut alla ovat euroja.")

wide = data.finance_wide()
names = data.area_names("fi")
rows_all = transform.with_direction(transform.year_comparison(wide, filters.area_codes))

columns = st.columns(1 if len(filters.area_codes) == 1 else 2)
for i, area in enumerate(filters.area_codes):
    rows = rows_all.filter(pl.col("service_area") == area)
    with columns[i % len(columns)]:
        st.subheader(names[area])
        items = rows.filter(pl.col("account_kind").is_in(["income", "cost"]))
        biggest = transform.biggest_changes(items, n=3)["account"].to_list()
        chart_df = items.select(
            pl.col("account").alias("Tili"),
            pl.col("shown_actual_2023_eur").alias("before"),
            pl.col("shown_actual_eur").alias("after"),
            pl.max_horizontal("shown_actual_2023_eur", "shown_actual_eur").alias("max_value"),
            pl.col("account").is_in(biggest).alias("is_biggest"),
            pl.struct("change_eur", "change_pct")
            .map_elements(lambda s: f"{'+' if s['change_eur'] > 0 else ''}{format_eur(s['change_eur'])}"
                          + (f" ({format_pct(s['change_pct'], 1)})" if s["change_pct"] is not None else ""),
                          return_dtype=pl.String).alias("change_label"),
        )
        ui.chart(charts.change_chart(chart_df, "Tili", "2023 (○) → 2024 (●), €"))
        if biggest:
            st.markdown("**Suurimmat muutokset:** " + "; ".join(
                f"{r['account']} {r['direction'].split(' ', 1)[1]} {format_eur(abs(r['change_eur']))}"
                for r in transform.biggest_changes(items, n=3).iter_rows(named=True)
            ) + ".")
        ui.source_caption(
            "Tuloslaskelma, nettositovuus" if area == "ALL" else f"Palvelualuettaiset laskelmat: {names[area]}",
            f"{rows['source_line'].first()}–{rows['source_line'].last()}",
        )

st.subheader("Taulukko")
ui.table(
    rows_all.select(
        pl.col("service_area").replace_strict(names).alias("Palvelualue"),
        pl.col("account").alias("Tili"),
        pl.col("shown_actual_2023_eur").alias("Toteuma 2023"),
        pl.col("shown_budget_eur").alias("Talousarvio 2024"),
        pl.col("shown_actual_eur").alias("Toteuma 2024"),
        pl.col("change_eur").alias("Muutos €"),
        pl.col("change_pct").alias("Muutos %"),
        pl.col("direction").alias("Suunta"),
    ),
    {"Toteuma 2023": "eur", "Talousarvio 2024": "eur", "Toteuma 2024": "eur", "Muutos €": "eur", "Muutos %": "pct1"},
)
st.caption("Muutos = toteuma 2024 − toteuma 2023 (kulut positiivisina: kasvu = kulut kasvoivat). "
           "Muutos % on laskettu vuoden 2023 luvusta.")
