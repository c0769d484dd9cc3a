"""Rules files: the defaults load; a bad file is refused whole, naming the rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentinelle.alerts.rules import load_rules, parse_rules
from sentinelle.analyze.signals import DETECTORS
from sentinelle.errors import ConfigError


def test_the_shipped_rules_load_and_name_known_detectors() -> None:
    ruleset, params = load_rules()
    assert {rule.detector for rule in ruleset.rules} == set(DETECTORS)
    assert set(params) == {rule.name for rule in ruleset.rules}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            "rules:\n  - {name: kidal, detector: ceasefire_violaton}\n",
            "rule 'kidal', field detector: Value error, unknown detector 'ceasefire_violaton'",
        ),
        (
            "rules:\n  - {name: kidal, detector: spread, cooldown_days: soon}\n",
            "rule 'kidal', field cooldown_days: Input should be a valid integer",
        ),
        (
            "rules:\n  - {name: kidal, detector: spread, params: {window_days: -7}}\n",
            "rule 'kidal', field params.window_days: Input should be greater than 0",
        ),
        (
            "rules:\n  - {name: ok, detector: spread}\n  - {name: x, detector: surge, "
            "params: {windows: 3}}\n",
            "rule 'x', field params.windows: Extra inputs are not permitted",
        ),
        (
            "rules:\n  - {name: a, detector: spread}\n  - {name: a, detector: surge}\n",
            "rule 'a': the name is used twice",
        ),
        ("rules:\n  - {detector: spread}\n", "rule #1, field name: Field required"),
        ("- just a list\n", "a rules file is a mapping"),
        ("rules: [\n", "not valid YAML"),
    ],
)
def test_a_bad_rules_file_is_refused_with_the_rule_and_field(document: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_rules(document, "my_rules.yaml")
    assert str(caught.value).startswith("my_rules.yaml: ")
    assert expected in str(caught.value)


def test_a_missing_rules_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: cannot read rules"):
        load_rules(tmp_path / "nowhere.yaml")
