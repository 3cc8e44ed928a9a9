"""Hardening: checks on a Dockerfile and its image, fixes as text edits, rebuild and verify.

Public entry points: ``harden`` (findings), ``apply_fixes`` (text edits), ``verify``
(rebuild, re-check, smoke run), ``to_json`` and ``to_sarif`` (reports).
"""
