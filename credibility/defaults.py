"""Defaults shared by the library, the CLI, training/ and benchmarks/: each in one place.

Plain constants, no imports: the CLI reads them while it builds its parser, before anything
heavy loads.
"""

# The project's random seed (folds, composed pages, bootstrap resamples, benchmark samples):
# the same data give the same model and the same figures.
SEED = 20261126
# Regularisation of SignedLogisticRegression. Chosen by leave-one-dataset-out mean ROC-AUC
# (benchmarks/accuracy.py --C, 2026-11-27): 0.731 at 0.003, 0.720 at 0.03.
DEFAULT_C = 0.003
# The most one signal may move the calibrated logit (appended junk cannot buy more).
MAX_POINTS = 2.5

__all__ = ["DEFAULT_C", "MAX_POINTS", "SEED"]
