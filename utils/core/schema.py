"""Every published table's fields, declared once.

Feeds the CSV writer (column order and types), validation (types, allowed codes, unique keys),
the loader of the app (polars dtypes) and data/datapackage.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from utils.core import settings

AREA_CODES = settings.area_codes()

_DTYPES = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | number | boolean (Frictionless names)
    en: str
    fi: str
    unit: str | None = None
    required: bool = False
    enum: tuple[str, ...] | None = None

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    en: str
    fi: str
    primary_key: tuple[str, ...]
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {f.name: f.dtype for f in self.fields}


F = Field
SOURCE = F("source_line", "string", "Line(s) of the raw document the row was read from, joined with ';'",
           "Lähdeasiakirjan rivi(t), joilta tieto luettiin", required=True)

FINANCE = Table(
    "finance",
    "Budget summary, income statements (sector and service areas) and investments, as printed",
    "Talousarvion yhteenveto, tuloslaskelmat (toimiala ja palvelualueet) ja investoinnit painetussa muodossa",
    ("statement", "service_area", "account", "year", "scenario"),
    (
        F("statement", "string", "Which table", "Taulukko", required=True,
          enum=("budget_summary", "income_statement", "investments")),
        F("service_area", "string", "Service area code (ALL = the whole sector)", "Palvelualueen koodi",
          required=True, enum=AREA_CODES),
        F("account", "string", "Row label exactly as printed", "Rivin nimi painetussa muodossa", required=True),
        F("year", "integer", "Year", "Vuosi", required=True),
        F("scenario", "string", "actual (Tilinpäätös/Toteuma) or budget (Talousarvio)", "Toteuma tai talousarvio",
          required=True, enum=("actual", "budget")),
        F("amount_eur", "integer", "Amount, signed as printed: costs negative", "Summa, etumerkki kuten painettu",
          unit="EUR", required=True),
        F("account_en", "string", "English name of the account", "Tilin englanninkielinen nimi", required=True),
        F("account_kind", "string", "Role of the row: income, cost, subtotal...", "Rivin rooli", required=True),
        F("is_subtotal", "boolean", "The document computes this row from others: never add it to them",
          "Välisumma: ei lasketa yhteen muiden kanssa", required=True),
        F("shown_as", "string", "cost: printed negative, shown to users as a positive cost; income: as printed",
          "Näytetäänkö kuluna (positiivisena) vai tulona", required=True, enum=("cost", "income")),
        F("section", "string", "Printed section heading above the row (TOIMINTATUOTOT, TOIMINTAKULUT)",
          "Osion otsikko"),
        F("row_order", "integer", "Position of the row in its printed table", "Rivin järjestys taulukossa",
          required=True),
        F("deviation_eur", "integer", "Printed Poikkeama (budget − actual), on the compared actual row only",
          "Painettu poikkeama (talousarvio − toteuma)", unit="EUR"),
        F("realization_pct", "number", "Printed Toteuma % (actual / budget), on the compared actual row only",
          "Painettu toteumaprosentti", unit="%"),
        F("realization_pct_printed", "string", "Toteuma % as printed (text)", "Toteuma % tekstinä"),
        F("realization_decimals", "integer", "Decimals printed in Toteuma %", "Toteuma %:n desimaalit"),
        F("column_printed", "string", "Column head as printed", "Sarakkeen otsikko", required=True),
        SOURCE,
    ),
)

KPIS = Table(
    "kpis",
    "Key figures (Tunnusluvut): actuals 2022–2024 and the 2024 target, one row per value",
    "Tunnusluvut: toteumat 2022–2024 ja tavoite 2024, yksi rivi arvoa kohden",
    ("indicator", "unit", "service_area", "year", "kind"),
    (
        F("indicator", "string", "Indicator label exactly as printed", "Tunnusluvun nimi painetussa muodossa",
          required=True),
        F("indicator_key", "string", "Stable key of the indicator", "Tunnusluvun tunniste", required=True),
        F("indicator_fi", "string", "Short Finnish name", "Lyhyt nimi", required=True),
        F("indicator_en", "string", "English name", "Englanninkielinen nimi", required=True),
        F("unit", "string", "Unit, taken from the row label", "Yksikkö rivin nimestä", required=True),
        F("unit_en", "string", "Unit in English", "Yksikkö englanniksi", required=True),
        F("service_area", "string", "Service area: the project's reading of the label", "Palvelualue (tulkinta)",
          required=True, enum=AREA_CODES),
        F("area_basis", "string", "How the area was decided (project_reading: not stated by the document)",
          "Palvelualueen peruste", required=True),
        F("year", "integer", "Year", "Vuosi", required=True),
        F("kind", "string", "actual or target", "Toteuma tai tavoite", required=True, enum=("actual", "target")),
        F("value", "number", "Value; empty where the cell cannot be read with certainty", "Arvo"),
        F("value_text", "string", "The cell as printed", "Solu painetussa muodossa", required=True),
        F("note", "string", "Why a value is empty or doubtful", "Huomautus"),
        F("note_code", "string", "The note's kind: unit_mismatch, not_split or garbled", "Huomautuksen laji",
          enum=("unit_mismatch", "not_split", "garbled")),
        F("better", "string", "Which direction is better: higher, lower or none", "Kumpi suunta on parempi",
          required=True, enum=("higher", "lower", "none")),
        F("better_is_judgement", "boolean", "The direction is this project's judgement, not the document's",
          "Suunta on projektin tulkinta", required=True),
        F("kpi_order", "integer", "Order of the value in the printed table", "Järjestys", required=True),
        SOURCE,
    ),
)

POPULATION = Table(
    "population",
    "Population the document uses for per-resident figures",
    "Asukasluku, jota asiakirja käyttää asukaskohtaisissa luvuissa",
    ("year",),
    (
        F("year", "integer", "Year the population is stated for", "Vuosi", required=True),
        F("population", "integer", "Residents", "Asukkaita", unit="residents", required=True),
        F("population_printed", "string", "As printed", "Painettu muoto", required=True),
        F("statement_printed", "string", "The sentence that states it", "Lause, jossa se mainitaan", required=True),
        SOURCE,
    ),
)

GOALS = Table(
    "goals",
    "Council-binding goals and operational goals with progress and status",
    "Valtuuston sitovat tavoitteet ja käyttösuunnitelman tavoitteet",
    ("level", "row_order"),
    (
        F("level", "string", "council (binding) or operational", "Taso", required=True,
          enum=("council", "operational")),
        F("row_order", "integer", "Position in the printed table", "Järjestys", required=True),
        F("goal_id", "string", "Stable id (C01, O01...)", "Tunniste", required=True),
        F("strategic_aim", "string", "Strategic aim (bold name)", "Strateginen päämäärä", required=True),
        F("strategic_aim_text", "string", "The whole strategic-aim cell", "Koko solu"),
        F("service_area", "string", "Service area code; empty where the row does not say", "Palvelualue",
          enum=AREA_CODES),
        F("service_area_printed", "string", "Area label as printed", "Palvelualue painetussa muodossa"),
        F("goal", "string", "Goal", "Tavoite"),
        F("measure", "string", "Measure and target level", "Mittari ja tavoitetaso"),
        F("responsible", "string", "Responsible person", "Vastuuhenkilö"),
        F("progress_0930", "string", "Progress at 30.9.", "Toteuma 30.9."),
        F("progress_1231", "string", "Progress at 31.12.", "Toteuma 31.12."),
        F("status", "string", "Status as printed", "Tila", required=True),
        F("is_empty", "boolean", "Row empty but for its status", "Tyhjä rivi", required=True),
        SOURCE,
    ),
)

PROJECTS = Table(
    "projects",
    "Externally funded projects (Hankkeet) and the printed total row",
    "Ulkopuolisella rahoituksella toteutetut hankkeet ja painettu yhteensä-rivi",
    ("name", "period"),
    (
        F("name", "string", "Project name as printed", "Hankkeen nimi", required=True),
        F("period", "string", "Period as printed", "Toteutusaika"),
        F("period_start", "integer", "First year", "Alkuvuosi"),
        F("period_end", "integer", "Last year", "Loppuvuosi"),
        F("strategic_aim", "string", "Strategic aim", "Strateginen päämäärä"),
        F("strategic_aim_text", "string", "The whole strategic-aim cell", "Koko solu"),
        F("funder", "string", "Funder (OKM, OPH, AVI...)", "Rahoittaja"),
        F("total_funding_eur", "integer", "Total funding", "Kokonaisrahoitus", unit="EUR", required=True),
        F("total_funding_printed", "string", "As printed", "Painettu muoto", required=True),
        F("city_share_pct", "number", "City's share of funding", "Kaupungin rahoitusosuus", unit="%"),
        F("city_share_printed", "string", "As printed", "Painettu muoto"),
        F("spend_realization_printed", "string", "Spend realisation as printed", "Menojen toteuma painettuna"),
        F("spend_realization_pct", "number", "Spend realisation where a single value", "Menojen toteuma",
          unit="%"),
        F("spend_realization_parts", "string", "All printed parts, ';'-separated", "Osat"),
        F("is_multipart", "boolean", "Several realisation values printed", "Monta osaa", required=True),
        F("started_h2_2024", "boolean", "Started in the second half of 2024", "Alkoi 2024 jälkipuoliskolla",
          required=True),
        F("start_note", "string", "Why it is read as a late start", "Peruste"),
        F("description", "string", "Status review as printed", "Tilannekatsaus"),
        F("is_total", "boolean", "The printed total row", "Yhteensä-rivi", required=True),
        SOURCE,
    ),
)

RISKS = Table(
    "risks",
    "Risk management table",
    "Riskienhallinta",
    ("risk_id",),
    (
        F("risk_id", "integer", "Position in the printed table", "Järjestys", required=True),
        F("risk_class", "string", "Risk class", "Riskiluokka", required=True),
        F("risk", "string", "Identified risk", "Tunnistettu riski", required=True),
        F("probability", "integer", "Probability on the document's scale", "Todennäköisyys", required=True),
        F("significance", "integer", "Significance on the document's scale", "Merkittävyys", required=True),
        F("risk_value_printed", "string", "As printed", "Painettu muoto", required=True),
        F("mitigation", "string", "Mitigation", "Hallintakeino"),
        F("mitigation_outcome", "string", "How the mitigation went", "Hallintakeinon toteutuminen"),
        SOURCE,
    ),
)

TEXTS = Table(
    "texts",
    "Narrative text of the document, one row per paragraph",
    "Asiakirjan tekstit kappaleittain",
    ("text_id",),
    (
        F("text_id", "integer", "Order in the document", "Järjestys", required=True),
        F("topic", "string", "Topic (from the headings)", "Aihe", required=True),
        F("service_area", "string", "Service area the text is about", "Palvelualue", required=True,
          enum=AREA_CODES),
        F("heading", "string", "Nearest heading as printed", "Lähin otsikko"),
        F("paragraph_no", "integer", "Paragraph under its heading", "Kappale", required=True),
        F("text", "string", "Plain text of the paragraph", "Teksti", required=True),
        SOURCE,
    ),
)

CHECKS = Table(
    "checks",
    "Reconciliation of the document's own arithmetic",
    "Asiakirjan omien laskutoimitusten tarkistus",
    ("check", "statement", "service_area", "account", "column"),
    (
        F("check", "string", "Which identity", "Tarkistus", required=True),
        F("statement", "string", "Table", "Taulukko", required=True),
        F("service_area", "string", "Service area", "Palvelualue", required=True),
        F("account", "string", "Row checked", "Tarkistettu rivi", required=True),
        F("column", "string", "Column checked", "Sarake", required=True),
        F("expected", "number", "Value the identity gives", "Laskettu arvo", required=True),
        F("printed", "number", "Value printed", "Painettu arvo", required=True),
        F("difference", "number", "printed − expected", "Erotus", required=True),
        F("tolerance", "number", "Largest difference whole-euro rounding explains", "Pyöristyksen selittämä ero",
          required=True),
        F("verdict", "string", "ok, rounding or discrepancy", "Tulos", required=True,
          enum=("ok", "rounding", "discrepancy")),
        F("note", "string", "Explanation", "Selitys"),
        F("source_line", "string", "Lines of the figures involved", "Rivit", required=True),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (FINANCE, KPIS, POPULATION, GOALS, PROJECTS, RISKS, TEXTS, CHECKS)}


def validate_frame(table: Table, df: pl.DataFrame) -> list[str]:
    """Problems with a frame against its declared table: columns, types, required values, codes, unique key."""
    problems: list[str] = []
    if df.columns != table.columns:
        return [f"{table.name}: columns {df.columns} differ from the schema {table.columns}"]
    for f in table.fields:
        if df.schema[f.name] != f.dtype:
            problems.append(f"{table.name}.{f.name}: type {df.schema[f.name]} is not {f.dtype}")
            continue
        if f.required and df[f.name].null_count():
            problems.append(f"{table.name}.{f.name}: {df[f.name].null_count()} empty values in a required field")
        if f.enum is not None:
            bad = df.filter(pl.col(f.name).is_not_null() & ~pl.col(f.name).is_in(list(f.enum)))
            if bad.height:
                problems.append(f"{table.name}.{f.name}: values outside {f.enum}: {bad[f.name].unique().to_list()}")
    if not problems and df.select(table.primary_key).is_duplicated().any():
        problems.append(f"{table.name}: primary key {table.primary_key} is not unique")
    return problems
