"""comparisons/forms.py: the reader forms keep their valid parts and report the rest."""

from comparisons.forms import ChooseForm, Weight


def test_form_keeps_known_needs_and_reports_unknown_ones(demo):
    form = ChooseForm({"needs": ["admin-panel", "no-such-need", "built-in-orm", ""]})
    needs, scenario = form.selection()
    assert [need.slug for need in needs] == ["built-in-orm", "admin-panel"]  # display order
    assert set(needs.values()) == {Weight.IMPORTANT}  # a bare slug means important
    assert scenario is None
    assert form.errors["needs"] == ["“no-such-need” is not a need we know; it was left out."]


def test_form_drops_unknown_scenario_and_keeps_needs(demo):
    form = ChooseForm({"needs": ["admin-panel"], "scenario": "no-such-scenario"})
    needs, scenario = form.selection()
    assert [need.slug for need in needs] == ["admin-panel"]
    assert scenario is None
    assert "is not a scenario we know" in form.errors["scenario"][0]


def test_form_reads_weights_and_reports_bad_ones(demo):
    form = ChooseForm(
        {"needs": ["admin-panel:3", "built-in-orm:1", "routing:9", "routing:x", "admin-panel:1"]}
    )
    needs, _ = form.selection()
    assert {need.slug: weight for need, weight in needs.items()} == {
        "built-in-orm": Weight.NICE,
        "admin-panel": Weight.ESSENTIAL,  # given twice: the higher weight counts
    }
    assert form.errors["needs"] == [
        "“routing:9”, “routing:x” are not needs we know; they were left out."
    ]


def test_form_offers_only_support_rows(demo):
    slugs = {attribute.slug for attribute, _weight in ChooseForm().need_choices()}
    assert "admin-panel" in slugs
    assert "learning-curve" not in slugs  # ordinal
    assert "average-response-time" not in slugs  # range, backed by a benchmark


def test_unbound_form_chooses_nothing(db):
    assert ChooseForm().selection() == ({}, None)
