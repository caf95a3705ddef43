"""Goals: what did the sector aim for in 2024, and how far did it get by 30.9. and 31.12.?"""

import streamlit as st

from utils import data, plan_charts, plans, ui

filters = ui.page_header(
    "Tavoitteet",
    "Mitä hyvinvointitoimiala tavoitteli vuonna 2024, ja miten tavoitteet toteutuivat? Asiakirjassa on kaksi "
    "tasoa: **valtuuston sitovat tavoitteet** koko toimialalle ja lautakunnan hyväksymät "
    "**käyttösuunnitelman tavoitteet** palvelualueille. Kunkin tavoitteen tila on asiakirjan oma arvio.",
)
goals = data.load_goals()
texts = data.load_texts()
names = data.area_names("fi")

# ---- what year and area mean here
if filters.year != plans.GOALS_YEAR:
    st.info(
        f"Tavoitteet on asetettu vain vuodelle {plans.GOALS_YEAR}, eikä asiakirjassa ole tavoitteita muille "
        f"vuosille. Valitsit vuoden {filters.year}; alla ovat silti vuoden {plans.GOALS_YEAR} tavoitteet."
    )
else:
    st.caption(
        f"Vuosi: tavoitteet koskevat vuotta {plans.GOALS_YEAR}. Toteuma kerrotaan kahdesti: "
        "tilanne 30.9. (osavuosi) ja 31.12. (koko vuosi)."
    )
scoped = plans.goals_in_scope(goals, filters.areas)
if filters.areas:
    chosen = ", ".join(names[a] for a in filters.areas)
    left_out = plans.empty_rows_outside(goals, filters.areas)
    st.info(
        f"Näytetään palvelualueiden **{chosen}** käyttösuunnitelman tavoitteet. Valtuuston sitovat tavoitteet "
        "koskevat koko toimialaa, joten ne näytetään aina. "
        f"{left_out} tyhjää riviä (vain tila ”Ei tietoa”) ei näy, koska niille ei ole merkitty palvelualuetta."
    )

# ---- status counts
st.subheader("Tavoitteiden tila")
counts = plans.goal_status_counts(scoped)
with st.container(horizontal=True, gap="large"):
    for row in counts.iter_rows(named=True):
        st.metric(f"{row['symbol']} {row['status_group']}", row["count"], width="content")
st.markdown(
    f"Asiakirjan taulukoissa on **{scoped.height} riviä** tällä rajauksella. Tila on asiakirjan oma merkintä "
    "(Toteutuu, Toteutuu osittain). **Tyhjät rivit** lasketaan erikseen: niillä on vain strateginen päämäärä ja "
    "tila ”Ei tietoa”, eli asiakirja ei kerro niiden tavoitetta, mittaria eikä toteumaa. Ne eivät ole "
    "toteutumatta jääneitä tavoitteita, vaan taulukon tyhjiä rivejä."
)
left, right = st.columns(2)
with left:
    ui.chart(plan_charts.status_count_chart(counts))
with right:
    ui.table(
        counts.select(
            counts["status_group"].alias("Tila"),
            counts["council"].alias("Valtuusto"),
            counts["operational"].alias("Käyttösuunnitelma"),
            counts["count"].alias("Yht."),
        ),
        {"Valtuusto": "int", "Käyttösuunnitelma": "int", "Yht.": "int"},
    )
ui.source_caption("Valtuuston sitovat tavoitteet ja käyttösuunnitelman tavoitteet, sarake Tila",
                  plans.compact_lines(scoped["source_line"]))

# ---- the page's own filters
st.subheader("Rajaa tavoitteita")
c1, c2, c3 = st.columns(3)
statuses = c1.multiselect("Tila", plans.status_options(scoped), key="goals_status", placeholder="Kaikki tilat")
aims = c2.multiselect("Strateginen päämäärä", plans.strategic_aims(scoped), key="goals_aim",
                      placeholder="Kaikki päämäärät")
