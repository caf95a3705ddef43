"""About the data: where every figure comes from, how it was checked, and what the document leaves unsaid."""

import time

import streamlit as st

from utils.app import blocks, claim_text, data, exports, frame, tables
from utils.app.answers import check_results, contradictions, goal_table, key_figures, views
from utils.core import settings
from utils.core.loading import REBUILD

t = frame.t
filters = frame.page_header(t("about.title"), t("about.question"))
LAYOUT = settings.app_settings()["layout"]
package = data.datapackage()
source = package["sources"][0]
names = frame.area_names()
snapshot = data.snapshot()  # what this page shows and its downloads serve: the bytes read and checked at start
changed = data.changed_on_disk()
if changed:
    st.warning(t("downloads.disk_changed", files=", ".join(f"data/{name}" for name in changed),
                 time=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(snapshot.loaded_at))))

st.header(t("about.source_title"))
st.markdown(t("about.source_text", title=source["title"], path=source["path"]))
st.markdown(f'`{source["hash"].removeprefix("sha256:")}`')  # inline code: no syntax highlighter (1.56 MB) loaded
st.markdown(t("about.scope"))

st.header(t("about.how_title"))
st.markdown(t("about.how", command=REBUILD))

st.header(t("about.checks_title"))
checks = data.load_checks()
CHECK = views.check_names(checks)
tables.table(*views.check_summary_table(check_results.check_summary(checks), CHECK), name="checks-summary")
st.markdown(t("about.verdicts"))
st.caption(t("about.structure_note"))
projects = data.load_projects()
# every contradiction in words (utils/questions/contradictions.py): the check's label, then the figures with their
# area, year and decimals; the editorial notes of config/editorial_notes.toml follow, marked as this site's reading
for row in contradictions.contradictions(data.tables()).iter_rows(named=True):
    message = claim_text.contradiction_message(row)
    gap = check_results.contradiction_gap(row, projects)
    if gap:
        message += " " + t("about.gap_project", name=blocks.escape_md(gap["name"]),
                           period=blocks.escape_md(gap["period"]), line=gap["source_line"])
    (st.warning if row["kind"] == "commentary_direction" else st.error)(message)
with st.expander(t("about.all_checks", n=checks.height)):
    tables.table(*views.checks_table(checks, CHECK, names), name="checks")

st.header(t("about.unsaid_title"))
_, empty_goals = goal_table.split_empty(data.load_goals())
st.markdown(t("about.unsaid", empty=empty_goals.height, empty_lines=", ".join(empty_goals["source_line"].to_list()),
              population=tables.num(data.population()["population"]),
              doubtful=key_figures.doubtful_values(data.load_kpis()).height))

st.header(t("about.downloads_title"))
st.markdown(t("about.downloads"))
cols = st.columns(LAYOUT["download_columns"])
for i, name in enumerate(exports.data_files()):
    filename, mime = data.download_of(name)
    cols[i % len(cols)].download_button(
        f"⬇ {filename}", data=lambda n=name: snapshot.files[n], file_name=filename,  # checked bytes, not the disk
        mime=mime, key=f"dl_{name}", on_click="ignore",
    )
export_session = exports.session_key()
st.download_button(f"⬇ {t('about.zip')}", data=lambda: exports.archive_export(snapshot.files, export_session),
                   file_name=f"{settings.archive_name()}.zip",
                   mime="application/zip", key="dl_zip", on_click="ignore", type="primary")

st.header(t("about.terms_title"))
st.markdown(t("about.terms"))
frame.footer()
