"""Search across everything: accounts, key figures, goals, projects, risks and the document's text.
Plain polars: one index frame, one filter. Each hit names the page and the area that show it."""

from __future__ import annotations

import polars as pl

from utils.core.settings import SECTOR

INDEX_COLUMNS = ["kind", "page", "area", "title", "text", "source_line"]


def build_index(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per searchable thing: kind | page (page key) | area (code) | title | text | source_line."""
    fin = tables["finance"]
    accounts = (
        fin.filter(pl.col("statement") == "income_statement")
        .group_by("service_area", "account", maintain_order=True)
        .agg(pl.col("source_line").first(), pl.col("account_en").first())
        .select(
            pl.lit("account").alias("kind"), pl.lit("budget").alias("page"), pl.col("service_area").alias("area"),
            pl.col("account").alias("title"), pl.col("account_en").alias("text"), "source_line",
        )
    )
    investments = (
        fin.filter(pl.col("statement") == "investments")
        .group_by("account", maintain_order=True)
        .agg(pl.col("source_line").first(), pl.col("account_en").first())
        .select(
            pl.lit("account").alias("kind"), pl.lit("projects").alias("page"), pl.lit(SECTOR).alias("area"),
            pl.col("account").alias("title"), pl.col("account_en").alias("text"), "source_line",
        )
    )
    kpis = (
        tables["kpis"].group_by("indicator_key", "service_area", maintain_order=True)
        .agg(pl.col("indicator").first(), pl.col("indicator_en").first(), pl.col("source_line").first())
        .select(
            pl.lit("indicator").alias("kind"), pl.lit("kpis").alias("page"), pl.col("service_area").alias("area"),
            pl.col("indicator").alias("title"), pl.col("indicator_en").alias("text"), "source_line",
        )
    )
    goals = tables["goals"].filter(~pl.col("is_empty")).select(
        pl.lit("goal").alias("kind"), pl.lit("goals").alias("page"),
        pl.col("service_area").fill_null(SECTOR).alias("area"),
        pl.col("goal").fill_null("").alias("title"),
        pl.concat_str(["strategic_aim", "measure", "responsible", "progress_0930", "progress_1231", "status"],
                      separator=" ", ignore_nulls=True).alias("text"),
        "source_line",
    )
    projects = tables["projects"].filter(~pl.col("is_total")).select(
        pl.lit("project").alias("kind"), pl.lit("projects").alias("page"), pl.lit(SECTOR).alias("area"),
        (pl.col("name") + " " + pl.col("period").fill_null("")).alias("title"),
        pl.concat_str(["funder", "description"], separator=" ", ignore_nulls=True).alias("text"),
        "source_line",
    )
    risks = tables["risks"].select(
        pl.lit("risk").alias("kind"), pl.lit("risks").alias("page"), pl.lit(SECTOR).alias("area"),
        pl.col("risk").alias("title"),
        pl.concat_str(["risk_class", "mitigation", "mitigation_outcome"], separator=" ", ignore_nulls=True)
        .alias("text"),
        "source_line",
    )
    texts = tables["texts"].select(
        pl.lit("text").alias("kind"),
        pl.col("topic").replace_strict(TEXT_PAGES, default="texts").alias("page"),
        pl.col("service_area").alias("area"),
        pl.col("heading").fill_null("").alias("title"),
        pl.col("text"),
        "source_line",
    )
    return pl.concat([accounts, investments, kpis, goals, projects, risks, texts], how="vertical").select(
        INDEX_COLUMNS
    )


# Which page shows the paragraphs of each topic.
TEXT_PAGES = {
    "budget_commentary": "budget",
    "investments": "projects",
    "investments_commentary": "projects",
    "council_goals": "goals",
    "operational_goals": "goals",
    "kpis": "kpis",
}

MAX_QUERY = 100


def matching_terms(terms: list[tuple[str, str]], query: str) -> list[tuple[str, str]]:
    """The glossary's (term, explanation) pairs whose term or explanation holds the query (case-insensitive; an
    empty query keeps them all), in their order."""
    needle = query.strip().lower()
    return [(term, text) for term, text in terms if not needle or needle in term.lower() or needle in text.lower()]


def search(index: pl.DataFrame, query: str, limit: int = 50, excerpt_chars: int | None = None) -> pl.DataFrame:
    """Rows whose title or text contains every word of the query (case-insensitive, literal, not a regex), at most
    `limit`, each with its excerpt: the first `excerpt_chars` characters of its text ('' where it has none)."""
    words = [w for w in query[:MAX_QUERY].lower().split() if w]
    haystack = (pl.col("title").fill_null("") + " " + pl.col("text").fill_null("")).str.to_lowercase()
    condition = pl.lit(bool(words))
    for word in words:
        condition = condition & haystack.str.contains(word, literal=True)
    return (
        index.filter(condition)
        .head(limit)
        .with_columns(pl.col("text").fill_null("").str.slice(0, excerpt_chars).alias("excerpt"))
    )
