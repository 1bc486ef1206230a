"""The vocabulary signal: a lexicon's value for one document equals training's matrix form,
its evidence points into the text, and it stays out of the way where it has no lexicon."""

import math
import random
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from credibility.parsing import Role, parse
from credibility.signals import vocabulary as vo
from tests.conftest import written_rows


def test_terms_are_words_and_neighbour_pairs_without_masked_names():
    tokens = ["the", "breitbart", "report", "said", "2024", "it"]
    assert vo.terms(tokens, frozenset({"breitbart"})) == [
        "the",
        "report",
        "said",
        "it",
        "the report",
        "report said",
        "said it",
    ]


@pytest.fixture(scope="module")
def fitted():
    from credibility.training.data import sample_weights
    from credibility.training.vocabulary import TermMatrix, body_tokens, masked_names

    frame = pd.DataFrame(written_rows(20)).assign(html="", title="", url="")
    matrix = TermMatrix(body_tokens(frame), masked_names(frame))
    y = (frame["label"] == "credible").to_numpy().astype(int)
    groups = frame["source"].to_numpy()
    rows = np.arange(len(frame))
    lexicon = matrix.fit(rows, y, groups, sample_weights(groups, y), min_sources=2)
    return frame, matrix, lexicon


def test_one_document_scores_as_the_training_matrix_does(fitted):
    frame, matrix, lexicon = fitted
    expected = matrix.values(lexicon, np.arange(len(frame)))
    for i, text in enumerate(frame["text"]):
        parts = lexicon.contributions(parse(text).words_of(Role.BODY))
        assert lexicon.intercept + math.fsum(parts.values()) == pytest.approx(expected[i])


def test_the_lexicon_learns_the_direction_of_the_data(fitted):
    frame, matrix, lexicon = fitted
    values = matrix.values(lexicon, np.arange(len(frame)))
    credible = (frame["label"] == "credible").to_numpy()
    assert values[credible].min() > values[~credible].max()
    # Outlet names of the rows are masked: no "farm" or "good" source name is a term.
    assert not any(t.startswith(("farm", "good")) for t in lexicon.terms)


def test_evidence_is_the_strongest_terms_in_the_story(fitted, monkeypatch):
    frame, _matrix, lexicon = fitted
    monkeypatch.setattr(vo, "lexicon", lambda: lexicon)
    text = frame["text"][1]
    found = vo.vocabulary_lean(parse(text))
    assert found.evidence
    assert len({s.text.lower() for s in found.evidence}) == len(found.evidence)
    for span in found.evidence:
        assert text[span.start : span.end] == span.text
        assert span.text.lower() in lexicon.terms


def test_no_lexicon_or_no_known_word_does_not_apply(fitted, monkeypatch):
    _frame, _matrix, lexicon = fitted
    monkeypatch.setattr(vo, "lexicon", lambda: None)
    assert math.isnan(vo.vocabulary_lean(parse("The council met.")).value)
    monkeypatch.setattr(vo, "lexicon", lambda: lexicon)
    assert math.isnan(vo.vocabulary_lean(parse("Zyxq wvut.")).value)


def test_lexicon_round_trips_through_its_file(fitted, tmp_path):
    import gzip
    import json

    from credibility.training.vocabulary import save

    _frame, _matrix, lexicon = fitted
    save(lexicon, tmp_path / "lexicon.json.gz")
    first = (tmp_path / "lexicon.json.gz").read_bytes()
    save(lexicon, tmp_path / "lexicon.json.gz")
    assert (tmp_path / "lexicon.json.gz").read_bytes() == first  # reproducible bytes
    again = vo.Lexicon(json.loads(gzip.decompress(first)))
    assert again.terms == lexicon.terms and again.intercept == lexicon.intercept


SUBJECTS = {
    "war": "troops drills border tensions military missiles navy ceasefire".split(),
    "town": "council school budget library parking mayor zoning playground".split(),
}


def topic_confounded_corpus() -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """Unreliable sources write mostly on one subject, reliable ones on another, and each
    side has its own habit ("reportedly" against "said") in most of its stories."""
    import random

    rng = random.Random(3)
    tokens, labels, sources = [], [], []
    for i in range(300):
        credible = i % 2
        subject = (
            ("town" if credible else "war") if rng.random() < 0.85 else rng.choice(["war", "town"])
        )
        habit = ("said" if credible else "reportedly") if rng.random() < 0.7 else "noted"
        words = [*rng.sample(SUBJECTS[subject], 4), habit, "the", "a", "of"]
        rng.shuffle(words)
        tokens.append(words)
        labels.append(credible)
        sources.append(f"{'good' if credible else 'farm'}{i % 12}")
    return tokens, np.array(labels), np.array(sources)


