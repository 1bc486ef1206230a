"""Site verdicts: the credibility of a site, judged from its own scored pages.

A stage after scoring. Each scored page contributes a SitePage (its site key, its model
logit, the signals that pulled it down); a SiteTally sums them per site in constant memory
per site (a count, a mean, a spread, a count per lowering signal and one example each) and
turns each site's sums into a SiteVerdict:

- the site's mean page logit (each page clipped to +-``clip``, so one extreme page cannot
  decide), shrunk toward the mean of training sites by a normal posterior: prior
  N(prior_mean, prior_sd**2) for a site's true mean, pages spread around it with a standard
  deviation blended from the site's own and the training sites' typical one
  (``page_sd``, worth ``page_sd_weight`` pages);
- a calibrated probability that the site is credible, sigmoid(slope * posterior mean -
  spread * the site's page spread + intercept), fitted on sites the page model never saw
  (training/sites.py). The spread is there because a credible outlet's pages read alike
  while an unreliable site's swing (copied wire stories beside rants), and because it does
  not move when the page model's scores shift as a whole on a corpus it never saw, which
  the mean does;
- a band on that probability (``credible`` / ``uncertain`` / ``low``, thresholds chosen for
  precision), or ``needs more pages`` below ``min_pages`` judged pages, with no probability;
- an interval: the posterior's central 90% for the site's mean, through the same
  calibration (so it always contains the probability);
- the evidence that recurs: the lowering signals found on at least half of the judged pages
  (and on two or more), with their counts and one example.

The parameters live in the model card's ``sites`` block (SiteCalibration). A model without
one (a user's retrained model) gets an uncalibrated verdict: the page model's own bands on
the site's posterior mean logit, with the prior and minimum below (UNCALIBRATED). Like a
page verdict, a site verdict never reads the rating lists.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credibility.errors import InvalidInputError, json_objects, quoted
from credibility.labels import Label
from credibility.model import Model
from credibility.reputation import host_of
from credibility.scoring import Score, get_model

NEEDS_MORE_PAGES = "needs more pages"
SITE_BANDS = (Label.CREDIBLE, Label.UNCERTAIN, Label.LOW, NEEDS_MORE_PAGES)
UNKNOWN = "(unknown)"  # a page with neither a source nor a URL naming a host
# A page's lowering signals: those among its top signals (as many as the batch writes in
# top_signals, so a site read back from a batch file and one tallied live agree) that take
# at least MIN_LOWERING points off; smaller ones are the noise of a typical page.
LOWERING_PER_PAGE = 3
MIN_LOWERING = 0.25
# Evidence recurs when it is on at least this share of the judged pages, and on two or more.
RECUR_SHARE = 0.5
RECUR_MIN_PAGES = 2
MAX_RECURRING = 3
EXAMPLE_CHARS = 80
# Two-sided 90% normal quantile for the interval.
Z90 = 1.6448536269514722
FILE_FIELD_LIMIT = 2**31 - 1  # an article is one CSV field


def site_key(source: str = "", url: str = "") -> str:
    """The site a page belongs to: its source cell when given, else its URL's host (one key
    for nytimes.com and its m. and amp. editions, as the rating lookup uses), else UNKNOWN."""
    if source and source.strip():
        return source.strip()
    return (host_of(url) if url else "") or UNKNOWN


def short_excerpt(text: str, width: int = EXAMPLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def lowering_names(points: Iterable[tuple[str, float]]) -> set[str]:
    """The signals SitePage.from_score takes as lowering, from every signal's (name, points)
    in the model's order: among the LOWERING_PER_PAGE strongest (Score.top), those that take
    at least MIN_LOWERING off. A batch asks score() for their evidence alone."""
    ranked = sorted(((n, p) for n, p in points if p != 0.0), key=lambda np: -abs(np[1]))
    return {n for n, p in ranked[:LOWERING_PER_PAGE] if round(p, 2) <= -MIN_LOWERING}


@dataclass(frozen=True, slots=True)
class SitePage:
    """What one scored page contributes to its site's verdict."""

    site: str
    logit: float | None  # None: not judged (unsupported language, an error)
    # (signal name, short excerpt or "") of the signals that pulled this page down, most first
    lowering: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_score(cls, site: str, score: Score) -> SitePage:
        """The page of a Score: its logit and its top lowering signals with an excerpt."""
        if score.credibility is None:
            return cls(site, None)
        top = score.top(LOWERING_PER_PAGE)
        down = [s for s in top if round(s.points, 2) <= -MIN_LOWERING]
        lowering = tuple(
            (s.name, short_excerpt(s.evidence[0].text) if s.evidence else "") for s in down
        )
        return cls(site, score.logit, lowering)

    @classmethod
    def from_cells(cls, site: str, credibility: str | float | None, top_signals: str) -> SitePage:
        """The page of a batch output row: its written credibility (four decimals; the
        logit is clipped in the tally anyway) and its top_signals cell ("name:+0.12;...").
        A missing or unreadable credibility means not judged."""
        try:
            p = float(credibility) if credibility not in (None, "") else math.nan
        except (TypeError, ValueError):
            p = math.nan
        if not 0.0 <= p <= 1.0:  # NaN included
            return cls(site, None)
        p = min(max(p, 1e-6), 1 - 1e-6)
        lowering = []
        for part in (top_signals or "").split(";"):
            name, _, points = part.strip().rpartition(":")
            try:
                lowers = float(points) <= -MIN_LOWERING
            except ValueError:
                continue
            if name and lowers:
                lowering.append((name, ""))
        return cls(site, math.log(p / (1 - p)), tuple(lowering))


