"""Overview: did the sector keep its binding budget, and where did the money go?"""

import polars as pl
import streamlit as st

from utils import charts, data, transform, ui
from utils.fi_numbers import format_eur, format_meur, format_pct

filters = ui.page_header(
    "Yleiskuva",
    "Pysyikö hyvinvointitoimiala valtuuston sitovassa budjetissaan? Valtuusto sitoo toimialan "
    "**toimintakatteen** eli nettokustannuksen (kulut − tulot).",
)
wide = data.finance_wide()
names = data.area_names("fi")
pop = data.population()
per_resident = filters.measure == "per_resident"

sector = transform.net_cost(wide, "ALL")
if filters.year == 2022:
    st.info(
        "Asiakirjassa ei ole talouslukuja vuodelta 2022 (tuloslaskelmat alkavat vuodesta 2023). "
        "Vuoden 2022 luvut löytyvät vain tunnusluvuista. Alla vuoden 2024 tilanne."
    )
elif filters.year == 2023:
    st.info(
        "Vuodelle 2023 asiakirjassa on vain toteuma (tilinpäätös 2023), ei talousarviota. "
        "Alla vuoden 2024 toteumaa verrataan sekä talousarvioon että vuoteen 2023."
    )

# ---- the binding figure
kept = sector["actual_eur"] <= sector["budget_eur"]
st.subheader("Sitova taso: toimialan nettokustannus 2024")
verdict = "pysyi talousarviossa" if kept else "ylitti talousarvion"
st.markdown(
    f"Toimialan nettokustannus oli **{format_meur(sector['actual_eur'])}**, "
    f"kun talousarvio oli {format_meur(sector['budget_eur'])}: toimiala **{verdict}** "
    f"(toteuma {format_pct(sector['realization_pct'])} talousarviosta, "
    f"{format_eur(abs(sector['under_budget_eur']))} {'alle' if kept else 'yli'} budjetin)."
)
c1, c2, c3 = st.columns(3)
if per_resident:
    n = pop["population"]
    c1.metric("Nettokustannus 2024 / asukas", format_eur(sector["actual_eur"] / n, 2),
              help=f"Laskettu: nettokustannus / asukasluku {n} (asiakirjan ilmoittama, 2024).")
    c2.metric("Talousarvio 2024 / asukas", format_eur(sector["budget_eur"] / n, 2))
    c3.metric("Toteuma 2023 / asukas", "–",
              help="Asiakirja ei ilmoita vuoden 2023 asukaslukua, joten asukaskohtaista lukua ei lasketa.")
    st.caption(f"Asukaskohtaiset luvut on laskettu asiakirjan asukasluvulla {n} (vuosi 2024, rivi {pop['source_line']}).")
else:
    c1.metric("Nettokustannus 2024 (toteuma)", format_eur(sector["actual_eur"]),
              delta=ui.signed_delta(-sector["under_budget_eur"], format_eur(abs(sector["under_budget_eur"])),
                                    "yli talousarvion", "alle talousarvion"), delta_color="off")
    c2.metric("Talousarvio 2024", format_eur(sector["budget_eur"]))
    c3.metric("Toteuma 2023", format_eur(sector["actual_2023_eur"]),
              delta=ui.signed_delta(sector["change_pct"], format_pct(abs(sector["change_pct"]), 1),
                                    "kasvua 2023→2024", "laskua 2023→2024"), delta_color="off")
ui.source_caption("Tuloslaskelma, nettositovuus: Toimintakate", sector["source_line"])
st.caption(ui.SIGNS)

# ---- areas against their budgets
st.subheader("Palvelualueet talousarvioon verrattuna (2024)")
status = transform.area_budget_status(wide).with_columns(
    pl.col("service_area").replace_strict(names).alias("Palvelualue"),
    pl.col("deviation_eur").map_elements(lambda v: format_eur(v), return_dtype=pl.String).alias("deviation_label"),
)
if filters.areas:
    status = status.filter(pl.col("service_area").is_in(list(filters.areas)))
