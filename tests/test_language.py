import socket
from collections import Counter

import pytest

from credibility import language, parse
from credibility.language import NOT_JUDGED, PLAIN_ENGLISH, Language, detect, judge
from tests.conftest import read_fixture

SPANISH = (
    "El ayuntamiento aprobó este martes el presupuesto para reparar las calles del centro, "
    "según informó la alcaldesa en una rueda de prensa. Las obras comenzarán en primavera y "
    "durarán unos seis meses, aunque los vecinos temen que el tráfico empeore durante el verano."
)
RUSSIAN = (
    "Городской совет во вторник утвердил бюджет на ремонт дорог в центре города, сообщила "
    "пресс-служба мэрии. Работы начнутся весной и продлятся около шести месяцев, а жители "
    "опасаются, что летом движение станет ещё сложнее, чем обычно бывает в это время года."
)
# German quoting English: English function words are a quarter of the words, but German
# ones are too many for the shortcut; the classifier decides.
QUOTING = (
    "Der Minister sagte am Montag in London: „We will not accept this deal, and we will say "
    "so to the people.“ Die Opposition warf ihm vor, er habe die Verhandlungen mit der Union "
    "zu lange hinausgezögert. „It is time for the government to act,“ sagte die Sprecherin "
    "der Partei, die seit Jahren für eine engere Zusammenarbeit mit den Nachbarländern eintritt."
)
# English with few function words (a list of headlines): the classifier, not the word
# list, has to recognise it.
HEADLINES = (
    "Storm closes coastal roads. Council approves library budget. Police investigate "
    "warehouse fire. Hospital opens new maternity ward. Farmers report record wheat harvest. "
    "Train strike planned Friday. Museum unveils Roman coins. Rugby club names new coach."
)


@pytest.mark.parametrize(
    "text, code, name",
    [
        (read_fixture("german-story.txt"), "de", "German"),
        (read_fixture("french-story.txt"), "fr", "French"),
        (SPANISH, "es", "Spanish"),
        (RUSSIAN, "ru", "Russian"),
        (QUOTING, "de", "German"),
        (read_fixture("news-story.txt"), "en", "English"),
        (read_fixture("farm-page.txt"), "en", "English"),
        (HEADLINES, "en", "English"),
        # Too few words of letters to judge: never called German on a guess.
        ("Die Regierung hat am Montag ein Gesetz beschlossen.", "und", "undetermined"),
        ("The council met on Monday. It approved the budget.", "und", "undetermined"),
        ("2024 " * 50 + "Berlin", "und", "undetermined"),
        ("😀🔥 " * 100, "und", "undetermined"),
    ],
)
def test_detect(text, code, name):
    found = detect(text)
    assert (found.code, found.name) == (code, name)
    assert 0.0 <= found.confidence <= 1.0
    assert found.foreign == (code not in ("en", "und"))


@pytest.mark.parametrize("text", ["word " * 500, "spam " * 300, "lorem ipsum dolor sit amet " * 9])
def test_text_in_no_language_is_not_called_foreign(text):
    found = detect(text)
    assert found.code == "und" and found.confidence < language.MIN_CONFIDENCE


def test_plain_english_never_loads_the_classifier(monkeypatch):
    def refuse():
        raise AssertionError("the classifier was asked")

    monkeypatch.setattr(language, "identifier", refuse)
    assert detect(read_fixture("news-story.txt")) is PLAIN_ENGLISH


def test_the_classifier_loads_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(language, "_identifier", None)  # load it again, here
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert detect(read_fixture("german-story.txt")).code == "de"


def test_the_shortcut_needs_english_function_words_and_few_foreign_ones(monkeypatch):
    asked, real = [], language.identifier

    def classifier():
        asked.append(True)
        return real()

    monkeypatch.setattr(language, "identifier", classifier)
    assert judge(Counter({"the": 25, "council": 75}), "the council " * 25) is PLAIN_ENGLISH
    assert asked == []
    # Under a quarter of English function words, or a tenth as many foreign ones: asked.
    judge(Counter({"the": 24, "council": 76}), "the council " * 24)
    judge(Counter({"the": 30, "und": 4, "council": 66}), "the und council " * 4)
    assert asked == [True, True]


def test_judge_counts_words_of_letters_only():
    counts = Counter({"berlin": 19, "2024": 30})
    assert judge(counts, "Berlin 2024 " * 19) is NOT_JUDGED
    counts = Counter({"the": 10, "council": 10})
    assert judge(counts, "the council " * 10) is PLAIN_ENGLISH


def test_classifier_languages_all_have_names():
    labels = set(language.identifier().labels)
    assert labels == set(language.LANGUAGES)
    assert all(name and name[0].isupper() for name in language.LANGUAGES.values())


def test_document_language_is_the_story_s():
    german = read_fixture("german-story.txt")
    page = f"{german}\nLeave a Reply\nYour email address will not be published.\nRelated Posts"
    assert parse(page).language == Language("de", "German", parse(german).language.confidence)
    assert parse(html=read_fixture("page.html")).language.code == "en"
