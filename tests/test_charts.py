"""Chart factories: colours carry the meaning the legend names, labels stay inside, locales per chart."""

import polars as pl

from utils import charts


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
    spec = charts.budget_actual_chart(df, "a", "T", "A", "B", ("▲ worse", "▼ better", "= on")).to_dict()
    scale = color_scale(spec)
    mapping = dict(zip(scale["domain"], scale["range"]))
    assert mapping["▲ worse"] == charts.WORSE and mapping["▼ better"] == charts.BETTER
    assert mapping["= on"] == charts.NEUTRAL


def test_deviation_chart_colours_follow_the_judgement_not_the_sign():
    # an income line above budget (+5, better) and a cost line above budget (+3, worse): same sign, two colours
    df = pl.DataFrame({"a": ["income", "cost"], "difference": [5, 3], "difference_label": ["+5", "+3"],
                       "judgement": ["better", "worse"]})
    spec = charts.deviation_chart(df, "a", "T", "better", "worse").to_dict()
    scale = color_scale(spec)
    assert dict(zip(scale["domain"], scale["range"]))["worse"] == charts.WORSE
    assert dict(zip(scale["domain"], scale["range"]))["better"] == charts.BETTER
    values = next(iter(spec["datasets"].values()))
    assert {r["a"]: r["direction"] for r in values} == {"income": "better", "cost": "worse"}


def test_each_chart_carries_its_own_locale():
    df = pl.DataFrame({"a": ["x"], "difference": [5], "difference_label": ["5"], "judgement": ["worse"]})
    fi = charts.deviation_chart(df, "a", "T", "b", "w", lang="fi").to_dict()
    en = charts.deviation_chart(df, "a", "T", "b", "w", lang="en").to_dict()
    assert fi["config"]["locale"]["number"]["decimal"] == ","
    assert en["config"]["locale"]["number"]["decimal"] == "."


def test_padded_domain_leaves_room_for_labels_on_the_right():
    lo, hi = charts.padded_domain([-100.0, -50.0])
    assert lo < -100 and hi > 0
    lo, hi = charts.padded_domain([10.0, 20.0])
    assert lo == 0 and hi > 20


def test_decimals_format_is_even():
    assert charts.decimals_format([20.3, 20.6]) == ",.1f"
    assert charts.decimals_format([363016.0, 300000.0]) == ",.0f"
    assert charts.decimals_format([8.88, 7.9]) == ",.2f"