def test_topic_clusters_take_the_subject_out_of_the_lexicon():
    from credibility.training.data import sample_weights
    from credibility.training.vocabulary import TermMatrix

    tokens, y, groups = topic_confounded_corpus()
    rows = np.arange(len(y))
    weights = {}
    for topics in (0, 2):
        matrix = TermMatrix(tokens, frozenset(), topics=topics)
        lexicon = matrix.fit(rows, y, groups, sample_weights(groups, y), min_sources=2)
        weights[topics] = {t: w for t, (_idf, w) in lexicon.terms.items()}

    # How far the subject leans: its reliable words' weights less its unreliable words'.
    def lean(weight: dict[str, float]) -> float:
        return sum(weight[t] for t in SUBJECTS["town"]) - sum(weight[t] for t in SUBJECTS["war"])

    assert lean(weights[0]) > 20
    assert abs(lean(weights[2])) < lean(weights[0]) / 10
    # The habits keep their direction and their size.
    for topics in (0, 2):
        assert weights[topics]["reportedly"] < -10 and weights[topics]["said"] > 10


def test_evidence_ends_settle_ties_by_term_as_a_full_sort_would():
    rng = random.Random(0)
    for _ in range(2000):
        parts = {
            f"w{i:02d}": rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0]) for i in range(rng.randint(0, 40))
        }
        ranked = sorted(rng.sample(list(parts), len(parts)), key=parts.__getitem__)
        full = sorted(parts, key=lambda t: (parts[t], t))
        assert set(vo.ends(ranked, parts, 8)) == set(full[:8] + full[-8:])


def string_contributions(lexicon, tokens):
    """The contributions counted as strings, as training's term matrix reads them."""
    counts = Counter(vo.terms(tokens, lexicon.masked, lexicon.manner))
    tfidf = {
        t: (1 + math.log(c)) * lexicon.terms[t][0] for t, c in counts.items() if t in lexicon.index
    }
    norm = math.sqrt(math.fsum(v * v for v in tfidf.values()))
    return {t: lexicon.terms[t][1] * v / norm for t, v in tfidf.items()} if norm else {}


@pytest.mark.parametrize("content", ["kept", "masked"])
def test_terms_counted_as_numbers_are_the_terms_counted_as_strings(content):
    terms = ["the", "said", "the _", "_ said", "said the", "the vote", "vote", "a vote", "_"]
    lexicon = vo.Lexicon(
        {
            "intercept": 0.5,
            **({"content": "masked"} if content == "masked" else {}),
            "masked": ["acme"],
            "terms": terms,
            "idf": [1.0 + i / 10 for i in range(len(terms))],
            "weight": [(-1) ** i * (i + 1) / 7 for i in range(len(terms))],
        }
    )
    texts = [
        "The vote, the said vote: the acme said the vote the Vote said 12 the",
        "Nothing here the lexicon knows",
        "",
        "acme acme ACME",
    ]
    for text in texts:
        tokens = parse(text or "x").words_of(Role.BODY) if text else []
        expected = string_contributions(lexicon, tokens)
        assert lexicon.contributions(tokens) == pytest.approx(expected)
    # Masked content reads as the placeholder; kept content is read as itself.
    found = lexicon.contributions(["the", "vote", "said"])
    assert set(found) == (
        {"the", "said", "the _", "_ said", "_"}
        if content == "masked"
        else {"the", "said", "the vote", "vote"}
    )


def test_an_empty_lexicon_knows_no_term():
    empty = vo.Lexicon({"intercept": 0.0, "masked": [], "terms": [], "idf": [], "weight": []})
    assert empty.contributions(["the", "vote"]) == {}


def test_remembered_readings_are_bounded_and_change_nothing(monkeypatch):
    lexicon = vo.Lexicon(
        {"intercept": 0.0, "masked": [], "terms": ["a", "a b"], "idf": [1.0, 2.0], "weight": [1, 1]}
    )
    monkeypatch.setattr(vo, "MAX_SEEN", 5)
    tokens = ["a", "b", "Cc", "d1", "e", "f", "g", "a", "b"]
    first = lexicon.contributions(tokens)
    assert set(lexicon.codes.seen) == {"a", "b", "Cc", "d1", "e", "f", "g"}
    assert lexicon.contributions(["h", "a"]) == {"a": 1.0}
    assert set(lexicon.codes.seen) == {"a", "b", "h"}  # over the bound: started again
    assert (
        lexicon.contributions(tokens)
        == first
        == pytest.approx(string_contributions(lexicon, tokens))
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_strongest_terms_are_those_of_a_sort_by_contribution_and_term(seed):
    rng = random.Random(seed)
    terms = [f"w{i:03d}" for i in range(60)] + ["the", "of _", "_"]
    lexicon = vo.Lexicon(
        {"intercept": 0.0, "masked": [], "terms": terms, "idf": [1.0] * 63, "weight": [1.0] * 63}
    )
    count = rng.choice([5, 16, 17, 40, 63])
    rows = np.array(sorted(rng.sample(range(63), count)))
    # Few distinct values: ties at both cuts.
    shares = [rng.choice([-0.3, -0.1, 0.0, 0.2, 0.5]) for _ in rows]
    parts = {terms[r]: v for r, v in zip(rows.tolist(), shares, strict=True)}
    eligible = sorted(
        (t for t in parts if t != "the" and "_" not in t), key=lambda t: (parts[t], t)
    )
    k = vo.EVIDENCE_TERMS
    ends = eligible if len(eligible) <= 2 * k else eligible[:k] + eligible[-k:]
    expected = sorted(ends, key=lambda t: (-abs(parts[t]), t))[:k]
    assert vo.strongest_terms(lexicon, rows, shares) == expected
