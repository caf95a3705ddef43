"""About the data: where every figure comes from, how it was checked, and what the document leaves unsaid."""

import polars as pl
import streamlit as st

from utils import data, exports, ui
from utils.fi_numbers import format_eur, format_number
from utils.loading import DATA_DIR, REBUILD

filters = ui.page_header(
    "Tietoa aineistosta",
    "Mistä luvut tulevat, miten ne on tarkistettu ja mitä asiakirja jättää sanomatta?",
)
package = data.datapackage()
source = package["sources"][0]
names = data.area_names("fi")

st.subheader("Lähde")
st.markdown(
    f"**{source['title']}**, päivätty 4.3.2025. Sovellus käyttää asiakirjan PDF-version tekstiotetta "
    f"sellaisenaan (tiedosto `data/{source['path']}`). Tiedoston SHA-256-tarkiste:"
)
st.code(source["hash"].removeprefix("sha256:"), language=None)
st.markdown(
    "Tämä on hyvinvointilautakunnan toimialan tilinpäätösosa, ei koko kaupungin tilinpäätös. "
    "Suodattimet (palvelualue, vuosi) eivät vaikuta tähän sivuun."
)

st.subheader("Miten luvut on poimittu")
st.markdown(
    f"""
- Ohjelma lukee asiakirjan taulukot niiden **otsikoiden ja sarakeotsikoiden** perusteella (ei rivinumeroiden),
  muuntaa suomalaiset luvut (`- 338 628`, `11.355,17`, `99,47`) ja tallentaa ne CSV-taulukoiksi. Yhtään lukua
  ei ole kirjoitettu käsin.
- Jokaisella rivillä on sarake **source_line**: lähdetiedoston rivi(t), joilta tieto luettiin.
- Sivunvaihdon yli jatkuvat rivit yhdistetään, ja kaikki lähderivit säilytetään. HTML-jäänteet muutetaan
  tavalliseksi tekstiksi. Kirjoitusvirheet säilytetään sellaisinaan (esim. "Virkkeellinen elämä", "OPKOUL").
- Kaikki tekstikappaleet, joita taulukot eivät käytä, tallennetaan tiedostoon texts.csv: asiakirjasta ei jää
  mitään pois.
- Aineisto rakennetaan uudelleen komennolla `{REBUILD}`; sama asiakirja tuottaa aina samat tiedostot.
"""
)

st.subheader("Asiakirjan oma laskenta tarkistettuna")
checks = data.load_checks()
VERDICT = {"ok": "✔ täsmää", "rounding": "≈ pyöristysero", "discrepancy": "✘ ristiriita"}
CHECK = {
    "deviation": "Poikkeama = talousarvio − toteuma",
    "realization_pct": "Toteuma % = toteuma / talousarvio",
    "sum_of_lines": "Tilirivit summautuvat välisummaan",
    "margin": "Kate = rivit yllä yhteensä",
    "areas_sum_to_sector": "Palvelualueet summautuvat toimialaan",
    "summary_equals_statement": "Yhteenveto = tuloslaskelma",
    "projects_total": "Hankkeiden yhteensä-rivi",
    "per_resident": "Asukaskohtainen tunnusluku = toimintakate / asukasluku",
}
summary = (
    checks.group_by("check", "verdict").len()
    .pivot(on="verdict", index="check", values="len")
    .fill_null(0)
)
for v in ("ok", "rounding", "discrepancy"):
    if v not in summary.columns:
        summary = summary.with_columns(pl.lit(0, pl.UInt32).alias(v))
ui.table(
    summary.select(
        pl.col("check").replace_strict(CHECK, default=pl.col("check")).alias("Tarkistus"),
        pl.col("ok").alias(VERDICT["ok"]),
        pl.col("rounding").alias(VERDICT["rounding"]),
        pl.col("discrepancy").alias(VERDICT["discrepancy"]),
    )
)
st.markdown(
    "**Pyöristysero** tarkoittaa, että asiakirjan luvut on pyöristetty täysiksi euroiksi kirjanpidon "
    "senttitarkoista luvuista, ja ero on enintään puoli euroa jokaista laskettua lukua kohden (esim. 1 € kahden "
    "luvun summassa). **Ristiriita** on ero, jota pyöristys ei selitä. Asiakirjan lukuja ei koskaan korjata: "
    "sovellus näyttää painetun luvun ja kertoo eron."
)
problems = checks.filter(pl.col("verdict") == "discrepancy")
for row in problems.iter_rows(named=True):
    st.error(
        f"**{CHECK.get(row['check'], row['check'])}** ({row['account']}, {row['column']}): painettu "
        f"{format_number(row['printed'])}, laskettu {format_number(row['expected'])}, ero "
        f"{format_number(row['difference'])}. {row['note']}"
    )
