"""Chart factories: colours carry the meaning the legend names, labels stay inside, locales per chart."""

import polars as pl

from utils.charts import palette, row_bars, trend_lines


def color_scale(spec: dict) -> dict:
    for layer in spec.get("layer", [spec]):
        color = layer.get("encoding", {}).get("color")
        if color and "scale" in color:
            return color["scale"]
    raise AssertionError("no colour scale")


def test_budget_chart_colours_follow_the_words_not_the_alphabet():
    df = pl.DataFrame({"a": ["x", "y", "z"], "actual": [1.0, 2.0, 3.0], "budget": [1.0, 1.0, 4.0],
                       "max_value": [1.0, 2.0, 4.0], "direction": ["= on", "▲ worse", "▼ better"],
                       "label": ["1", "2", "3"], "budget_label": ["1", "1", "4"]})
    spec = row_bars.budget_actual_chart(df, "a", "T", "A", "B", ("▲ worse", "▼ better", "= on")).to_dict()
    scale = color_scale(spec)
    mapping = dict(zip(scale["domain"], scale["range"]))
    assert mapping["▲ worse"] == palette.WORSE and mapping["▼ better"] == palette.BETTER
    assert mapping["= on"] == palette.NEUTRAL


def test_deviation_chart_colours_follow_the_judgement_not_the_sign():
    # an income line above budget (+5, better) and a cost line above budget (+3, worse): same sign, two colours
    df = pl.DataFrame({"a": ["income", "cost"], "difference": [5, 3], "difference_label": ["+5", "+3"],
                       "judgement": ["better", "worse"]})
    spec = row_bars.deviation_chart(df, "a", "T", "better", "worse").to_dict()
    scale = color_scale(spec)
    assert dict(zip(scale["domain"], scale["range"]))["worse"] == palette.WORSE
    assert dict(zip(scale["domain"], scale["range"]))["better"] == palette.BETTER
    values = next(iter(spec["datasets"].values()))
    assert {r["a"]: r["direction"] for r in values} == {"income": "better", "cost": "worse"}


def test_each_chart_carries_its_own_locale():
    df = pl.DataFrame({"a": ["x"], "difference": [5], "difference_label": ["5"], "judgement": ["worse"]})
    fi = row_bars.deviation_chart(df, "a", "T", "b", "w", lang="fi").to_dict()
    en = row_bars.deviation_chart(df, "a", "T", "b", "w", lang="en").to_dict()
    assert fi["config"]["locale"]["number"]["decimal"] == ","
    assert en["config"]["locale"]["number"]["decimal"] == "."


def test_padded_domain_leaves_room_for_labels_on_the_right():
    lo, hi = palette.padded_domain([-100.0, -50.0])
    assert lo < -100 and hi > 0
    lo, hi = palette.padded_domain([10.0, 20.0])
    assert lo == 0 and hi > 20


def test_decimals_format_is_even():
    assert trend_lines.decimals_format([20.3, 20.6]) == ",.1f"
    assert trend_lines.decimals_format([363016.0, 300000.0]) == ",.0f"
    assert trend_lines.decimals_format([8.88, 7.9]) == ",.2f"


