"""Checks on the real seed page and the shared corpora ($CREDIBILITY_DATA, else
../shared/data, and examples/ beside it); skipped where they are absent."""

import pytest

from credibility import load_model, parse, score
from credibility.parsing import Role
from credibility.training.datadir import ENV
from tests.blurbs import PROMOTIONAL
from tests.conftest import DATA, SHARED

SEED = SHARED / "examples" / "seed-page.txt"
HINT = f"(set {ENV} to the data folder)"
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not SEED.is_file(), reason=f"no seed page at {SEED} {HINT}"),
]


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_page_scores_low(seed):
    assert score(seed).label == "low"


def test_blurb_evidence_covers_the_self_introduction_sentence(seed):
    result = score(seed)
    by_name = {s.name: s for s in result.signals}
    (span,) = by_name["blurb_self_introduction"].evidence
    assert span.text.startswith("hello, I am Flora Khan")
    assert span.text.rstrip(".").endswith("experience")
    assert seed[span.start : span.end] == span.text
    assert by_name["blurb_self_introduction"].points < 0


def test_at_least_three_theme_lines_are_boilerplate(seed):
    doc = parse(seed)
    theme = [b.text for b in doc.blocks_of(Role.BOILERPLATE)]
    assert {
        "Leave A Reply",
        "Your email address will not be published.",
        "Related Posts",
        "Load More Posts Loading...No More Posts.",
    } <= set(theme)


def test_story_alone_scores_credible(seed):
    story = seed[: seed.index("hello, I am")]
    assert score(story).label == "credible"


def with_polished_bio(seed: str, theme: bool = True) -> str:
    """The seed with its blurb rewritten as a language model would (issue 26: third person,
    no grammar errors, every claim and offer kept), with or without its theme lines."""
    start = seed.index("hello, I am")
    end = seed.index("\n", start)
    bio = PROMOTIONAL[10]  # the team's own rewrite in that shape
    return seed[:start] + bio + (seed[end:] if theme else "")


def test_seed_page_with_a_polished_bio_scores_low(seed):
    result = score(with_polished_bio(seed))
    assert result.label == "low"
    by_name = {s.name: s for s in result.signals}
    assert by_name["blurb_third_person_bio"].points == 0.0
    assert by_name["blurb_boast"].points < 0


def test_polished_bio_beside_the_story_alone_is_not_credible(seed):
    assert score(with_polished_bio(seed, theme=False)).label != "credible"


def test_default_model_card_states_composed_share():
    card = load_model().card
    assert card["training"]["composed_share"] <= 1 / 3
    assert card["training"]["composed_rows"] / card["training"]["rows"] <= 1 / 3


needs_data = pytest.mark.skipif(
    not (DATA / "articles.jsonl.gz").is_file(), reason=f"no data at {DATA} {HINT}"
)


@needs_data
def test_leave_one_dataset_out_against_the_recorded_floors():
    import json
    from pathlib import Path

    from credibility.training.build_default import lodo_figures

    floors = json.loads(
        (Path(__file__).resolve().parent.parent / "training" / "baseline.json").read_text()
    )["floors"]
    found = {row["held_out"]: row for row in lodo_figures(DATA)}
    card = {row["held_out"]: row for row in load_model().card["metrics"]["lodo"]}
    for name, floor in floors.items():
        assert found[name]["roc_auc"] >= floor - 0.01, (name, found[name], floor)
        # Rebuilding gives the figures the committed model's card reports.
        assert found[name]["roc_auc"] == pytest.approx(card[name]["roc_auc"], abs=1e-4)


@pytest.mark.parametrize("junk", [".", "!"])
def test_seed_page_stays_low_with_junk_appended(seed, junk):
    assert score(seed + "\n" + junk * 50_000).label == "low"


def test_seed_page_stays_low_with_its_story_repeated(seed):
    story = seed[: seed.index("hello, I am")]
    assert score(seed + "\n" + story * 3).label == "low"


@needs_data
def test_losing_date_byline_or_title_moves_credible_stories_little():
    """Five credible stories with a title, a date line and a byline put back as a page
    shows them; each part removed moves the score by at most 0.05."""
    import gzip
    import json

    with gzip.open(DATA / "allsides.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    stories = [r for r in rows if r["label"] == "credible" and len(r["text"].split()) > 200][:5]
    assert len(stories) == 5
    for row in stories:
        parts = {"date": "June 3, 2019", "byline": "By Sam Reporter", "text": row["text"]}
        full = score("\n\n".join(parts.values()), title=row["title"], url=row["url"])
        for drop in ("date", "byline"):
            text = "\n\n".join(v for k, v in parts.items() if k != drop)
            moved = score(text, title=row["title"], url=row["url"]).credibility
            assert abs(moved - full.credibility) <= 0.05, (row["id"], drop)
        untitled = score("\n\n".join(parts.values()), url=row["url"]).credibility
        assert abs(untitled - full.credibility) <= 0.05, (row["id"], "title")
