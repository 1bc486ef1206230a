"""Training face: labelled data in, a verified model directory out.

Imported lazily by the CLI; the library never imports it.
"""
