"""Site verdicts (credibility/sites.py): written pages of two invented sites, exact
posterior figures on hand-made logits, the uncalibrated fallback and batch files."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import random

import pytest

from credibility import score
from credibility.errors import InvalidInputError, ModelLoadError
from credibility.labels import Label
from credibility.model import Model, load_model
from credibility.signals import REGISTRY
from credibility.sites import (
    NEEDS_MORE_PAGES,
    UNKNOWN,
    Recurring,
    SiteCalibration,
    SitePage,
    SiteTally,
    SiteVerdict,
    site_key,
    site_verdicts,
    site_verdicts_of_file,
)
from tests.blurbs import PROMOTIONAL
from tests.conftest import read_fixture

FARM_BLURB = (
    "hi, i am Kevin Malik and i work writer in dailynewshub website, i write for sites like "
    "forbes and new york times with 7 years in experience. contact me for guest post."
)
# A calibration with round numbers, so the posterior can be worked out by hand.
PLAIN = SiteCalibration(
    prior_mean=0.0,
    prior_sd=1.0,
    page_sd=1.0,
    page_sd_weight=0.0,
    clip=6.0,
    slope=1.0,
    spread=0.0,
    intercept=0.0,
    credible=0.7,
    low=0.2,
    min_pages=2,
)


def farm_pages(n: int = 12) -> list[SitePage]:
    """A content farm: one story per page, each with its promotional blurb and theme junk."""
    page = read_fixture("farm-page.txt")
    assert FARM_BLURB in page
    return [
        SitePage.from_score("farm.example", score(page.replace(FARM_BLURB, blurb)))
        for blurb in PROMOTIONAL[:n]
    ]


def wire_pages(n: int = 12) -> list[SitePage]:
    story = read_fixture("news-story.txt")
    return [SitePage.from_score("wire.example", score(story)) for _ in range(n)]


@pytest.fixture(scope="module")
def written() -> list[SitePage]:
    return farm_pages() + wire_pages()


def test_farm_is_low_with_its_blurbs_counted_and_wire_is_credible(written):
    farm, wire = site_verdicts(written)
    assert (farm.site, farm.pages, farm.judged, farm.band) == ("farm.example", 12, 12, "low")
    assert (wire.site, wire.pages, wire.judged, wire.band) == ("wire.example", 12, 12, "credible")
    found = {r.signal: r for r in farm.evidence}
    assert found["boilerplate_load_more"].pages == 12
    assert found["blurb_outlet_name_drop"].example == "forbes"
    assert found["blurb_outlet_name_drop"].line(farm.judged) == (
        f"Author blurb claims work for famous outlets on {found['blurb_outlet_name_drop'].pages} "
        'of 12 pages: "forbes"'
    )
    assert found["blurb_outlet_name_drop"].pages >= 6
    # A wire story's top signals all raise its score: nothing recurs against it.
    assert wire.evidence == ()
    assert farm.probability < 0.05 < 0.9 < wire.probability


def test_page_from_score_keeps_the_lowering_top_signals_with_an_excerpt():
    page = farm_pages(1)[0]
    assert page.logit == pytest.approx(-6.38, abs=0.01)
    assert [name for name, _ in page.lowering] == [
        "boilerplate_load_more",
        "blurb_outlet_name_drop",
        "blurb_words",
    ]
    assert page.lowering[0][1] == "Load More Posts Loading...No More Posts."
    assert all(len(example) <= 80 for _, example in page.lowering)


def test_an_unsupported_page_counts_but_is_not_judged():
    page = SitePage.from_score("x.example", score(read_fixture("french-story.txt")))
    assert page == SitePage("x.example", None, ())


def test_below_the_minimum_a_site_needs_more_pages_and_gets_no_band(written):
    calibration = dataclasses.replace(PLAIN, min_pages=13)
    for verdict in site_verdicts(written, calibration):
        assert verdict.band == NEEDS_MORE_PAGES
        assert verdict.probability is None and verdict.interval is None
        assert verdict.judged == 12
    # Evidence is counted all the same: it is what the pages show.
    farm = site_verdicts(written, calibration)[0]
    assert (farm.site, farm.evidence[0].signal, farm.evidence[0].pages) == (
        "farm.example",
        "boilerplate_load_more",
        12,
    )


def test_the_shipped_minimum_holds_back_a_band_until_its_last_page(written):
    minimum = SiteCalibration.of(None).min_pages
    farm = [p for p in written if p.site == "farm.example"][:minimum]
    short = site_verdicts(farm[:-1])[0]
    assert (short.judged, short.band, short.probability) == (minimum - 1, NEEDS_MORE_PAGES, None)
    assert site_verdicts(farm)[0].band == Label.LOW


def test_pages_not_judged_do_not_count_toward_the_minimum():
    pages = [SitePage("a", 1.0), SitePage("a", None), SitePage("a", None)]
    (verdict,) = site_verdicts(pages, PLAIN)
    assert (verdict.pages, verdict.judged, verdict.band) == (3, 1, NEEDS_MORE_PAGES)


def test_posterior_figures_by_hand():
    # Two pages at logits 1 and 3: mean 2, squared deviations 2, variance 2 (no prior
    # weight on the spread); precision 2/2 + 1/1 = 2, centre (2*2/2 + 0)/2 = 1, sd 1/sqrt(2).
    (verdict,) = site_verdicts([SitePage("a", 1.0), SitePage("a", 3.0)], PLAIN)
    sigmoid = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    assert verdict.probability == pytest.approx(sigmoid(1.0), abs=1e-12)
    assert verdict.interval == pytest.approx(
        (
            sigmoid(1 - 1.6448536269514722 / math.sqrt(2)),
            sigmoid(1 + 1.6448536269514722 / math.sqrt(2)),
        )
    )
    assert verdict.band == Label.CREDIBLE  # 0.731 >= 0.7


def test_page_logits_are_clipped_before_they_are_averaged():
    clipped = site_verdicts([SitePage("a", -1e9), SitePage("a", 0.0)], PLAIN)
    at_clip = site_verdicts([SitePage("a", -6.0), SitePage("a", 0.0)], PLAIN)
    assert clipped[0].probability == at_clip[0].probability


@pytest.mark.parametrize("seed", range(20))
def test_the_interval_contains_the_probability(seed):
    rng = random.Random(seed)
    calibration = dataclasses.replace(
        PLAIN, slope=rng.uniform(0.2, 3), intercept=rng.uniform(-2, 2), page_sd_weight=3.0
    )
    pages = [
        SitePage(f"s{rng.randrange(5)}", rng.gauss(rng.uniform(-3, 3), 2.0)) for _ in range(60)
    ]
    for verdict in site_verdicts(pages, calibration):
        if verdict.probability is None:
            continue
        low, high = verdict.interval
        assert 0.0 <= low <= verdict.probability <= high <= 1.0
        assert low < high


def test_the_interval_narrows_as_pages_accumulate():
    # The same mean and spread at every size: only the number of pages changes.
    logits = [-3.0, 1.0] * 20
    widths = []
    for n in (5, 10, 40):
        (verdict,) = site_verdicts([SitePage("a", x) for x in logits[:n]], PLAIN)
        widths.append(verdict.interval[1] - verdict.interval[0])
    assert widths[0] > widths[1] > widths[2]


def test_streaming_equals_batch_and_the_order_is_deterministic():
    rng = random.Random(3)
    names = ["b.example", "a.example", "c.example", "d.example"]
    pages = [
        SitePage(rng.choice(names), rng.gauss(0, 2), (("blurb_boast", "x"),) * rng.randrange(2))
        for _ in range(50)
    ]
    tally = SiteTally(PLAIN)
    for page in pages:
        tally.add(page)
    streamed = tally.verdicts()
    assert streamed == site_verdicts(pages, PLAIN)
    assert [tally.verdict(v.site) for v in streamed] == streamed
    counts = [(-v.pages, v.site) for v in streamed]
    assert counts == sorted(counts)
    # Another arrival order: the same sites in the same order, figures equal to rounding.
    shuffled = site_verdicts(random.Random(4).sample(pages, len(pages)), PLAIN)
    assert [v.site for v in shuffled] == [v.site for v in streamed]
    for a, b in zip(shuffled, streamed, strict=True):
        assert a.probability == pytest.approx(b.probability, abs=1e-12)


def test_ties_in_pages_are_ordered_by_site_name():
    pages = [SitePage(s, 0.0) for s in ("b", "a", "c", "c")]
    assert [v.site for v in site_verdicts(pages, PLAIN)] == ["c", "a", "b"]


def test_evidence_recurs_on_half_the_judged_pages_and_two_or_more():
    lowering = (("blurb_boast", "award-winning"), ("blurb_boast", "dup"))
    pages = [SitePage("a", -2.0, lowering) for _ in range(2)]
    pages += [SitePage("a", -2.0, (("genre_sponsored", ""),))]
    pages += [SitePage("a", -2.0) for _ in range(2)]
    (verdict,) = site_verdicts(pages, PLAIN)
    # boast on 2 of 5 (under half): not recurring; a signal counts once per page.
    assert verdict.evidence == ()
    (verdict,) = site_verdicts(pages[:4], PLAIN)
    assert verdict.evidence == (
        Recurring("blurb_boast", REGISTRY["blurb_boast"].description, 2, "award-winning"),
    )


def test_to_dict_is_json_ready_with_a_stable_key_order(written):
    verdict = site_verdicts(written)[0]
    d = verdict.to_dict()
    assert list(d) == [
        "site", "pages", "judged", "probability", "band", "interval", "evidence",
    ]  # fmt: skip
    assert json.loads(json.dumps(d)) == d
    assert list(d["evidence"][0]) == ["signal", "description", "pages", "example"]
    below = SiteVerdict("x", 1, 1, None, NEEDS_MORE_PAGES, None).to_dict()
    assert below["probability"] is None and below["interval"] is None


@pytest.mark.parametrize(
    "source, url, key",
    [
        ("Daily Planet", "https://other.example/a", "Daily Planet"),
        ("  ", "https://m.nytimes.com/2020/x", "nytimes.com"),
        ("", "", UNKNOWN),
        ("", "not a url", UNKNOWN),
    ],
)
def test_site_key(source, url, key):
    assert site_key(source, url) == key


@pytest.mark.parametrize(
    "cell, top, logit, lowering",
    [
        ("0.5", "blurb_boast:-1.20;vocabulary_lean:+0.40;style_hedge_rate:-0.10", 0.0,
         (("blurb_boast", ""),)),
        ("", "", None, ()),
        ("oops", "", None, ()),
        ("1.5", "", None, ()),
        (None, "", None, ()),
    ],
)  # fmt: skip
def test_page_from_batch_cells(cell, top, logit, lowering):
    page = SitePage.from_cells("a", cell, top)
    assert page.logit == (None if logit is None else pytest.approx(logit))
    assert page.lowering == lowering


def test_a_zero_credibility_cell_is_a_finite_logit():
    assert SitePage.from_cells("a", "0.0000", "").logit == pytest.approx(
        math.log(1e-6 / (1 - 1e-6))
    )


def write_batch_csv(path, pages: list[tuple[str, str, str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "text", "url", "credibility", "label", "top_signals", "error"])
        for i, (url, cred, top, error) in enumerate(pages):
            writer.writerow([str(i), "t", url, cred, "low" if cred else "", top, error])


def test_verdicts_of_a_batch_csv_and_jsonl_agree(tmp_path):
    rows = [
        (f"https://farm.example/{i}", "0.0100", "blurb_boast:-1.50;blurb_words:-1.00", "")
        for i in range(5)
    ]
    rows += [("https://wire.example/1", "0.9000", "vocabulary_lean:+0.70", "")] * 3
    rows += [("https://wire.example/2", "", "", "the text is empty")]
    path = tmp_path / "out.csv"
    write_batch_csv(path, rows)
    from_csv = site_verdicts_of_file(path, PLAIN)
    jsonl = tmp_path / "out.jsonl"
    with open(jsonl, "w", encoding="utf-8") as handle:
        for i, (url, cred, top, error) in enumerate(rows):
            record = {"id": str(i), "url": url, "credibility": float(cred) if cred else None,
                      "label": "", "top_signals": top, "error": error}  # fmt: skip
            handle.write(json.dumps(record) + "\n")
    assert site_verdicts_of_file(jsonl, PLAIN) == from_csv
    farm, wire = from_csv
    assert (farm.site, farm.pages, farm.judged, farm.band) == ("farm.example", 5, 5, "low")
    assert [(r.signal, r.pages) for r in farm.evidence] == [("blurb_boast", 5), ("blurb_words", 5)]
    assert (wire.site, wire.pages, wire.judged) == ("wire.example", 4, 3)


def test_a_file_with_a_source_column_uses_it(tmp_path):
    path = tmp_path / "out.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("text,outlet,credibility,label,top_signals,error\n")
        handle.write("t,Daily Planet,0.5000,uncertain,,\n")
        handle.write("t,,0.5000,uncertain,,\n")
    verdicts = site_verdicts_of_file(path, PLAIN, source_col="outlet")
    assert [(v.site, v.pages) for v in verdicts] == [("(unknown)", 1), ("Daily Planet", 1)]


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,text\n1,hello\n", "not a file `credibility batch` wrote (no 'credibility' column)"),
        ("", "the file is empty"),
        ('{"id": 1}\n', "not a file `credibility batch` wrote (no 'credibility' column)"),
        ('{"credibility": 0.5, "top_signals": ""}\nnot json\n', "line 2 is not JSON"),
    ],
)
def test_a_file_batch_did_not_write_is_refused_clearly(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match="^" + str(path).replace(".", r"\.")) as info:
        site_verdicts_of_file(path, PLAIN)
    assert message in str(info.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InvalidInputError, match="no such file"):
        site_verdicts_of_file(tmp_path / "none.csv", PLAIN)


def test_a_model_without_a_sites_block_gets_the_uncalibrated_verdict():
    shipped = load_model()
    card = {k: v for k, v in shipped.card.items() if k != "sites"}
    bare = Model(shipped.path, card, shipped.artifact)
    calibration = SiteCalibration.of(bare)
    assert calibration.calibrated is False
    assert (calibration.credible, calibration.low) == (
        shipped.thresholds["credible"],
        shipped.thresholds["low"],
    )
    assert (calibration.slope, calibration.spread, calibration.intercept) == (1.0, 0.0, 0.0)
    assert calibration.min_pages == 10
    # The page model's own probability of the shrunk mean logit.
    (verdict,) = site_verdicts([SitePage("a", 2.0)] * 10, bare)
    assert verdict.band == Label.CREDIBLE and 0.62 < verdict.probability < 1 / (1 + math.exp(-2))


def test_the_shipped_model_has_a_readable_calibration():
    calibration = SiteCalibration.of(None)
    assert calibration.low <= calibration.credible
    assert calibration.min_pages >= 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"slope": "1"}, "not a number"),
        ({"prior_sd": 0.0}, "must be positive"),
        ({"low": 0.9, "credible": 0.5}, "low <= credible"),
        ({"min_pages": 2.5}, "min_pages"),
        ({"clip": float("nan")}, "not a finite number"),
    ],
)
def test_a_bad_sites_block_is_refused(change, message):
    block = PLAIN.to_dict() | change
    with pytest.raises(ValueError, match=message):
        SiteCalibration.from_dict(block)
    shipped = load_model()
    bad = Model(shipped.path, shipped.card | {"sites": {"calibration": block}}, shipped.artifact)
    with pytest.raises(ModelLoadError, match="unreadable sites block"):
        SiteCalibration.of(bad)


def test_a_missing_key_is_named():
    block = PLAIN.to_dict()
    del block["slope"]
    with pytest.raises(ValueError, match="the sites block lacks slope"):
        SiteCalibration.from_dict(block)


def test_calibration_round_trips_through_its_dict():
    assert SiteCalibration.from_dict(PLAIN.to_dict()) == PLAIN


def test_a_site_whose_pages_swing_is_judged_less_credible_than_a_steady_one():
    calibration = dataclasses.replace(PLAIN, spread=1.0, page_sd_weight=0.0)
    steady = [SitePage("steady", x) for x in (1.0, 1.0, 1.0, 1.0)]
    swinging = [SitePage("swinging", x) for x in (-1.0, 3.0, -1.0, 3.0)]
    found = {v.site: v for v in site_verdicts(steady + swinging, calibration)}
    # Same mean (1.0); the swinging site's spread is sqrt(16/3), its posterior mean is
    # shrunk more (page variance 16/3 against 1e-6).
    variance = 16 / 3
    centre = (4 * 1.0 / variance) / (4 / variance + 1.0)
    expected = 1 / (1 + math.exp(-(centre - math.sqrt(variance))))
    assert found["swinging"].probability == pytest.approx(expected, abs=1e-12)
    assert found["steady"].probability > 0.7 > found["swinging"].probability
