"""Evasion and invariance: junk appended to a page cannot buy credibility, and the parts a
paste may lose (date line, byline, title) are not evidence. On the bundled default model."""

import pytest

from credibility import load_model, score
from credibility.signals import REGISTRY
from tests.blurbs import HONEST, PROMOTIONAL

JUNK = {
    "dots": "." * 50_000,
    "exclamations": "!" * 2_000,
    "exclamations spaced": " ".join(["!"] * 2_000),
    "said": " ".join(["said"] * 3_000),
    "quotes": '"' * 5_000,
    # Words repeated: each scored 0.90-0.96 `credible` on its own until judged texts had to
    # hold MIN_DISTINCT_WORDS different words.
    "one-word sentences": "Word. " * 1_000,
    "one-letter lines": "a\n" * 5_000,
}

STORY = (
    "The regional water board approved a plan on Thursday to replace ageing pipes in four "
    "districts, officials said. The project will cost 40 million and take three years, "
    "according to a statement from the board.\n\n"
    '"We have delayed this for too long," said Ana Ruiz, who chairs the board. Residents '
    "who attended the meeting asked how long the work would disrupt traffic, and engineers "
    "said most streets would close for no more than two weeks.\n\n"
    "The board said it would publish a timetable next month. Funding comes from a state "
    "grant and from bonds approved by voters last year, the treasurer told reporters."
)
DATE_LINE = "March 12, 2024"
BYLINE = "By Tom Hale"
TITLE = "Water board approves plan to replace ageing pipes"


@pytest.mark.parametrize("junk", JUNK, ids=list(JUNK))
def test_appended_junk_keeps_a_farm_page_low(farm_page, junk):
    assert score(farm_page).label == "low"
    assert score(farm_page + "\n\n" + JUNK[junk]).label == "low"


@pytest.mark.parametrize("junk", JUNK, ids=list(JUNK))
def test_junk_alone_is_never_credible(junk):
    assert score(JUNK[junk]).label != "credible"


def test_the_story_repeated_does_not_lift_a_farm_page(farm_page):
    story = farm_page[: farm_page.index("hi, i am")]
    assert score(farm_page + "\n\n" + "\n\n".join([story] * 3)).label == "low"


@pytest.mark.parametrize("part", ["date", "byline", "title"])
def test_losing_a_date_line_byline_or_title_moves_little(part):
    full = score(f"{DATE_LINE}\n\n{BYLINE}\n\n{STORY}", title=TITLE).credibility
    without = {
        "date": score(f"{BYLINE}\n\n{STORY}", title=TITLE),
        "byline": score(f"{DATE_LINE}\n\n{STORY}", title=TITLE),
        "title": score(f"{DATE_LINE}\n\n{BYLINE}\n\n{STORY}"),
    }[part].credibility
    assert abs(full - without) <= 0.05


def test_one_coined_word_per_hundred_moves_little():
    words = STORY.split(" ")
    coined = " ".join(w + (" flumbrosity" if i % 100 == 50 else "") for i, w in enumerate(words))
    assert abs(score(STORY).credibility - score(coined).credibility) < 0.05


@pytest.mark.parametrize("fixture", ["press-release.txt", "sponsored.txt"])
def test_promotional_genres_are_never_credible(fixture):
    from tests.conftest import read_fixture

    assert score(read_fixture(fixture)).label in {"low", "uncertain"}


def test_every_learned_weight_agrees_with_its_signal_direction():
    linear = load_model().linear
    assert linear is not None
    for name, slope in zip(linear.names, linear.slope, strict=True):
        direction = REGISTRY[name].direction
        if direction == "lowers":
            assert slope <= 0.0, name
        elif direction == "raises":
            assert slope >= 0.0, name


def test_no_signal_moves_the_logit_more_than_the_cap(farm_page):
    cap = load_model().linear.max_points
    page = farm_page + "\n\n" + JUNK["dots"] + JUNK["exclamations"]
    assert max(abs(s.points) for s in score(page).signals) <= cap


def test_a_text_of_too_few_different_words_is_uncertain_with_a_warning():
    result = score("Word. " * 1_000)
    assert result.label == "uncertain"
    assert result.warnings == [
        "the text repeats too few different words to judge (1 different word; the model needs 40)"
    ]
    # The page of issue 11 had 100,000 lines, now over MAX_LINES; 20,000 skip trafilatura.
    html = score(html="<p>" + "a<br>" * 20_000 + "</p>")
    assert html.label == "uncertain" and html.warnings[0].startswith("the text repeats")


def farm_with(farm_page: str, blurb: str) -> str:
    """The farm page with its own blurb replaced by ``blurb`` (the theme lines kept)."""
    start = farm_page.index("hi, i am")
    end = farm_page.index("\n", start)
    return farm_page[:start] + blurb + farm_page[end:]


@pytest.mark.parametrize("blurb", PROMOTIONAL, ids=range(len(PROMOTIONAL)))
def test_a_rewritten_promotional_blurb_keeps_a_farm_page_low(farm_page, blurb):
    # Issue 26: a language model's rewrite (third person, no grammar errors) kept every
    # claim and offer and bought 0.13 on the seed page; whatever the person or register,
    # what the blurb sells keeps the page low, and the evidence quotes it.
    result = score(farm_with(farm_page, blurb), url="https://topnewsdaily.example/story/")
    assert result.label == "low", blurb
    quoted = [e.text for s in result.signals if s.name.startswith("blurb_") for e in s.evidence]
    assert any(q in blurb for q in quoted), blurb


@pytest.mark.parametrize("bio", HONEST, ids=range(len(HONEST)))
def test_an_honest_staff_bio_keeps_a_newsroom_page_out_of_low(news_story, bio):
    story = news_story[: news_story.rindex("Jane Roe is")]
    result = score(story + bio, url="https://www.valleycourier.example/health/cancer-wing")
    assert result.label != "low", bio
    # A newsroom may sign with the reporter's address: the one call a staff bio may hold.
    against = [s.name for s in result.signals if s.name.startswith("blurb_") and s.points < 0]
    assert set(against) <= {"blurb_call_to_action"}, (bio, against)
