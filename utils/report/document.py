"""The printed report's content: a profile (utils/questions/profile.py) turned into headings, sentences, quotes, tables
and charts in one language, with every figure formatted as the app formats it and every section's source lines.

Plain data (dicts and lists of strings), no layout: utils/report/profile.typ lays it out. Text from the document
stays text (the template never reads it as markup).
"""

from __future__ import annotations

import polars as pl

from utils.core import i18n
from utils.core.fi_numbers import format_eur, format_number
from utils.questions import claims, document_text, goal_table
from utils.questions import profile as profiles
from utils.report import charts

ELLIPSIS = " […]"
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
MIN_PARAGRAPH = 80  # characters: a quote stops rather than show a paragraph's first word or two


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """Text cut at a word boundary before `limit` characters, and whether it was cut."""
    text = document_text.one_line(text)
    if len(text) <= limit:
        return text, False
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + ELLIPSIS, True


class Writer:
    """Formats figures and finds words in one language; collects the blocks of each section."""

    def __init__(self, p: profiles.Profile, lang: str, mapping: dict, data_version: str, url: str, config: dict):
        self.p, self.lang, self.mapping, self.version, self.url = p, lang, mapping, data_version, url
        self.options = config["report"]
        self.areas = profiles.area_names(mapping, lang)
        self.accounts = profiles.account_names(mapping, lang)
        self.indicators = profiles.indicator_names(mapping, lang)
        self.svgs: dict[str, str] = {}
        self.shortened = False

    # ---------------------------------------------------------------- words and figures
    def t(self, key: str, **values) -> str:
        return i18n.t(self.lang, key, **values)

    def eur(self, value, decimals: int = 0) -> str:
        return format_eur(value, decimals, self.lang)

    def source(self, section: str, lines: str | None) -> dict:
        text = self.t("app.source", doc=self.t("app.doc"), section=section)
        if lines:
            text += self.t("app.source_lines", lines=lines)
        return {"type": "source", "text": text}

    def quote(self, paragraphs: list[str], limit: int | None = None) -> dict:
        shown = []
        budget = limit
        for text in paragraphs:
            if budget is not None:
                if budget < min(MIN_PARAGRAPH, len(document_text.one_line(text)) + 1):
                    self.shortened = True
                    shown[-1] = shown[-1].removesuffix(ELLIPSIS) + ELLIPSIS if shown else ELLIPSIS
                    break
                text, cut = shorten(text, budget)
                self.shortened |= cut
                budget -= len(text)
            shown.append(text)
        label = self.t("app.quote_label") + ("" if self.lang == "fi" else " " + self.t("app.quote_note"))
        return {"type": "quote", "label": label, "paragraphs": shown}

    def chart(self, key: str, chart) -> dict:
        self.svgs[key] = charts.to_svg(chart)
        return {"type": "chart", "key": key}

    def target_words(self, claim: claims.Claim, reasons: dict[str, str]) -> str:
        """A key figure's verdict in the claim model's words; the judgement is marked in its own column. A reason
        beside a verdict (a tie, another population) is a numbered mark here, its words in `reasons` (mark -> text),
        set under the table: the sector's table would not fit its pages with each written out."""
        text = i18n.t(self.lang, f"claims.target_{claim.direction}")
        if not claim.reason:
            return text
        words = i18n.t(self.lang, f"claims.reason_{claim.reason}")
        mark = next((m for m, w in reasons.items() if w == words), None) or SUPERSCRIPTS[len(reasons)]
        reasons[mark] = words
        return f"{text} {mark}"

    def claim(self, claim: claims.Claim, with_area: bool = False) -> str:
        return profiles.claim_sentence(claim, self.lang, self.mapping, with_area=with_area)

    # ---------------------------------------------------------------- sections
    def description(self) -> dict:
        d = self.p.description
        title = self.t(profiles.sector_key("profile.description_title", self.p.is_sector))
        blocks = [self.quote(d["paragraphs"], self.options["description_chars"]),
                  self.source(d["heading"] or title, d["source_line"])] \
            if d["paragraphs"] else [{"type": "p", "text": self.t("profile.no_description")}]
        return {"title": title, "blocks": blocks}

    def net_cost(self) -> dict:
        p, net = self.p, self.p.net_cost
        budget_claim, change_claim = net["budget_claim"], net["change_claim"]
        columns = [self.t("profile.pdf.col_measure"), self.t("profile.pdf.col_previous", year=p.previous_year),
                   self.t("profile.pdf.col_budget", year=p.year), self.t("profile.pdf.col_actual", year=p.year),
                   self.t("profile.pdf.col_difference"), self.t("profile.pdf.col_pct")]
        diff = net["actual_eur"] - net["budget_eur"]
        rows = [
            [self.t("profile.pdf.row_net"), self.eur(net["actual_2023_eur"]), self.eur(net["budget_eur"]),
             self.eur(net["actual_eur"]), claims.fmt(budget_claim, diff, self.lang, signed=True),
             i18n.t(self.lang, "profile.pdf.pct", pct=format_number(budget_claim.pct, 2, self.lang))],
            [self.t("profile.pdf.row_per_resident"), "–", self.eur(net["budget_per_resident"], 2),
             self.eur(net["actual_per_resident"], 2),
             claims.fmt(claims.per_resident(budget_claim, net["population"]),
                        net["actual_per_resident"] - net["budget_per_resident"], self.lang, signed=True), ""],
        ]
        bars = pl.DataFrame({
            "column": [self.t("profile.pdf.col_previous", year=p.previous_year),
                       self.t("profile.pdf.col_budget", year=p.year), self.t("profile.pdf.col_actual", year=p.year)],
            "amount_eur": [net["actual_2023_eur"], net["budget_eur"], net["actual_eur"]],
        }).with_columns(pl.Series("label", [self.eur(v) for v in
                                            (net["actual_2023_eur"], net["budget_eur"], net["actual_eur"])]))
        width = self.options["chart_width_px"]
        blocks = [
            {"type": "table", "columns": columns, "rows": rows, "widths": [2, 0, 0, 0, 0, 0],
             "align": ["left"] + ["right"] * 5},
            {"type": "list", "items": [self.claim(budget_claim), self.claim(change_claim)]},
            {"type": "p", "text": self.t("profile.pdf.per_resident", population=format_number(
                net["population"], 0, self.lang), year=net["population_year"], previous=p.previous_year)},
            self.chart("net", charts.net_cost_chart(bars, self.t("profile.pdf.net_axis"), width, self.lang,
                                                    budget_claim.favourable)),
            self.source(self.t("profile.source_net", area=self.areas[p.area]), net["source_line"]),
            self.source(self.t("profile.pdf.source_population"), net["population_line"]),
        ]
        return {"title": self.t("profile.net_title", year=p.year), "blocks": blocks}

    def deviations(self, lines: pl.DataFrame) -> dict:
        p = self.p
        items = [f"{self.claim(c)} ({self.t('profile.pdf.line', lines=c.source_line)})" for c in p.deviations]
        line_claims = [claims.budget_claim(r, self.mapping["accounts"]) for r in lines.iter_rows(named=True)]
        words = {"better": self.t("profile.pdf.better"), "worse": self.t("profile.pdf.worse"),
                 "neutral": self.t("profile.pdf.neutral")}
        df = pl.DataFrame({
            "account": [self.accounts.get(c.subject, c.subject) for c in line_claims],
            "difference": [float(c.difference or 0) for c in line_claims],
            "label": [claims.fmt(c, c.difference, self.lang, signed=True) for c in line_claims],
            "judgement": ["neutral" if c.favourable is None else ("better" if c.favourable else "worse")
                          for c in line_claims],
        })
        blocks = [
            {"type": "p", "keep": True, "text": self.t("profile.deviations_how")},
            {"type": "list", "numbered": True, "items": items},
            self.chart("lines", charts.difference_chart(df, self.t("profile.pdf.difference_axis"), words,
                                                        self.options["chart_width_px"], self.lang)),
            self.source(self.t("profile.source_statement", area=self.areas[p.area]),
                        document_text.compact_lines(lines["source_line"])),
        ]
        c = p.commentary
        if c["paragraphs"]:
            blocks += [{"type": "p", "keep": True, "text": self.t("profile.pdf.commentary")},
                       self.quote(c["paragraphs"]), self.source(c["heading"] or "", c["source_line"])]
        return {"title": self.t("profile.deviations_title", n=len(p.deviations)), "blocks": blocks}

    def kpis(self) -> dict:
        p = self.p
        if p.kpis.is_empty():
            return {"title": self.t("profile.kpis_title"), "blocks": [{"type": "p", "text": self.t("profile.no_kpis")}]}
        rows, unusable, reasons = [], {}, {}
        for r, c in zip(p.kpis.iter_rows(named=True), p.kpi_claims):
            unit = r["unit"] if self.lang == "fi" else r["unit_en"]
            name = f"{self.indicators.get(r['indicator_key'], r['indicator_key'])} ({unit})"
            better = self.t(f"profile.pdf.better_{c.better}") + (" *" if c.judgement else "") \
                if c.better in ("higher", "lower") else "–"
            figures = []
            for which, value in (("target", c.base), ("actual", c.value)):
                printed = r[f"{which}_text"]
                if value is None and printed:  # a cell without a usable number: as printed, under the table
                    unusable.setdefault((name, which, document_text.one_line(printed)), None)
                    figures.append("–†")
                else:
                    figures.append(profiles.kpi_figure(c, which, printed, self.lang))
            cells = [name, *figures, better, self.target_words(c, reasons)]
            rows.append(cells if not p.is_sector else [name, self.areas[r["service_area"]], *cells[1:]])
        columns = [self.t("profile.col_indicator"), self.t("profile.col_target"), self.t("profile.col_actual"),
                   self.t("profile.pdf.col_better"), self.t("profile.col_verdict")]
        widths, align = [3, 1, 1, 0, 2], ["left", "right", "right", "left", "left"]
        if p.is_sector:
            columns.insert(1, self.t("profile.col_area"))
            widths.insert(1, 1.6)
            align.insert(1, "left")
        counts = profiles.kpi_counts(p)
        judgement = self.t("findings.judgement") if counts.pop("judgement") else ""
        blocks = [
            {"type": "p", "keep": True, "text": self.t("profile.pdf.kpis_counts", judgement=judgement, **counts)},
            {"type": "table", "columns": columns, "rows": rows, "widths": widths, "align": align},
            {"type": "note", "text": self.t("profile.pdf.kpis_judgement")},
            *[{"type": "note", "text": f"{mark} {words}"} for mark, words in reasons.items()],
            *([{"type": "note", "text": self.t("profile.pdf.kpis_unusable", cells="; ".join(
                self.t("profile.pdf.kpis_unusable_cell", name=name, column=self.t(f"profile.col_{which}"), text=text)
                for name, which, text in unusable))}] if unusable else []),
            self.source(self.t("profile.source_kpis"), document_text.compact_lines(p.kpis["source_line"])),
        ]
        return {"title": self.t("profile.kpis_title"), "blocks": blocks}

    def goals(self) -> dict:
        p = self.p
        cards = goal_table.goal_cards(p.goals, self.areas, lang=self.lang)
        filled, empty = goal_table.split_empty(cards)
        counts = p.goal_counts.filter(pl.col("count") > 0)
        summary = self.t("profile.pdf.goals_counts", n=p.goals.height, counts=", ".join(
            f"{goal_table.status_label(self.lang, r['status_group'])}: {r['count']}"
            for r in counts.iter_rows(named=True)))
        rows = []
        for g in filled.iter_rows(named=True):
            limit = self.options["progress_chars_sector" if p.is_sector else "progress_chars"]
            progress, cut = shorten(g["progress_1231"] or "–", limit)
            self.shortened |= cut
            rows.append([f"{g['goal_id']}", f"{g['symbol']} {g['status_label']}",
                         document_text.one_line(g["goal"]), progress])
        blocks = [{"type": "p", "keep": True, "text": summary}]
        if not p.is_sector:
            blocks.append({"type": "note", "keep": True,
                           "text": self.t("profile.pdf.goals_scope", area=self.areas[p.area])})
        blocks.append({"type": "table", "columns": [self.t("profile.pdf.col_goal_id"),
                                                    self.t("profile.pdf.col_status"),
                                                    self.t("profile.pdf.col_goal"),
                                                    self.t("profile.pdf.col_progress")],
                       "rows": rows, "widths": [0, 1.1, 2.2, 3.6], "align": ["left"] * 4,
                       "quoted": [2, 3], "quote_note": self.t("profile.pdf.goals_quoted")})
        if empty.height:
            blocks.append({"type": "p", "text": self.t("profile.pdf.goals_empty", n=empty.height,
                                                       ids=", ".join(empty["goal_id"].to_list()))})
        blocks.append(self.source(self.t("profile.source_goals"), document_text.compact_lines(cards["source_line"])))
        return {"title": self.t("profile.goals_title"), "blocks": blocks}

    def risks(self) -> dict:
        risks = self.p.risks
        rows = [[str(r["risk_id"]), document_text.document_label(self.lang, "risks.class", r["risk_class"]),
                 document_text.one_line(r["risk"]), str(r["probability"]), str(r["significance"]),
                 document_text.one_line(r["mitigation_outcome"])] for r in risks.iter_rows(named=True)]
        blocks = [
            {"type": "note", "keep": True, "text": self.t("profile.pdf.risks_sector")},
            {"type": "table", "columns": [self.t("profile.col_no"), self.t("profile.col_class"),
                                          self.t("profile.col_risk"), self.t("profile.pdf.col_p"),
                                          self.t("profile.pdf.col_s"), self.t("profile.col_outcome")],
             "rows": rows, "widths": [0, 1.2, 2, 0, 0, 3.2],
             "align": ["right", "left", "left", "right", "right", "left"],
             "quoted": [2, 5], "quote_note": self.t("profile.pdf.goals_quoted")},
            {"type": "note", "text": self.t("profile.pdf.risks_scale")},
            self.source(self.t("profile.source_risks"),
                        document_text.compact_lines(risks["source_line"].cast(pl.String))),
        ]
        return {"title": self.t("profile.risks_title"), "blocks": blocks}

    def projects(self) -> dict:
        p = self.p
        tied, untied = p.tied_projects, p.untied_projects
        blocks: list[dict] = [{"type": "note", "text": self.t("profile.pdf.projects_how")}]
        if tied.height:
            rows = []
            for r in tied.iter_rows(named=True):
                where = ", ".join(self.areas[a] for a in r["areas"])
                last = where if p.is_sector else profiles.reason(r, self.lang)
                rows.append([document_text.one_line(r["name"]), r["period"], self.eur(r["total_funding_eur"]),
                             r["spend_realization_printed"], last])
            last_col = self.t("profile.col_tied") if p.is_sector else self.t("profile.col_reason")
            blocks.append({"type": "table", "columns": [self.t("profile.col_project"), self.t("profile.col_period"),
                                                        self.t("profile.col_funding"),
                                                        self.t("profile.col_realization"), last_col],
                           "rows": rows, "widths": [3, 0, 0, 0, 2.6 if not p.is_sector else 1.6],
                           "align": ["left", "left", "right", "right", "left"]})
            blocks.append(self.source(self.t("profile.source_projects"),
                                      document_text.compact_lines(tied["source_line"])))
        else:
            blocks.append({"type": "p", "text": self.t("profile.no_projects")})
        if untied.height:
            blocks.append({"type": "p", "text": self.t("profile.pdf.untied", n=untied.height)})
            blocks.append({"type": "list", "items": [
                f"{document_text.one_line(r['name'])} ({r['period']}): {profiles.reason(r, self.lang)}"
                for r in untied.iter_rows(named=True)]})
            blocks.append(self.source(self.t("profile.source_projects"),
                                      document_text.compact_lines(untied["source_line"])))
        return {"title": self.t("profile.projects_title"), "blocks": blocks}

    def gaps(self) -> dict:
        items = []
        for gap in self.p.gaps:
            if gap["kind"] == "kpi_no_value":
                listed = "; ".join(
                    f"{self.indicators.get(r['indicator_key'], r['indicator_key'])} "
                    f"({r['unit'] if self.lang == 'fi' else r['unit_en']}, {self.areas[r['service_area']]})"
                    for r in gap["rows"])
                text = self.t("profile.pdf.gap_kpi_no_value", n=gap["count"], listed=listed)
            elif gap["kind"] == "empty_goals":
                text = self.t(profiles.sector_key("profile.gap_empty_goals", self.p.is_sector), n=gap["count"],
                              ids=", ".join(gap["ids"]))
            elif gap["kind"] == "no_population_2023":
                text = self.t("profile.gap_no_population", year=gap["year"], previous=self.p.previous_year)
            else:
                text = self.t(f"profile.gap_{gap['kind']}", n=gap["count"])
            items.append(f"{text} ({self.t('profile.pdf.line', lines=gap['source_line'])})")
        return {"title": self.t("profile.gaps_title"), "blocks": [{"type": "list", "items": items}]}


