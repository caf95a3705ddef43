"""Key figures (Tunnusluvut): were the 2024 targets met, and how did the figures move 2022–2024?"""

import polars as pl
import streamlit as st

from utils import charts, data, transform, ui
from utils.fi_numbers import format_number, format_pct

filters = ui.page_header(
    "Tunnusluvut",
    "Saavutettiinko tunnuslukujen tavoitteet vuonna 2024, ja miten luvut kehittyivät vuosina 2022–2024?",
)
kpis = data.load_kpis()
names = data.area_names("fi")
pop = data.population()
st.caption(
    f"Asiakirjan taloudellisissa tunnusluvuissa on käytetty asukaslukua {format_number(pop['population'])} "
    f"(vuoden 2024 toteuma, rivi {pop['source_line']}). Tunnusluvut ovat omissa yksiköissään, joten "
    "euroa/asukas-valinta ei muuta niitä. Tunnuslukujen palvelualue on tämän sivuston tulkinta rivin nimestä; "
    "asiakirja ei jaottele tunnuslukuja palvelualueittain."
)
areas = filters.areas or None
MET = {"met": "✔ saavutettu", "missed": "✘ ei saavutettu", "no_direction": "– ei arvioida",
       "no_value": "? ei luettavissa"}
BETTER = {"higher": "suurempi parempi", "lower": "pienempi parempi (kustannuskatto)", "none": "ei suuntaa"}

# ---- targets 2024
st.subheader("Tavoite ja toteuma 2024")
if filters.year != 2024:
    ui.no_data(f"Tavoitteet on asetettu vain vuodelle 2024. Vuoden {filters.year} toteumat näkyvät alla "
               "kehityskaaviossa ja taulukossa.")
card = transform.kpi_scorecard(kpis, areas)
if card.is_empty():
    ui.no_data("Valituille palvelualueille ei ole tunnuslukuja.")
    st.stop()
card = card.with_columns(
    (pl.col("indicator_fi") + " (" + pl.col("unit") + ")"
     + pl.when(pl.col("indicator_key") == "external_funding").then(" " + pl.col("service_area")).otherwise(pl.lit(""))
     ).alias("Tunnusluku"),
    pl.when(pl.col("target") != 0).then((pl.col("actual") / pl.col("target") * 100).round(1)).alias("share_pct"),
)
met_counts = card["met"].value_counts().rows()
c = st.columns(4)
for col, key in zip(c, ["met", "missed", "no_direction", "no_value"]):
    col.metric(MET[key], dict(met_counts).get(key, 0))
st.markdown(
    "**Miten arvioidaan:** kullekin tunnusluvulle on päätetty, kumpi suunta on parempi. Kustannusluvuissa "
    "(€/asukas, €/oppilas…) tavoite luetaan kattona: tavoite täyttyy, kun toteuma on enintään tavoite. "
    "Merkintä *tulkinta* kertoo, että suunta on tämän sivuston arvio – asiakirja ei sitä kerro."
)
chart_df = card.filter(pl.col("share_pct").is_not_null(), pl.col("met").is_in(["met", "missed"])).select(
    "Tunnusluku", "share_pct",
    pl.col("met").replace_strict(MET).alias("status"),
    pl.col("share_pct").map_elements(lambda v: format_pct(v, 1), return_dtype=pl.String).alias("label"),
)
ui.chart(charts.target_share_chart(chart_df, "Tunnusluku", "Toteuma tavoitteesta 2024, %", MET["met"], MET["missed"]))
st.caption("100 % = toteuma on tavoitteen suuruinen. Kustannusluvuissa alle 100 % on tavoitteen mukaista.")
ui.table(
    card.select(
        "Tunnusluku",
        pl.col("service_area").replace_strict(names).alias("Palvelualue"),
        pl.col("target_text").alias("Tavoite 2024 (painettu)"),
        pl.col("actual_text").alias("Toteuma 2024 (painettu)"),
        pl.col("target").alias("Tavoite"),
        pl.col("actual").alias("Toteuma"),
        (pl.col("better").replace_strict(BETTER)
         + pl.when(pl.col("better_is_judgement")).then(pl.lit(" · tulkinta")).otherwise(pl.lit(""))).alias("Suunta"),
        pl.col("met").replace_strict(MET).alias("Tavoite saavutettu"),
        pl.col("note").alias("Huomautus"),
    ),
    {"Tavoite": "num", "Toteuma": "num"},
)
ui.source_caption("Tunnusluvut", ";".join(sorted(set(card["source_line"].to_list()), key=lambda s: int(s.split(";")[0]))))

# ---- trend
st.subheader("Kehitys 2022–2024")
options = card.select("indicator_key", "unit", "indicator_fi").unique(maintain_order=True).rows()
choice = st.selectbox("Tunnusluku", options, format_func=lambda o: f"{o[2]} ({o[1]})", key="kpi_choice")
trend = transform.kpi_trend(kpis, choice[0], choice[1])
if areas:
    trend = trend.filter(pl.col("service_area").is_in(list(areas)))
KIND = {"actual": "toteuma", "target": "tavoite"}
trend_df = trend.filter(pl.col("value").is_not_null()).select(
    pl.col("year").cast(pl.String),
    "value",
    pl.col("kind").replace_strict(KIND).alias("kind_label"),
    pl.col("service_area").replace_strict(names).alias("area"),
    pl.col("value_text").alias("value_label"),
)
if trend_df.is_empty():
    ui.no_data("Tästä tunnusluvusta ei voi lukea yhtään arvoa varmasti; painetut tekstit ovat taulukossa.")
else:
    ui.chart(charts.trend_chart(trend_df, choice[1], KIND["actual"], KIND["target"]))
    st.caption("Viiva = toteuma, salmiakki = tavoite 2024. Pystyakseli ei ala nollasta.")
ui.table(
    trend.select(
        pl.col("service_area").replace_strict(names).alias("Palvelualue"),
        pl.col("year").alias("Vuosi"),
        pl.col("kind").replace_strict(KIND).alias("Laji"),
        pl.col("value_text").alias("Painettu arvo"),
        pl.col("value").alias("Luettu arvo"),
        pl.col("note").alias("Huomautus"),
    ),
    {"Luettu arvo": "num"},
)
doubtful = trend.filter(pl.col("note").is_not_null())
if doubtful.height:
    st.warning("Osa tämän tunnusluvun arvoista on asiakirjassa epäselviä, joten niitä ei käytetä kaaviossa: "
               + " ".join(sorted(set(doubtful["note"].to_list()))))
ui.source_caption("Tunnusluvut", trend["source_line"].first())

# ---- checks that tie key figures to the finance tables
checks = data.load_checks().filter(pl.col("check") == "per_resident")
if checks.height:
    st.subheader("Tarkistus: vastaavatko asukaskohtaiset tunnusluvut talouslukuja?")
    ui.table(
        checks.select(
            pl.col("service_area").replace_strict(names).alias("Palvelualue"),
            pl.col("printed").alias("Asiakirjan luku €/asukas"),
            pl.col("expected").alias("Laskettu toimintakatteesta"),
            pl.col("verdict").alias("Tulos"),
            pl.col("note").alias("Laskutapa"),
        ),
        {"Asiakirjan luku €/asukas": "int", "Laskettu toimintakatteesta": "int"},
    )
