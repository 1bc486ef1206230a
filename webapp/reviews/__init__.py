"""Reviews: a person's verdict on a stored result, kept to become training data; the
/reviews page and its CSV, /api/results/<id>/review, their part of the OpenAPI document.

The seam other features use: ``form_for(key)``, what a result's view needs to show the
review form (the score page and a result's own page draw it)."""

from credibility.webapp.reviews.pages import form_for

__all__ = ["form_for"]