with st.expander(f"Kaikki {checks.height} tarkistusta"):
    ui.table(
        checks.select(
            pl.col("check").replace_strict(CHECK, default=pl.col("check")).alias("Tarkistus"),
            pl.col("service_area").replace_strict(names, default=pl.col("service_area")).alias("Alue"),
            pl.col("account").alias("Rivi"),
            pl.col("column").alias("Sarake"),
            pl.col("expected").alias("Laskettu"),
            pl.col("printed").alias("Painettu"),
            pl.col("difference").alias("Ero"),
            pl.col("verdict").replace_strict(VERDICT).alias("Tulos"),
            pl.col("source_line").alias("Lähderivit"),
        ),
        {"Laskettu": "num", "Painettu": "num", "Ero": "num"},
        height=420,
    )

st.subheader("Mitä asiakirja ei kerro")
goals = data.load_goals()
kpis = data.load_kpis()
empty_goals = goals.filter(pl.col("is_empty"))
doubtful = kpis.filter(pl.col("note").is_not_null())
st.markdown(
    f"""
- **{empty_goals.height} käyttösuunnitelman tavoiteriviä on tyhjiä**: niillä on vain tila "Ei tietoa"
  (lähderivit {", ".join(empty_goals["source_line"].to_list())}). Niitä ei lasketa toteutuneiksi eikä
  toteutumattomiksi.
- **Asukasluku on ilmoitettu vain vuodelle 2024** ({format_number(data.population()['population'])}).
  Siksi vuoden 2023 lukuja ei jaeta asukasta kohden.
- **Ulkopuolisen rahoituksen rivi on sekava**: solut sisältävät useita nimeämättömiä lukuja neljälle
  palvelualueelle. Vain vuoden 2024 toteuman luvut, joiden edessä on alueen nimi, luetaan arvoiksi; muut jäävät
  tekstiksi.
- **{doubtful.height} tunnusluvun arvoa** on jätetty ilman lukuarvoa, koska solu on ristiriidassa rivin
  yksikön kanssa tai sitä ei voi lukea varmasti (esim. HYTE-kerroin 2022 "169,53 €/ oppilas").
- **HYTE:n laskelma päättyy toimintakatteeseen**: sen vuosikatetta ja tilikauden tulosta ei ole painettu.
- **Talousarvio on vain vuodelle 2024**, ja tuloslaskelmat alkavat vuodesta 2023; vuosi 2022 on vain
  tunnusluvuissa.
- **Hankkeita ei ole jaettu palvelualueille**, eikä riskien asteikon ylärajaa kerrota (painetut arvot 1–3).
- **Hankkeiden yhteensä-rivin menojen toteuma 78 %** ei ole laskettavissa riveistä: osa riveistä on
  moniosaisia (esim. "99 / 106 %"), eikä asiakirja kerro laskutapaa.
"""
)

st.subheader("Lataa aineisto")
st.markdown("CSV-tiedostot ovat UTF-8-muotoisia; sarakkeet on kuvattu tiedostossa datapackage.json (suomeksi ja "
            "englanniksi).")
cols = st.columns(3)
for i, name in enumerate(exports.data_files()):
    with cols[i % 3]:
        st.download_button(
            f"⬇ {name.split('/')[-1]}",
            data=lambda n=name: (DATA_DIR / n).read_bytes(),
            file_name=name.split("/")[-1],
            mime="application/json" if name.endswith(".json") else ("text/plain" if name.endswith(".txt") else "text/csv"),
            key=f"dl_{name}",
            on_click="ignore",
        )
st.download_button("⬇ Koko aineisto (zip)", data=exports.archive_bytes, file_name="heinola-hyvinvointi-2024.zip",
                   mime="application/zip", key="dl_zip", on_click="ignore", type="primary")

st.subheader("Käyttöehdot ja virheilmoitukset")
st.markdown(
    "Lähdeasiakirja on Heinolan kaupungin julkinen asiakirja. Johdettua aineistoa saa käyttää, kun lähde "
    "mainitaan: *Heinolan kaupunki, Tilinpäätös 2024, hyvinvointilautakunnan toimiala*. "
    "Jos huomaat luvun, joka poikkeaa asiakirjasta, ilmoita siitä projektin ylläpitäjille ja liitä mukaan "
    "sivun osoite (se säilyttää valintasi) sekä luku ja sen lähderivi."
)
