"""Review one image (one verdict with its reasons) and compare two (what changed and why).

Above ``harden`` in the layers of core: a review gathers dive's CI rules, the budgets
of ``.workbench-review.yaml``, the hardening findings and hadolint's into one verdict.
"""
