"""Prose with facts inline (present/prose.py): shortcodes and conditional passages, filled from
the ledger the same way whichever renderer runs."""

from __future__ import annotations

import pytest

from council_reports.errors import ProseError
from council_reports.ledger import Ledger
from council_reports.present.prose import Where, fill_markdown, fill_plain, fill_text

HERE = Where("notebooks/report.ipynb", cell=4)


@pytest.fixture
def facts() -> Ledger:
    ledger = Ledger()
    ledger.add("pupils", 2551, unit="count", label="Pupils", source="t")
    ledger.add("change", -0.25, unit="pp", decimals=1, label="Change", source="t")
    ledger.word("versus", "above", label="Against England", source="t")
    ledger.word("la_name", "B&NES *bold* [x](javascript:y)", label="LA", source="t")
    ledger.condition("first_year", True, label="First year", source="t", method="t")
    return ledger


def test_shortcodes_take_each_unit_and_style(facts):
    text = (
        "{{< fact pupils >}} pupils; a change of {{< fact change signed >}} ({{<fact change abs>}})"
    )
    assert fill_plain(text, facts, HERE) == (
        "2,551 pupils; a change of -0.3 percentage points (0.3 percentage points)"
    )  # -0.25 is a real tie: half away from zero


def test_a_word_from_the_data_is_text_in_markdown(facts):
    assert fill_markdown("In {{< fact la_name >}}.", facts, HERE) == (
        "In B\\&NES \\*bold\\* \\[x\\]\\(javascript\\:y\\)."
    )


def test_settings_text_is_text_too(facts):
    assert fill_text("**Not bold** {{< fact pupils >}}", facts, HERE) == (
        "\\*\\*Not bold\\*\\* 2,551"
    )


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ('::: {.content-visible when-fact="first_year"}\nFirst.\n:::', "First."),
        ('::: {.content-visible unless-fact="first_year"}\nLater.\n:::', ""),
        ('::: {when-fact="versus" is="above"}\nAbove.\n:::', "Above."),
        ('::: {when-fact="versus" is="below"}\nBelow.\n:::', ""),
        # both conditions must pass; ``is`` reads the when-fact
        ('::: {when-fact="versus" unless-fact="first_year"}\nNot yet.\n:::', ""),
        ('::: {when-fact="first_year" unless-fact="pupils"}\nNo pupils.\n:::', ""),
        ('::: {when-fact="versus" is="above" unless-fact="change"}\nNo.\n:::', ""),
        ('::: {unless-fact="versus" is="below"}\nNot below.\n:::', "Not below."),
        ("::: {.callout-note}\nKept.\n:::", "::: {.callout-note}\nKept.\n:::"),
        (
            '::: {unless-fact="first_year"}\n::: {.callout-note}\nHidden inside.\n:::\n:::\nAfter.',
            "After.",
        ),
    ],
)
def test_conditional_passages(facts, markdown, shown):
    assert fill_markdown(markdown, facts, HERE) == shown


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("{{< fact nobody >}}", "notebooks/report.ipynb:cell 4: no fact 'nobody' in the ledger"),
        ("{{< include /etc/passwd >}}", "unknown shortcode {{< include /etc/passwd >}}"),
        ("{{< fact pupils loudly >}}", "cannot read {{< fact pupils loudly >}}"),
        ('::: {when-fact="nobody"}\nx\n:::', "no fact 'nobody'"),
        ('::: {when-fact="first_year"}\nnever closed', "is not closed"),
    ],
)
def test_mistakes_are_one_line_naming_the_cell(facts, markdown, message):
    with pytest.raises(ProseError) as raised:
        fill_markdown(markdown, facts, HERE)
    assert message in str(raised.value) and "\n" not in str(raised.value)
