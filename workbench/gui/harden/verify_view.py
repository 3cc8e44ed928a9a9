"""Before and after a fix, side by side: findings gone, build, smoke run, size."""

from __future__ import annotations

from html import escape

from workbench.core.harden.verify import VerifyResult
from workbench.core.units import human_size


def _ids(report: object) -> list[str]:
    return sorted({f.id for f in getattr(report, "findings", [])})


def verify_html(result: VerifyResult) -> str:
    """One table: what the original had, what the fixed build has, and the verdict."""
    before, after = _ids(result.before), _ids(result.after)
    if result.smoke is None:
        smoke = "not run"
    elif result.smoke.started:
        smoke = "started" if result.smoke.exit_code is not None else "still running at the timeout"
        if result.smoke.uid is not None:
            smoke += f", id -u = {result.smoke.uid}"
    else:
        smoke = escape(result.smoke.message)
    size = ""
    if result.size_change is not None:
        sign = "+" if result.size_change > 0 else "−" if result.size_change < 0 else "±"
        size = f"{sign}{human_size(abs(result.size_change))}"
    rows = [
        ("Builds", "yes", "yes" if result.built else "no"),
        ("Findings", ", ".join(before) or "none", ", ".join(after) or "none"),
        ("Size", human_size(result.size_before) if result.size_before is not None else "",
         (human_size(result.size_after) + f" ({size})") if result.size_after is not None
         else ""),
        ("Starts", "", smoke),
    ]
    verdict = "The fix holds." if result.ok and not result.error else \
        f"The fix does not hold: {escape(result.error or 'see the table')}"
    body = "".join(f"<tr><th align='left'>{escape(name)}</th><td>{escape(a)}</td>"
                   f"<td>{b if name == 'Starts' else escape(b)}</td></tr>"
                   for name, a, b in rows)
    gone = ", ".join(result.gone) or "none"
    new = ", ".join(result.new) or "none"
    return (f"<p><b>{verdict}</b></p><table cellspacing='6'><tr><th></th><th>Before</th>"
            f"<th>After</th></tr>{body}</table><p>Gone: {escape(gone)}. New: "
            f"{escape(new)}.</p>")