ui.chart(charts.deviation_chart(status, "Palvelualue", "Poikkeama (talousarvio − toteuma)",
                                "▼ alle budjetin (parempi)", "▲ yli budjetin (huonompi)"))
ui.table(
    status.select(
        "Palvelualue",
        pl.col("budget_eur").alias("Talousarvio"),
        pl.col("actual_eur").alias("Toteuma"),
        pl.col("deviation_eur").alias("Poikkeama"),
        pl.col("realization_pct").alias("Toteuma %"),
        pl.when(pl.col("status") == "over").then(pl.lit("▲ yli")).otherwise(pl.lit("▼ alle")).alias("Budjetti"),
    ),
    {"Talousarvio": "eur", "Toteuma": "eur", "Poikkeama": "eur", "Toteuma %": "pct"},
)
ui.source_caption("Palvelualueittaiset laskelmat: Toimintakate (nettokustannus)",
                  ";".join(status["source_line"].to_list()))

# ---- where the money goes
st.subheader("Mihin rahat menevät (toimintakulut 2024)")
areas = filters.areas or ("HYTE", "OPKOU", "VAKA", "VIRE")
costs = transform.cost_structure(wide, areas).with_columns(
    pl.col("service_area").replace_strict(names).alias("Palvelualue"),
    pl.col("cost_eur").map_elements(lambda v: format_eur(v), return_dtype=pl.String).alias("cost_label"),
)
ui.chart(charts.stacked_share_chart(costs.rename({"account": "Kululaji"}), "Palvelualue", "Kululaji",
                                    "cost_eur", "cost_label", "Toimintakulut 2024, €"))
with st.expander("Kulut taulukkona"):
    ui.table(costs.select("Palvelualue", pl.col("account").alias("Kululaji"), pl.col("cost_eur").alias("Kulut 2024")),
             {"Kulut 2024": "eur"})
ui.source_caption("Palvelualueittaiset laskelmat: toimintakulujen rivit, toteuma 2024")

# ---- goals
st.subheader("Tavoitteiden toteutuminen")
goals = data.load_goals()
counts = transform.goal_status_counts(goals)
labels = {"Toteutuu": "Toteutuu", "Toteutuu osittain": "Toteutuu osittain", "empty": "Tyhjä rivi (vain 'Ei tietoa')"}
cols = st.columns(len(counts))
for col, row in zip(cols, counts.iter_rows(named=True)):
    col.metric(labels.get(row["status_group"], row["status_group"]), row["count"])
st.caption(
    "Valtuuston sitovat ja käyttösuunnitelman tavoitteet yhteensä. Tyhjät rivit, joilla on vain tila "
    "'Ei tietoa', lasketaan erikseen: asiakirja ei kerro niiden tavoitetta."
)

# ---- biggest deviations
st.subheader("Suurimmat poikkeamat talousarviosta (tilirivit 2024)")
top = transform.biggest_deviations(wide, filters.area_codes, n=6).with_columns(
    pl.col("service_area").replace_strict(names).alias("Palvelualue")
)
ui.table(
    top.select(
        "Palvelualue",
        pl.col("account").alias("Tili"),
        pl.col("budget_eur").alias("Talousarvio"),
        pl.col("actual_eur").alias("Toteuma"),
        pl.col("deviation_eur").alias("Poikkeama"),
        pl.col("realization_pct").alias("Toteuma %"),
    ),
    {"Talousarvio": "eur", "Toteuma": "eur", "Poikkeama": "eur", "Toteuma %": "pct"},
)
st.caption("Luvut kuten asiakirjassa: kulut negatiivisina. Positiivinen poikkeama = budjettia huonompi.")
ui.source_caption("Tuloslaskelmat", ";".join(top["source_line"].to_list()))
