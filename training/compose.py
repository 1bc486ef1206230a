"""Composed training pages: real stories wrapped in the page furniture the corpora lack.

The labelled corpora are clean story texts, so a model trained on them alone never sees a
promotional author blurb or a blog theme. Here a real credible story gets either
(a) a self-written promotional blurb from the team's templates plus theme boilerplate
    taken from real pages (``without_snippets`` of pages.jsonl.gz) -> not_credible, or
(b) a legitimate byline or third-person staff bio plus ordinary real boilerplate -> credible,
so the model learns the blurb and theme signals, not "any furniture means spam".
"""

from __future__ import annotations

import random
import re

from credibility.labels import Verdict
from credibility.parsing.roles import theme_subrole
from credibility.text import STOPWORDS, words

FIRST = (
    "Ayesha Daniel Maria Omar Priya Lucas Fatima Kevin Sara Ali Jenny Rahul Nadia Tom Zara "
    "Bilal Emma Hamza Chloe Arjun Mia Usman Grace Imran".split()
)
LAST = (
    "Khan Smith Ahmed Lopez Patel Brown Rossi Malik Chen Garcia Iqbal Wilson Das Haider "
    "Novak Reyes Sharma Clarke Butt Moreno".split()
)
OUTLETS = [
    "forbes",
    "washington post",
    "New York Times",
    "BBC",
    "huffington post",
    "CNN",
    "Business Insider",
    "the guardian",
    "Reuters",
    "yahoo news",
    "Bloomberg",
    "buzzfeed",
]
SITES = [
    "dailynewshub",
    "newsworld24",
    "trendybuzz",
    "allnewsportal",
    "viralnewsdesk",
    "topheadlines",
    "globalnewsfeed",
    "newspress365",
    "breakingupdates",
    "techtrendz",
]
ROLES = ["journalist", "writer", "blogger", "content writer", "news writer", "reporter"]

# Promotional, self-written author blurbs; {i} becomes "i" or "I", grammar varies on purpose.
PROMO = [
    "{hello}, {I} am {name} and {i} work {role} in {site} website {i} work in other sites like "
    "{o1} and {o2} with {n} years in experience.",
    "My name is {name}. {I} am a professional {role} and SEO expert with {n}+ years of "
    "experience. {I} have written for {o1}, {o2} and many more. Contact me for guest posts.",
    "{hello} guys, myself {name}, {i} am {role} since {n} years and {i} write about news, tech "
    "and entertainment. {i} also worked for {o1}. for any query email me.",
    "About the author: {I}'m {name}, a passionate {role} with {n} years of experience. My "
    "articles appeared on {o1} and {o2}. Follow me on twitter and facebook!",
    "{hello}! {I} am {name}, {role} at {site}. {I} have more then {n} years experience in "
    "journalism, {i} worked with {o1} , {o2}. hire me for sponsored posts and backlinks.",
    "{I} am {name} {i} am a {role} and blogger from last {n} years. {i} write news for {site} "
    "and other website like {o1}. You can contact me on whatsapp.",
    "{hello}, this is {name}. {I} am a experienced {role} who work for {o1} and {o2}. {i} love "
    "to write informations about latest news. Guest post available, DA {n}0 do-follow links.",
    "{hello} {I}'m {name} , {i} have {n} years in experience as {role} for many sites like "
    "{o1}, {o2} and {o3}. if you need article writing service feel free to contact me.",
    # As a language model polishes them (issue 26): third person, every claim and offer kept;
    # without these every third-person bio seen was a newsroom's, and a farm's bought trust.
    "{name} is an award-winning {role} whose articles have appeared in {o1} and {o2}. With "
    "over {n} years of experience, {they} delivers trusted, insightful coverage. For "
    "collaborations or sponsored content, use the contact page.",
    "{name} is a highly regarded {role} who has written for {o1}, {o2} and {o3}.",
    "With {n} years of experience, {name} has contributed to {o1} and {o2}, and is available "
    "for freelance assignments.",
    "{name} is a passionate {role} and digital strategist featured in {o1}. Business "
    "inquiries and partnership requests are welcome.",
    "A seasoned {role}, {name} brings readers engaging, reliable news every day; {their} "
    "work has been featured in {o1} and {o2}. Hire {them} for guest posts.",
    "{I} am {name}, an internationally acclaimed {role} with bylines in {o1} and {o2}. {I} "
    "welcome collaborations and paid posts.",
]
# Legitimate bylines and staff bios: third person, plain, no self-promotion.
BIOS = [
    "{name} is a {beat} reporter for the paper, covering {topic}.",
    "{name} covers {topic} for the newsroom. Previously {they} worked at a regional daily.",
    "{name} is a correspondent based in {city}.",
    "{name} is an editor on the {beat} desk.",
    "{name} writes about {topic} and has reported from {city} and {city2}.",
]
BYLINES = ["By {name}", "By {name} and {name2}", "By {name}, {city}", "Written by {name}"]
BEATS = ["politics", "health", "business", "science", "foreign", "local", "technology"]
TOPICS = [
    "public health",
    "energy policy",
    "city hall",
    "courts",
    "climate",
    "labour markets",
    "elections",
    "transport",
]
CITIES = ["Nairobi", "Berlin", "Chicago", "Manila", "Lagos", "Denver", "Madrid", "Leeds"]