@dataclass(frozen=True, slots=True)
class Recurring:
    """A lowering signal found on many of a site's pages."""

    signal: str
    description: str
    pages: int
    example: str  # a short excerpt from one page, "" when none was kept

    def to_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "description": self.description,
            "pages": self.pages,
            "example": self.example,
        }

    def line(self, judged: int) -> str:
        """'Author bio introduces its writer ... on 9 of 12 pages: "hello, I am ..."'."""
        said = f"{self.description} on {self.pages} of {judged} pages"
        return f'{said}: "{self.example}"' if self.example else said


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    site: str
    pages: int  # every page of the site seen, judged or not
    judged: int  # pages with a logit
    probability: float | None  # calibrated P(site credible); None below the minimum
    band: str  # credible | uncertain | low | needs more pages
    interval: tuple[float, float] | None  # 90% interval of the probability
    evidence: tuple[Recurring, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready, keys in a stable order; probabilities to four decimals."""
        return {
            "site": self.site,
            "pages": self.pages,
            "judged": self.judged,
            "probability": None if self.probability is None else round(self.probability, 4),
            "band": str(self.band),
            "interval": None if self.interval is None else [round(v, 4) for v in self.interval],
            "evidence": [r.to_dict() for r in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class SiteCalibration:
    """The site verdict's parameters, from the model card's ``sites`` block (see the module
    docstring for what each does). ``calibrated`` is False for the fallback of a model
    without the block."""

    prior_mean: float
    prior_sd: float
    page_sd: float
    page_sd_weight: float
    clip: float
    slope: float
    spread: float
    intercept: float
    credible: float
    low: float
    min_pages: int
    calibrated: bool = True
    fitted_on: str = ""

    KEYS = (
        "prior_mean", "prior_sd", "page_sd", "page_sd_weight", "clip", "slope", "spread",
        "intercept", "credible", "low", "min_pages",
    )  # fmt: skip

    def __post_init__(self) -> None:
        numbers = [getattr(self, k) for k in self.KEYS]
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in numbers):
            raise ValueError("a site calibration parameter is not a finite number")
        if min(self.prior_sd, self.page_sd, self.clip, self.slope) <= 0:
            raise ValueError("prior_sd, page_sd, clip and slope must be positive")
        if self.spread < 0:
            raise ValueError("spread must be >= 0 (a site whose pages swing is not more credible)")
        if self.page_sd_weight < 0 or int(self.min_pages) != self.min_pages or self.min_pages < 1:
            raise ValueError("page_sd_weight must be >= 0 and min_pages a whole number >= 1")
        if not 0.0 <= self.low <= self.credible <= 1.0:
            raise ValueError("the site thresholds must be probabilities with low <= credible")

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (*self.KEYS, "fitted_on")}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SiteCalibration:
        """A card's ``sites`` block, checked; ValueError names what is wrong."""
        if not isinstance(d, Mapping):
            raise ValueError("the sites block is not an object")
        missing = [k for k in cls.KEYS if k not in d]
        if missing:
            raise ValueError(f"the sites block lacks {', '.join(missing)}")
        values = {k: d[k] for k in cls.KEYS}
        wrong = [
            k for k, v in values.items() if isinstance(v, bool) or not isinstance(v, int | float)
        ]
        if wrong:
            raise ValueError(f"{wrong[0]} in the sites block is not a number")
        if values["min_pages"] != int(values["min_pages"]):
            raise ValueError("min_pages is not a whole number")
        values["min_pages"] = int(values["min_pages"])
        return cls(**values, fitted_on=str(d.get("fitted_on", "")))

    @classmethod
    def of(cls, model: Model | str | Path | None = None) -> SiteCalibration:
        """The calibration of a model: its card's ``sites`` block, else uncalibrated()."""
        fitted = get_model(model)
        block = fitted.card.get("sites")
        if block is None:
            return cls.uncalibrated(fitted.thresholds)
        try:
            return cls.from_dict(block.get("calibration", block))
        except (ValueError, TypeError, AttributeError) as exc:
            from credibility.errors import ModelLoadError

            raise ModelLoadError(f"{fitted.path}: unreadable sites block ({exc})") from exc

    @classmethod
    def uncalibrated(cls, thresholds: Mapping[str, float]) -> SiteCalibration:
        """For a model whose card has no sites block: the page model's probability and
        bands on the site's posterior mean logit, with UNCALIBRATED's prior and minimum."""
        return cls(
            **UNCALIBRATED,
            credible=float(thresholds[Label.CREDIBLE]),
            low=float(thresholds[Label.LOW]),
            calibrated=False,
            fitted_on="not calibrated for sites: the page model's bands on the mean page logit",
        )

    def probability(self, mean: float, sd: float = 0.0) -> float:
        """The calibrated P(credible) of a site of posterior mean ``mean`` and page spread
        ``sd``."""
        z = self.slope * mean - self.spread * sd + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, z))))

    def band(self, probability: float) -> str:
        if probability >= self.credible:
            return Label.CREDIBLE
        return Label.LOW if probability < self.low else Label.UNCERTAIN

    def page_variance(self, n: int, m2: float) -> float:
        """The spread of a site's pages: its own (``m2``, the sum of squared deviations of
        its n pages) blended with the training sites' typical one, worth page_sd_weight
        pages (a site of one page has no spread of its own)."""
        pooled = self.page_sd_weight * self.page_sd**2
        return max((m2 + pooled) / max(n - 1 + self.page_sd_weight, 1e-9), 1e-6)

    def posterior(self, n: int, mean: float, m2: float) -> tuple[float, float]:
        """(mean, sd) of the normal posterior of a site's mean page logit, from its n judged
        pages' mean and sum of squared deviations (``m2``)."""
        variance = self.page_variance(n, m2)
        precision = n / variance + 1.0 / self.prior_sd**2
        centre = (n * mean / variance + self.prior_mean / self.prior_sd**2) / precision
        return centre, 1.0 / math.sqrt(precision)


