"""Projects and investments: which externally funded projects ran, how much of their money was spent,
and what the sector invested in 2024."""

import streamlit as st

from utils import charts, data, plan_charts, plans, ui
from utils.fi_numbers import format_eur, format_pct

filters = ui.page_header(
    "Hankkeet ja investoinnit",
    "Mitä ulkopuolisella rahoituksella toteutettuja hankkeita toimialalla oli, kuka ne rahoitti ja kuinka suuri "
    "osa hankkeiden menoista toteutui? Entä paljonko toimiala investoi vuonna 2024?",
)
projects = data.load_projects()
checks = data.load_checks()
texts = data.load_texts()

# ---- what area and year mean here
if filters.areas:
    st.info(
        "Asiakirja ei kohdista hankkeita palvelualueille, joten sivupalkin palvelualuerajaus ei koske tätä "
        "sivua: alla ovat kaikki toimialan hankkeet ja koko toimialan investoinnit."
    )
else:
    st.caption("Palvelualue: asiakirja ei kohdista hankkeita palvelualueille, joten palvelualuerajaus ei koske "
               "tätä sivua.")
year_note = (
    "Hankkeet ulottuvat usealle vuodelle (toteutusajat 2021–2027), joten vuosivalinta ei rajaa niitä. "
    "Luvut ovat asiakirjan tilanne tilinpäätöksessä 2024."
)
if filters.year != 2024:
    st.info(f"Valitsit vuoden {filters.year}. {year_note}")
else:
    st.caption(year_note)

# ---- the projects
st.subheader("Ulkopuolisella rahoituksella toteutetut hankkeet")
rows = plans.project_rows(projects)
parts = plans.realization_parts(rows)
total = plans.projects_total(projects, checks)
late = plans.late_projects(rows)
with st.container(horizontal=True, gap="large"):
    st.metric("Hankkeita", total["n_projects"], width="content")
    st.metric("Kokonaisrahoitus yhteensä (rivien summa)", format_eur(total["rows_sum_eur"]), width="content")
    st.metric("Alkoi 2024 jälkipuoliskolla", late.height, width="content")
st.markdown(
    "**Menojen toteuma %** kertoo, kuinka suuri osa hankkeen menoista on toteutunut. Yli 100 % tarkoittaa, että "
    "menoja kertyi enemmän kuin arvioitiin; pieni luku voi tarkoittaa, että hanke on vasta alussa. "
    f"Katkoviiva on 100 %. Asiakirja painaa {total['n_multipart']} hankkeelle useamman luvun (esimerkiksi "
    "99 / 106 %) kertomatta, mihin osaan kukin luku viittaa: ne piirretään pisteinä ◆, yksi kutakin painettua "
    "lukua kohden, ja luku "
    f"kirjoitetaan kuten asiakirjassa. Oranssit ja merkityt {plans.LATE_SYMBOL} hankkeet alkoivat vasta 2024 "
    "jälkipuoliskolla, joten niiden pieni toteuma on odotettavaa."
)
ui.chart(plan_charts.realization_chart(parts, plans.realization_domain_max(parts)))
ui.source_caption("Hankkeet, sarake Menojen toteuma %", total["rows_source_line"])
if late.height:
    st.markdown(
        f"**{plans.LATE_SYMBOL} Alkoi 2024 jälkipuoliskolla** (aineiston luenta hankkeen tilannekatsauksesta): "
        + "; ".join(f"{r['project_no']}. {plans.escape_md(r['name'])} ({r['period']}): "
                    f"{plans.escape_md(r['start_note'])}" for r in late.iter_rows(named=True))
        + ". Tilannekatsaukset asiakirjan sanoin ovat taulukon alla."
    )
ui.table(
    rows.select(
        rows["project_no"].alias("Nro"),
        rows["name"].alias("Hanke"),
        rows["period"].alias("Toteutusaika"),
        rows["funder"].alias("Rahoittaja"),
        rows["total_funding_eur"].alias("Kokonaisrahoitus"),
        rows["city_share_pct"].alias("Kaupungin osuus %"),
        rows["spend_realization_printed"].alias("Menojen toteuma (painettu)"),
        rows["start_text"].alias("Alkoi 2024 jälkipuoliskolla"),
        rows["description"].alias("Tilannekatsaus"),
    ),
    {"Kokonaisrahoitus": "eur", "Kaupungin osuus %": "int"},
)
st.caption("Rahoittajat: OKM = opetus- ja kulttuuriministeriö, OPH = Opetushallitus, AVI = aluehallintovirasto. "
           "Kaupungin osuus = kaupungin rahoitusosuus hankkeen rahoituksesta.")
ui.source_caption("Hankkeet", total["rows_source_line"])
with st.expander("Hankkeiden tilannekatsaukset asiakirjan sanoin"):
    for r in rows.iter_rows(named=True):
        st.markdown(f"**{r['project_no']}. {plans.escape_md(r['name'])}** ({r['period']}, {r['funder']})")
        st.markdown(plans.quote_md(r["description"]))
        ui.source_caption("Hankkeet, sarake Tilannekatsaus", r["source_line"].replace(";", ", "))