def document(p: profiles.Profile, lang: str, mapping: dict, lines: pl.DataFrame, data_version: str, url: str,
             config: dict) -> tuple[dict, dict[str, str]]:
    """(the report's content, its charts as SVG by key). `lines`: the area's income and cost lines (for the
    chart of differences)."""
    w = Writer(p, lang, mapping, data_version, url, config)
    area_name = w.areas[p.area]
    sections = [w.description(), w.net_cost(), w.deviations(lines), w.kpis(), w.goals(), w.risks(), w.projects(),
                w.gaps()]
    doc_title = mapping["document"][f"title_{lang}"] if f"title_{lang}" in mapping["document"] else \
        mapping["document"]["title_fi"]
    content = {
        "lang": lang,
        "title": w.t(profiles.sector_key("profile.title", p.is_sector), area=area_name),
        "subtitle": doc_title,
        "scope": w.t("profile.pdf.scope", year=p.year, previous=p.previous_year),
        "version": w.t("profile.pdf.version", version=data_version),
        "url": url,
        "link_label": w.t("profile.pdf.link"),
        "shortened": w.t("profile.pdf.shortened") if w.shortened else "",
        "sections": sections,
        "footer": w.t("profile.pdf.footer", area=area_name, version=data_version),
        "source_note": w.t("profile.pdf.sources", doc=w.t("app.doc")),
    }
    return content, w.svgs