# ------------------------------------------------------------------ issue 12: text alternatives, ticks, colours
def axes(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", [spec]):
        for channel in ("x", "y"):
            enc = layer.get("encoding", {}).get(channel)
            if isinstance(enc, dict) and isinstance(enc.get("axis"), dict):
                out.append(enc["axis"])
    return out


COSTS = {
    "fi": ["Henkilöstökulut", "Palvelujen ostot", "Avustukset"],
    "en": ["Personnel costs", "Purchases of services", "Grants paid"],
}


def costs_frame(lang: str, order: list[int]) -> pl.DataFrame:
    keys = ["Henkilöstökulut", "Palvelujen ostot", "Avustukset"]
    return pl.DataFrame({
        "area": ["Koko" if lang == "fi" else "Whole"] * 3,
        "part": [COSTS[lang][i] for i in order], "account": [keys[i] for i in order],
        "cost": [300.0, 200.0, 100.0], "label": ["300", "200", "100"],
    })


def test_a_cost_type_keeps_its_colour_and_place_in_both_languages():
    colours = {}
    for lang, order in (("fi", [0, 1, 2]), ("en", [2, 0, 1])):  # rows in another order, labels translated
        spec = row_bars.stacked_share_chart(costs_frame(lang, order), "area", "part", "cost", "label", "T",
                                          lang=lang).to_dict()
        scale = color_scale(spec)
        colours[lang] = scale["range"]
        assert scale["domain"] == COSTS[lang]  # the legend's order: the cost types' fixed order
        bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
        assert bars["encoding"]["order"]["field"] == "_order"  # segments stacked in that order, not by size
    assert colours["fi"] == colours["en"] == [palette.COST_TYPE_COLOURS[k] for k in
                                              ("Henkilöstökulut", "Palvelujen ostot", "Avustukset")]


def test_an_area_keeps_its_colour_in_the_trend_in_both_languages():
    def frame(names):
        return pl.DataFrame({"year": ["2023", "2024", "2023", "2024"], "value": [1.0, 2.0, 3.0, 4.0],
                             "kind_label": ["a"] * 4, "area": [names[0]] * 2 + [names[1]] * 2,
                             "area_code": ["VIRE"] * 2 + ["HYTE"] * 2, "value_label": ["1", "2", "3", "4"]})
    fi_frame = frame(["Virikkeellinen elämä", "Hyvinvoinnin edistäminen"])
    fi = color_scale(trend_lines.trend_chart(fi_frame, "T", "a", "b", lang="fi").to_dict())
    en_frame = frame(["Leisure", "Health promotion"])
    en = color_scale(trend_lines.trend_chart(en_frame, "T", "a", "b", lang="en").to_dict())
    assert dict(zip(fi["domain"], fi["range"]))["Virikkeellinen elämä"] == palette.AREA_COLOURS["VIRE"]
    assert dict(zip(en["domain"], en["range"]))["Leisure"] == palette.AREA_COLOURS["VIRE"]
    assert fi["range"] == en["range"]


def test_ticks_never_come_closer_than_the_format_shows():
    df = pl.DataFrame({"year": ["2022", "2023", "2024"], "value": [20.55, 20.6, 20.52], "kind_label": ["a"] * 3,
                       "area": ["x"] * 3, "value_label": ["20,55", "20,6", "20,52"]})
    fmt = trend_lines.decimals_format(df["value"].to_list())
    spec = trend_lines.trend_chart(df, "T", "a", "b", fmt=fmt).to_dict()
    y = next(a for a in axes(spec) if a.get("format") == fmt)
    assert y["tickMinStep"] == 0.01
    dev = pl.DataFrame({"a": ["x"], "difference": [2], "difference_label": ["2"], "judgement": ["worse"]})
    for spec in (row_bars.deviation_chart(dev, "a", "T", "b", "w").to_dict(),):
        eur_axes = [a for a in axes(spec) if a.get("format") == palette.EUR]
        assert eur_axes and all(a["tickMinStep"] == 1 for a in eur_axes)


def test_every_chart_says_what_it_shows():
    dev = pl.DataFrame({"a": ["Varhaiskasvatus"], "difference": [-2500], "difference_label": ["−2 500 €"],
                        "judgement": ["better"]})
    for lang, word in (("fi", "Vaakapylväskaavio"), ("en", "Horizontal bar chart")):
        text = row_bars.deviation_chart(dev, "a", "Ero", "parempi", "huonompi", lang=lang).to_dict()["description"]
        assert text.startswith(word) and "Varhaiskasvatus: −2 500 € (parempi)" in text
    stacked = row_bars.stacked_share_chart(costs_frame("en", [0, 1, 2]), "area", "part", "cost", "label", "Costs",
                                         lang="en").to_dict()["description"]
    assert "Whole: Personnel costs 300, Purchases of services 200, Grants paid 100" in stacked
    many = pl.DataFrame({"a": [f"r{i}" for i in range(50)], "difference": list(range(50)),
                         "difference_label": [str(i) for i in range(50)], "judgement": ["worse"] * 50})
    assert "10 more rows" in row_bars.deviation_chart(many, "a", "T", "b", "w", lang="en").to_dict()["description"]
