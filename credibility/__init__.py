"""credibility: a local, explainable scorer of news-article credibility and spam signals.

>>> from credibility import score
>>> result = score("Text copied from a page ...")  # doctest: +SKIP
>>> result.label, result.credibility  # doctest: +SKIP
"""

import logging

from credibility.errors import CredibilityError, InvalidInputError, ModelLoadError
from credibility.model import Model, load_model
from credibility.parsing import Document, parse
from credibility.scoring import Score, SignalResult, score
from credibility.sites import SitePage, SiteVerdict, site_verdicts, site_verdicts_of_file

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    # SignalExtractor pulls in scikit-learn (about a second); scoring one article does not.
    if name == "SignalExtractor":
        from credibility.features import SignalExtractor

        return SignalExtractor
    raise AttributeError(f"module 'credibility' has no attribute {name!r}")


__version__ = "0.1.0"
__all__ = [
    "CredibilityError",
    "Document",
    "InvalidInputError",
    "Model",
    "ModelLoadError",
    "Score",
    "SignalExtractor",
    "SignalResult",
    "SitePage",
    "SiteVerdict",
    "load_model",
    "parse",
    "score",
    "site_verdicts",
    "site_verdicts_of_file",
]