# ---- the printed total row
st.subheader("Yhteensä-rivi ja sen tarkistus")
with st.container(horizontal=True, gap="large"):
    st.metric("Painettu yhteensä", format_eur(total["check_printed"]), width="content")
    st.metric("Hankerivien summa", format_eur(total["check_expected"]), width="content")
    st.metric("Erotus (painettu − summa)", format_eur(total["check_difference"]), width="content")
shortfall = format_eur(abs(total["difference_eur"]))
explanation = (
    f"Asiakirjan yhteensä-rivillä hankkeiden kokonaisrahoitus on **{format_eur(total['printed_eur'])}**, mutta "
    f"{total['n_projects']} hankerivin kokonaisrahoitusten summa on **{format_eur(total['rows_sum_eur'])}**: "
    f"painettu summa on **{shortfall} pienempi** kuin rivien summa."
)
for m in total["missing"].iter_rows(named=True):
    explanation += (
        f" Ero on täsmälleen hankkeen ”{plans.escape_md(m['name'])}” ({m['period']}, lähdetiedoston rivi "
        f"{m['source_line']}) kokonaisrahoitus {format_eur(m['total_funding_eur'])}, joten painettu summa "
        "näyttää jättävän tämän rivin pois. Asiakirja ei kerro syytä."
    )
st.markdown(explanation)
st.markdown(
    f"Yhteensä-rivin **kaupungin rahoitusosuus {total['city_share_printed']}** vastaa pyöristettynä hankkeiden "
    f"rahoituksella painotettua keskiarvoa {format_pct(total['weighted_city_share_pct'])}. Yhteensä-rivin "
    f"**menojen toteuma {total['realization_printed']}**: asiakirja ei kerro, miten luku on laskettu, eikä sitä "
    "voi tarkistaa riveistä, koska osalla hankkeista on useampi toteumaluku."
)
st.caption(f"Tarkistuksen muistiinpano aineistossa (englanniksi): {plans.escape_md(total['note'])}")
ui.source_caption(f"Hankkeet, rivi Yhteensä (hankerivit {total['rows_source_line']})", total["source_line"])

# ---- investments
st.subheader("Investoinnit 2024")
inv = plans.investments_table(data.load_finance())
menot = inv.row(0, named=True)
st.markdown(
    f"Toimialan investointimenoihin (irtain omaisuus) oli varattu **{format_eur(menot['budget_2024_eur'])}**, "
    f"ja niitä toteutui **{format_eur(menot['actual_2024_eur'])}** eli {format_pct(menot['realization_pct'], 1)} "
    f"varauksesta; {format_eur(menot['budget_2024_eur'] - menot['actual_2024_eur'])} jäi käyttämättä. "
    f"Vuonna 2023 investointimenot olivat {format_eur(menot['tp2023_eur'])}. Investoinneilla ei ollut tuloja, "
    "joten netto on sama kuin menot (netto on välisumma, sitä ei lasketa menoihin lisää)."
)
# colours follow the categories' alphabetical order: Talousarvio 2024, Toteuma 2023, Toteuma 2024
ui.chart(charts.comparison_chart(plans.investments_bars(inv), "amount_eur", "column", "label",
                                 "Investointimenot, €", colors=[charts.BUDGET, charts.PREVIOUS, charts.BETTER]))
ui.table(
    inv.select(
        inv["account"].alias("Rivi"),
        inv["tp2023_eur"].alias("TP2023"),
        inv["budget_2024_eur"].alias("TA 2024"),
        inv["actual_2024_eur"].alias("Toteuma 1-12"),
        inv["deviation_eur"].alias("Poikkeama"),
        inv["realization_pct"].alias("Toteuma %"),
    ),
    {"TP2023": "eur", "TA 2024": "eur", "Toteuma 1-12": "eur", "Poikkeama": "eur", "Toteuma %": "pct1"},
)
st.caption(
    "Asiakirja merkitsee investointimenot negatiivisina; tässä ne näytetään positiivisina kuluina. "
    "Poikkeama näytetään kuten painettu (talousarvio − toteuma, kulut negatiivisina): negatiivinen poikkeama "
    "tarkoittaa, että menoja jäi alle talousarvion. Toteuma % yhdellä desimaalilla kuten asiakirjassa."
)
ui.source_caption("Investoinnit, taulukko Irtain omaisuus (HYVINVOINTI)", plans.compact_lines(inv["source_line"]))
for paragraph in plans.texts_of(texts, ["investments", "investments_commentary"]).iter_rows(named=True):
    st.markdown(f"**{plans.escape_md(paragraph['heading'])}**")
    st.markdown(plans.quote_md(paragraph["text"]))
    ui.source_caption(f"Investoinnit: {paragraph['heading']}", str(paragraph["source_line"]))
st.markdown(
    "Lukuohje: tekstin mukaan varauksesta 200 000 € oli kirjaston remontin suunnitteluun ja 50 000 € Lyseonmäen "
    f"koulun liikuntavälineisiin ja kuntosaliin, yhteensä 250 000 € talousarvion "
    f"{format_eur(menot['budget_2024_eur'])} summasta. Asiakirja ei kerro, mihin loput oli varattu (teksti "
    "mainitsee lisäksi Kirkkis-talon ensitarvikehankinnat, jotka siirtyvät vuodelle 2026)."
)
