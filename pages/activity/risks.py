"""Risks: which risks did the sector identify, how likely and how significant did it judge them, and how did
their management go in 2024?"""

import streamlit as st

from utils import data, plan_charts, plans, ui

filters = ui.page_header(
    "Riskit",
    "Mitä riskejä hyvinvointitoimiala tunnisti, kuinka todennäköisinä ja merkittävinä se niitä piti, ja miten "
    "riskien hallinta onnistui vuonna 2024?",
)
risks = data.load_risks()
lines = plans.compact_lines(risks["source_line"])

# ---- what area and year mean here
if filters.areas:
    st.info("Riskit koskevat koko toimialaa, eikä asiakirja kohdista niitä palvelualueille, joten sivupalkin "
            "palvelualuerajaus ei koske tätä sivua.")
else:
    st.caption("Palvelualue: riskit koskevat koko toimialaa, joten palvelualuerajaus ei koske tätä sivua.")
if filters.year != 2024:
    st.info(f"Valitsit vuoden {filters.year}. Riskiarvio on tilinpäätöksestä 2024; muilta vuosilta asiakirjassa "
            "ei ole riskiarviota.")

# ---- the matrix
st.subheader("Riskimatriisi")
st.markdown(
    f"Asiakirja arvioi **{risks.height} riskiä** kahdella luvulla: **todennäköisyys** ja **merkittävyys**. "
    "Asiakirjassa painetut arvot ovat 1–3, mutta asiakirja **ei kerro asteikon ylärajaa** (esimerkiksi onko "
    "asteikko 1–3 vai 1–5) eikä selitä arvoja. Siksi kuvassa on vain arvot 1–3 asiakirjan omalla asteikolla, "
    "eikä kuvaa pidä lukea niin, että arvo 3 olisi asteikon suurin. Kukin riski on numeroitu ympyrä; "
    "numerot vastaavat taulukon Nro-saraketta. Saman ruudun riskit on piirretty vierekkäin."
)
left, right = st.columns(2)
with left:
    ui.chart(plan_charts.risk_matrix_chart(plans.risk_points(risks), plans.risk_grid()))
with right:
    st.markdown("**Kuvan numerot**")
    st.markdown("\n".join(
        f"- **{r['risk_id']}** {plans.escape_md(r['risk'])} – todennäköisyys {r['probability']}, "
        f"merkittävyys {r['significance']}"
        for r in risks.iter_rows(named=True)
    ))
    st.caption("Sama taulukkona alla (Riskit ja niiden hallinta).")
ui.source_caption("Riskienhallinta, sarake Riskiarvo", lines)

# ---- the whole table
st.subheader("Riskit ja niiden hallinta")
ui.table(
    risks.select(
        risks["risk_id"].alias("Nro"),
        risks["risk_class"].alias("Riskiluokka"),
        risks["risk"].alias("Tunnistettu riski"),
        risks["probability"].alias("Todennäköisyys"),
        risks["significance"].alias("Merkittävyys"),
        risks["mitigation"].alias("Hallintakeino"),
        risks["mitigation_outcome"].alias("Hallintakeinon toteutuminen"),
    ),
    {"Todennäköisyys": "int", "Merkittävyys": "int"},
)
ui.source_caption("Riskienhallinta", lines)

st.markdown("Kunkin riskin hallintakeino ja sen toteutuminen asiakirjan sanoin:")
for risk in risks.iter_rows(named=True):
    with st.expander(f"{risk['risk_id']}. {plans.escape_md(risk['risk'])} ({risk['risk_class']})"):
        st.markdown(
            f"**Todennäköisyys {risk['probability']}, merkittävyys {risk['significance']}** "
            f"(asiakirjan asteikolla; painettu: {plans.escape_md(risk['risk_value_printed'])})"
        )
        st.markdown(plans.quote_md(risk["mitigation"], "Hallintakeino asiakirjan sanoin:"))
        st.markdown(plans.quote_md(risk["mitigation_outcome"], "Hallintakeinon toteutuminen asiakirjan sanoin:"))
        ui.source_caption("Riskienhallinta", risk["source_line"])
