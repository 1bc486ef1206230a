"""What the batch tests share: CSV files written and read back, the cells score() gives."""

import csv
from pathlib import Path

from credibility.batch import write
from credibility.model import load_model
from credibility.scoring import score
from credibility.sites import SiteCalibration
from tests.blurbs import HONEST, PROMOTIONAL
from tests.conftest import FIXTURES, written_rows

ARTICLES = FIXTURES / "batch" / "articles.csv"
OUTPUTS = ["credibility", "label", "top_signals", "error"]
SOURCE_COLUMNS = [
    "source",
    "pages",
    "judged",
    "unsupported",
    "probability",
    "band",
    "interval_low",
    "interval_high",
    "evidence",
    "mean_credibility",
    "share_credible",
    "share_uncertain",
    "share_low",
]
# With a URL column: the site's rating and whether the site's band disagrees with it follow.
SITE_COLUMNS = [*SOURCE_COLUMNS, "source_rating", "disagrees"]

# Wire stories as agencies write them, filled from a template so that each page differs.
WIRE_STORY = (
    "{Thing} in {city} to reopen after two-year repairs\n\n"
    "The {thing} in {city} will reopen on {day} after two years of repairs, city officials "
    "said in a statement.\n\n"
    "The work cost {n} million, according to figures published by the regional council. "
    "Engineers replaced the roof and the heating system and made the entrances accessible.\n\n"
    '"We kept the old building and made it safer," said {name}, who led the project for the '
    "council. She added that opening hours would be longer than before the closure.\n\n"
    "The council confirmed that a second phase, a new car park, would be put out to tender "
    "in the spring. Residents can comment on the plans until the end of the month, a "
    "spokesperson said."
)
# What a content-farm theme puts around every story it republishes.
THEME = (
    "Leave a Reply\nYour email address will not be published. Required fields are marked *\n"
    "Related Posts\nLoad More Posts Loading...No More Posts."
)
FARM, WIRE, LONE = "topnewsdaily24.example", "harbor-gazette.example", "lone-blog.example"
# Enough pages for a verdict: the default model's minimum, and two more.
SITE_PAGES = SiteCalibration.of(None).min_pages + 2


def wire_story(i: int) -> str:
    things = ["library", "bridge", "station", "museum", "stadium", "market hall", "theatre"]
    cities = ["Leeds", "Lagos", "Denver", "Manila", "Madrid", "Berlin", "Quito"]
    names = ["Ana Ruiz", "Mei Lin", "Lea Roth", "Ines Moreau", "Kate Dunn", "Rosa Petit"]
    thing = things[i % len(things)]
    return WIRE_STORY.format(
        Thing=thing.capitalize(),
        thing=thing,
        city=cities[i % len(cities)],
        day=["Monday", "Tuesday", "Friday"][i % 3],
        n=i + 2,
        name=names[i % len(names)],
    )


def lowered_pages(scored: list[list[str]], prefix: str, signal: str) -> int:
    """Of the scored rows (id first, top_signals sixth) whose id starts with ``prefix``,
    how many the signal pulled down by 0.25 points or more, as their cells say."""
    count = 0
    for row in scored:
        parts = dict(part.rpartition(":")[::2] for part in row[5].split(";") if part)
        count += row[0].startswith(prefix) and float(parts.get(signal, 0)) <= -0.25
    return count


def site_rows() -> list[list[str]]:
    """Rows (id, url, text) of three sites, interleaved as a crawl finds them: a farm that
    republishes wire stories under a promotional author blurb and theme boilerplate, a paper
    that prints them with its reporters' honest bios, and a blog with a single page."""
    rows = []
    for i in range(SITE_PAGES):
        farm = f"{wire_story(i)}\n\n{PROMOTIONAL[i]}\n\n{THEME}"
        rows.append([f"f{i}", f"https://www.{FARM}/news/{i}", farm])
        rows.append([f"w{i}", f"https://{WIRE}/city/{i}", f"{wire_story(i + 1)}\n\n{HONEST[i]}"])
    rows.append(["l0", f"https://{LONE}/post", wire_story(9)])
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def numbered(n: int) -> list[list[str]]:
    """n rows of written articles with an id, alternating credible and farm texts."""
    rows = written_rows(n // 2 + 1)
    return [[str(i), rows[i]["source"], rows[i]["text"]] for i in range(n)]


def expected(text: str, **kwargs: str) -> list[str]:
    """The four output cells for a text, computed straight from score()."""
    result = score(text, model=load_model(), **kwargs)
    top = ";".join(f"{s.name}:{s.points:+.2f}" for s in result.top(3))
    return [f"{result.credibility:.4f}", result.label, top, ""]


def interrupt_after(monkeypatch, chunks: int) -> None:
    """Make the sink raise KeyboardInterrupt (Ctrl-C) after writing ``chunks`` chunks."""
    real, count = write.Sink.write, [0]

    def interrupted(self, *args):
        real(self, *args)
        count[0] += 1
        if count[0] == chunks:
            raise KeyboardInterrupt

    monkeypatch.setattr(write.Sink, "write", interrupted)
