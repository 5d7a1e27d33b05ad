"""pages.toml, the page-policy table, as d2l_build/pages.py reads it."""

import pytest

from d2l_build import pages


def table(tmp_path, text):
    path = tmp_path / 'pages.toml'
    path.write_text(text, encoding='utf-8')
    return path


def test_a_row_gives_its_fields_and_the_defaults_for_the_rest(tmp_path):
    got = pages.load_policies(table(tmp_path, '[pages.tiny]\nfits = 1\nepochs = 1\n'))
    assert got == {'tiny': pages.Policy(fits=1, epochs=1)}


def test_an_unknown_field_says_which_fields_there_are(tmp_path):
    with pytest.raises(SystemExit, match="no field 'fit'; the fields are colab, "):
        pages.load_policies(table(tmp_path, '[pages.tiny]\nfit = 1\n'))


def test_an_unknown_tolerance_names_the_known_ones(tmp_path):
    with pytest.raises(SystemExit, match="names tolerance 'loose'.*machines"):
        pages.load_policies(table(tmp_path, '[pages.tiny]\ntolerance = "loose"\n'))


def test_the_books_table_marks_exactly_one_contract_page():
    assert [p for p, policy in pages.POLICIES.items() if policy.contract] == [
        pages.contract_page()
    ]