# The fallback's aggregation for a model without a sites block: a neutral prior on the
# logit scale (mean 0, sd 2: a site mean anywhere within about +-4), pages spread by 2
# logits around it (wider than the default model's held-out sites, 0.67: an unknown model
# is given less trust), and the default model's fitted minimum. See docs/sites.md.
UNCALIBRATED: dict[str, Any] = {
    "prior_mean": 0.0,
    "prior_sd": 2.0,
    "page_sd": 2.0,
    "page_sd_weight": 5.0,
    "clip": 6.0,
    "slope": 1.0,
    "spread": 0.0,
    "intercept": 0.0,
    "min_pages": 10,
}


class _Site:
    """One site's running sums: constant size whatever its number of pages."""

    __slots__ = ("counts", "examples", "judged", "m2", "mean", "pages")

    def __init__(self) -> None:
        self.pages = 0
        self.judged = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.counts: dict[str, int] = {}
        self.examples: dict[str, str] = {}


class SiteTally:
    """Site verdicts from a stream of pages: memory grows with the number of sites, not of
    pages. ``calibration`` None: the default model's."""

    def __init__(self, calibration: SiteCalibration | None = None) -> None:
        self.calibration = calibration if calibration is not None else SiteCalibration.of(None)
        self._sites: dict[str, _Site] = {}

    def add(self, page: SitePage) -> None:
        site = self._sites.get(page.site)
        if site is None:
            site = self._sites[page.site] = _Site()
        site.pages += 1
        if page.logit is None or not math.isfinite(page.logit):
            return
        clip = self.calibration.clip
        x = min(max(page.logit, -clip), clip)
        site.judged += 1
        delta = x - site.mean  # Welford's update: one pass, no cancellation
        site.mean += delta / site.judged
        site.m2 += delta * (x - site.mean)
        seen: set[str] = set()
        for name, example in page.lowering:
            if name in seen:
                continue
            seen.add(name)
            site.counts[name] = site.counts.get(name, 0) + 1
            if example and not site.examples.get(name):
                site.examples[name] = example

    def __len__(self) -> int:
        return len(self._sites)

    def __contains__(self, site: object) -> bool:
        return site in self._sites

    def verdict(self, site: str) -> SiteVerdict:
        """The verdict on one site seen so far; KeyError for a site never added."""
        s = self._sites[site]
        calibration = self.calibration
        evidence = recurring(s.counts, s.examples, s.judged)
        if s.judged < calibration.min_pages:
            return SiteVerdict(site, s.pages, s.judged, None, NEEDS_MORE_PAGES, None, evidence)
        centre, sd = calibration.posterior(s.judged, s.mean, s.m2)
        spread = math.sqrt(calibration.page_variance(s.judged, s.m2))
        probability = calibration.probability(centre, spread)
        interval = (
            calibration.probability(centre - Z90 * sd, spread),
            calibration.probability(centre + Z90 * sd, spread),
        )
        return SiteVerdict(
            site,
            s.pages,
            s.judged,
            probability,
            calibration.band(probability),
            interval,
            evidence,
        )

    def verdicts(self) -> list[SiteVerdict]:
        """Every site's verdict, most pages first, then by site name."""
        order = sorted(self._sites.items(), key=lambda kv: (-kv[1].pages, kv[0]))
        return [self.verdict(site) for site, _ in order]