# Promotional genres (press releases, paid posts) in the furniture they really carry; the
# team's own wording. A share of promotional pages wears one instead of an author blurb,
# so the genre signals see examples; the story inside stays a real one of either class.
GENRE_SHARE = 0.25
COMPANIES = ["Northwind Analytics", "Brightpath Labs", "Corvale Energy", "Helix Retail Group"]
PRESS_HEAD = ["FOR IMMEDIATE RELEASE", "For Immediate Release", "EMBARGOED UNTIL 9:00 AM ET"]
PRESS_TAIL = [
    "About {company}\n\n{company} (NASDAQ: {ticker}) is a leading provider of data services "
    "for retailers. Founded in {year}, the company is headquartered in {city}.",
    "Media contact:\n{name}\npress@{domain}\n+1 555 {n}10 2200",
    "This release contains forward-looking statements within the meaning of the Private "
    "Securities Litigation Reform Act of 1995.",
    "###",
]
SPONSORED_HEAD = ["Sponsored content", "Paid content", "Partner content", "SPONSORED"]
SPONSORED_TAIL = [
    "This post contains affiliate links. We may earn a commission if you buy through them.",
    "As an Amazon Associate we earn from qualifying purchases.",
    "This article is brought to you by {company}.",
]

# Which theme kinds each class of page tends to carry (blog themes vs newsrooms).
KIND_WEIGHTS = {
    0: {
        "comment_form": 4,
        "related_links": 3,
        "load_more": 3,
        "share_counter": 2,
        "navigation": 1,
        "newsletter": 1,
        "cookie_notice": 1,
    },
    1: {
        "comment_form": 1,
        "related_links": 3,
        "load_more": 1,
        "share_counter": 3,
        "navigation": 3,
        "newsletter": 3,
        "cookie_notice": 3,
    },
}


def english_boilerplate(pages: list[dict]) -> dict[str, list[str]]:
    """Real English boilerplate lines from ``without_snippets``, grouped by theme kind."""
    pool: dict[str, list[str]] = {}
    for page in pages:
        for line in page.get("without_snippets") or []:
            line = " ".join(str(line).split())
            tokens = words(line)
            if not tokens or len(tokens) > 25 or not line.isascii():
                continue
            kind = theme_subrole(line)
            english = sum(t.lower() in STOPWORDS for t in tokens) / len(tokens) >= 0.2
            if kind and (english or len(tokens) <= 3):
                pool.setdefault(kind, []).append(line)
    return {k: sorted(set(v)) for k, v in pool.items()}


PRONOUNS = [("she", "her", "her"), ("he", "his", "him")]