search = c3.text_input("Hae tavoitteen, mittarin tai toteuman tekstistä", key="goals_search", max_chars=80,
                       placeholder="esim. harraste")
shown = plans.filter_goals(scoped, statuses, aims, search)
st.caption(f"Näytetään {shown.height} / {scoped.height} riviä. Tyhjä valinta = kaikki.")
if shown.height == 0:
    st.warning("Yksikään tavoite ei vastaa rajauksia. Poista jokin rajaus tai kokeile toista hakusanaa.")

# ---- one card per goal, level by level
for level, level_title in plans.LEVELS.items():
    cards = plans.goal_cards(shown, names, level)
    if cards.height == 0:
        continue
    st.subheader(level_title)
    intro = plans.texts_of(texts, [f"{level}_goals"])
    for paragraph in intro.iter_rows(named=True):
        st.markdown(plans.quote_md(paragraph["text"]))
    if level == "council" and filters.areas:
        st.caption("Valtuuston sitovat tavoitteet koskevat koko toimialaa, eivät yksittäistä palvelualuetta.")
    goal_rows, empty_rows = plans.split_empty(cards)
    for goal in goal_rows.iter_rows(named=True):
        with st.container(border=True):
            st.markdown(
                f"**{goal['goal_id']}** · {goal['symbol']} **{goal['status_group']}** · "
                f"{plans.escape_md(goal['area_name'])} · {plans.escape_md(goal['strategic_aim'])}"
            )
            st.markdown(plans.quote_md(goal["goal"], "Tavoite asiakirjan sanoin:"))
            with st.expander("Mittari, vastuu ja toteuma", expanded=bool(search.strip())):
                st.markdown(plans.quote_md(goal["measure"], "Mittari ja tavoitetaso asiakirjan sanoin:"))
                st.markdown(f"**Vastuu:** {plans.escape_md(goal['responsible']) or 'ei merkitty'}")
                st.markdown(plans.quote_md(goal["progress_0930"], "Toteuma 30.9. asiakirjan sanoin:"))
                st.markdown(plans.quote_md(goal["progress_1231"], "Toteuma 31.12. asiakirjan sanoin:"))
                ui.source_caption(level_title, plans.compact_lines([goal["source_line"]]))
    if empty_rows.height:
        st.markdown(
            f"**Tyhjät rivit ({empty_rows.height}):** "
            + "; ".join(f"{r['goal_id']} ({plans.escape_md(r['strategic_aim'])})"
                        for r in empty_rows.iter_rows(named=True))
            + ". Näillä riveillä on vain strateginen päämäärä ja tila ”Ei tietoa”: "
            "asiakirja ei kerro tavoitetta."
        )
    ui.source_caption(level_title, plans.compact_lines(cards["source_line"]))

# ---- the same as a table
st.subheader("Tavoitteet taulukkona")
st.markdown("Sama rajaus taulukkona. Taulukon voi järjestää sarakkeen otsikosta; pitkät tekstit näkyvät "
            "kokonaan yllä olevissa korteissa.")
table_rows = plans.goal_cards(shown, names)
ui.table(
    table_rows.select(
        table_rows["goal_id"].alias("Tunniste"),
        table_rows["level_name"].alias("Taso"),
        table_rows["strategic_aim"].alias("Strateginen päämäärä"),
        table_rows["area_name"].alias("Palvelualue"),
        table_rows["goal"].alias("Tavoite"),
        table_rows["measure"].alias("Mittari ja tavoitetaso"),
        table_rows["responsible"].alias("Vastuu"),
        table_rows["progress_0930"].alias("Toteuma 30.9."),
        table_rows["progress_1231"].alias("Toteuma 31.12."),
        table_rows["status"].alias("Tila (painettu)"),
    ),
)
ui.source_caption("Valtuuston sitovat tavoitteet ja käyttösuunnitelman palvelualueittaiset tavoitteet",
                  plans.compact_lines(table_rows["source_line"]))