def describe(name: str) -> str:
    from credibility.signals import REGISTRY

    found = REGISTRY.get(name)
    return found.description if found is not None else name


def recurring(
    counts: dict[str, int], examples: dict[str, str], judged: int
) -> tuple[Recurring, ...]:
    """The lowering signals on at least RECUR_SHARE of the judged pages (and two or more),
    most pages first, then by name; at most MAX_RECURRING."""
    bar = max(RECUR_MIN_PAGES, math.ceil(RECUR_SHARE * judged))
    found = sorted(((-n, name) for name, n in counts.items() if n >= bar))[:MAX_RECURRING]
    return tuple(Recurring(name, describe(name), -n, examples.get(name, "")) for n, name in found)


def site_verdicts(
    pages: Iterable[SitePage], model: Model | str | Path | SiteCalibration | None = None
) -> list[SiteVerdict]:
    """The verdict on every site of ``pages`` (most pages first), calibrated by ``model``'s
    card (None: the default model)."""
    calibration = model if isinstance(model, SiteCalibration) else SiteCalibration.of(model)
    tally = SiteTally(calibration)
    for page in pages:
        tally.add(page)
    return tally.verdicts()


def site_verdicts_of_file(
    path: str | Path,
    model: Model | str | Path | SiteCalibration | None = None,
    *,
    source_col: str = "source",
    url_col: str = "url",
) -> list[SiteVerdict]:
    """The site verdicts of a file `credibility batch` wrote (CSV or JSON lines): each row's
    site from ``source_col``, else the host of ``url_col``; rows with an error or no
    credibility count as pages not judged. InvalidInputError when it is not such a file."""
    return site_verdicts(pages_of_file(path, source_col=source_col, url_col=url_col), model)


def pages_of_file(
    path: str | Path, *, source_col: str = "source", url_col: str = "url"
) -> Iterable[SitePage]:
    """The SitePages of a batch output file, one per row, read as a stream."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            first = handle.read(1)
            handle.seek(0)
            if first == "{":
                yield from _jsonl_pages(path, handle, source_col, url_col)
            else:
                yield from _csv_pages(path, handle, source_col, url_col)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _check(path: Path, columns: Iterable[str]) -> None:
    missing = [c for c in ("credibility", "top_signals") if c not in columns]
    if missing:
        raise InvalidInputError(
            f"{path}: not a file `credibility batch` wrote (no {quoted(missing[0])} column)"
        )


def _csv_pages(path: Path, handle: Any, source_col: str, url_col: str) -> Iterable[SitePage]:
    csv.field_size_limit(FILE_FIELD_LIMIT)
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise InvalidInputError(f"{path}: the file is empty")
    _check(path, header)
    at = {name: i for i, name in reversed(list(enumerate(header)))}
    source, url = at.get(source_col), at.get(url_col)
    credibility, top = at["credibility"], at["top_signals"]
    for row in reader:
        if not row:
            continue

        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i] if i is not None and i < len(row) else ""

        key = site_key(cell(source), cell(url))
        yield SitePage.from_cells(key, cell(credibility), cell(top))


def _jsonl_pages(path: Path, handle: Any, source_col: str, url_col: str) -> Iterable[SitePage]:
    for number, record in json_objects(path, handle):
        if number == 1:
            _check(path, record)

        def text(name: str, record: dict[str, Any] = record) -> str:
            value = record.get(name)
            return "" if value is None else str(value)

        key = site_key(text(source_col), text(url_col))
        yield SitePage.from_cells(key, record.get("credibility"), text("top_signals"))


__all__ = [
    "NEEDS_MORE_PAGES",
    "SITE_BANDS",
    "Recurring",
    "SiteCalibration",
    "SitePage",
    "SiteTally",
    "SiteVerdict",
    "site_key",
    "site_verdicts",
    "site_verdicts_of_file",
]