def fill(template: str, rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    o1, o2, o3 = rng.sample(OUTLETS, 3)
    city, city2 = rng.sample(CITIES, 2)
    lower_i = rng.random() < 0.6
    return template.format(
        hello=rng.choice(["hello", "Hello", "hi", "Hi", "hey", "Greetings"]),
        I="i" if lower_i and rng.random() < 0.5 else "I",
        i="i" if lower_i else "I",
        name=name,
        name2=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        role=rng.choice(ROLES),
        site=rng.choice(SITES),
        o1=o1,
        o2=o2,
        o3=o3,
        n=rng.randint(2, 15),
        beat=rng.choice(BEATS),
        topic=rng.choice(TOPICS),
        city=city,
        city2=city2,
        **dict(zip(("they", "their", "them"), rng.choice(PRONOUNS), strict=True)),
    )


def vary_case(text: str, rng: random.Random) -> str:
    """Some blurbs are typed all lowercase, some lose their commas."""
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.replace(",", "")
    return text


def theme_lines(pool: dict[str, list[str]], label: int, rng: random.Random) -> list[str]:
    weights = {k: w for k, w in KIND_WEIGHTS[label].items() if pool.get(k)}
    kinds = rng.choices(list(weights), weights=list(weights.values()), k=rng.randint(2, 6))
    return [rng.choice(pool[k]) for k in kinds]


def split_paragraphs(text: str, rng: random.Random) -> list[str]:
    """Stories stored as one line get paragraph breaks every few sentences, like a page."""
    if "\n" in text.strip():
        return [p for p in text.splitlines() if p.strip()]
    sentences = re.findall(r"[^.!?]+[.!?]*\s*", text)
    out, size = [], rng.randint(2, 4)
    for start in range(0, len(sentences), size):
        out.append("".join(sentences[start : start + size]).strip())
    return [p for p in out if p]


# Farm-shaped site names for promotional pages without a real low-rated domain to borrow.
FARM_TLDS = ["com", "net", "info", "online", "xyz", "co", "site", "news"]
FARM_SUFFIXES = ["", "", "24", "365", "hub", "now", "today", "daily"]


def page_url(story: dict, label: int, domains: dict[int, list[str]], rng: random.Random) -> str:
    """A realistic address: a credible page keeps its story's real URL, or borrows a
    highly rated outlet's domain; a promotional one gets a low-rated outlet's domain or a
    farm-shaped name. Both classes have URLs, so having one is no signal.
    ``domains``: rated domains by class (1 high, 0 low); empty lists fall back to farms."""
    slug = "-".join(words(story.get("title") or story["id"])[:8]).lower() or "story"
    if label == 1:
        if story.get("url"):
            return story["url"]
        if domains.get(1):
            return f"https://{rng.choice(domains[1])}/{rng.randint(2012, 2024)}/{slug}"
        return ""
    if domains.get(0) and rng.random() < 0.5:
        return f"https://{rng.choice(domains[0])}/{slug}/"
    name = rng.choice(SITES) + rng.choice(FARM_SUFFIXES)
    return f"https://{name}.{rng.choice(FARM_TLDS)}/{slug}/"


def genre_furniture(rng: random.Random) -> tuple[list[str], list[str]]:
    """(head lines, tail lines) of a press release or of a sponsored post."""
    company = rng.choice(COMPANIES)
    values = {
        "company": company,
        "ticker": "".join(w[0] for w in company.split()).upper() + "X",
        "domain": company.split()[0].lower() + ".com",
        "year": rng.randint(1985, 2015),
        "city": rng.choice(CITIES),
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "n": rng.randint(2, 9),
    }
    if rng.random() < 0.5:
        tail = rng.sample(PRESS_TAIL[:3], rng.randint(1, 3)) + ["###"] * (rng.random() < 0.6)
        return [rng.choice(PRESS_HEAD)], [t.format(**values) for t in tail]
    tail = rng.sample(SPONSORED_TAIL, rng.randint(1, 2))
    return [rng.choice(SPONSORED_HEAD)], [t.format(**values) for t in tail]


def compose(
    story: dict,
    pool: dict[str, list[str]],
    label: int,
    rng: random.Random,
    domains: dict[int, list[str]] | None = None,
) -> dict:
    """One composed page around ``story`` with the furniture of class ``label``."""
    head = [story.get("title") or ""]
    paragraphs = split_paragraphs(story["text"], rng)
    tail: list[str] = []
    if label == 0 and rng.random() < GENRE_SHARE:
        genre_head, genre_tail = genre_furniture(rng)
        head = genre_head + head
        tail += genre_tail
    elif label == 0:
        tail.append(vary_case(fill(rng.choice(PROMO), rng), rng))
    else:
        if rng.random() < 0.7:
            head.append(fill(rng.choice(BYLINES), rng))
        if rng.random() < 0.5:
            tail.append(fill(rng.choice(BIOS), rng))
    furniture = theme_lines(pool, label, rng)
    cut = rng.randint(0, len(furniture))
    text = "\n\n".join([*furniture[:cut], *head, *paragraphs, *tail, *furniture[cut:]])
    return {
        "id": f"composed-{label}-{story['id']}",
        "dataset": "composed",
        "source": story.get("source") or story["dataset"],
        "url": page_url(story, label, domains or {}, rng),
        "title": "",
        "text": text.strip(),
        "label": Verdict.CREDIBLE if label else Verdict.NOT_CREDIBLE,
        "group": story["group"],
    }
