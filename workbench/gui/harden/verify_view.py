"""Before and after a fix, side by side: findings gone, build, smoke run, size."""

from __future__ import annotations

from html import escape

from workbench.core.harden.verify import VerifyResult
from workbench.core.units import human_size
from workbench.gui.i18n import translate


def _ids(report: object) -> list[str]:
    return sorted({f.id for f in getattr(report, "findings", [])})


def verify_html(result: VerifyResult) -> str:
    """One table: what the original had, what the fixed build has, and the verdict."""
    before, after = _ids(result.before), _ids(result.after)
    if result.smoke is None:
        smoke = translate("VerifyView", "not run")
    elif result.smoke.started:
        finished = result.smoke.exit_code is not None
        if result.smoke.uid is None:
            smoke = (translate("VerifyView", "started") if finished else
                     translate("VerifyView", "still running at the timeout"))
        else:
            smoke = (translate("VerifyView", "started, id -u = {uid}") if finished else
                     translate("VerifyView", "still running at the timeout, id -u = {uid}")
                     ).format(uid=result.smoke.uid)
    else:
        smoke = escape(result.smoke.message)
    size = ""
    if result.size_change is not None:
        sign = "+" if result.size_change > 0 else "−" if result.size_change < 0 else "±"
        size = f"{sign}{human_size(abs(result.size_change))}"
    yes, no, none = (translate("VerifyView", "yes"), translate("VerifyView", "no"),
                     translate("VerifyView", "none"))
    # (name, before, after, whether ``after`` is HTML already)
    rows = [
        (translate("VerifyView", "Builds"), yes, yes if result.built else no, False),
        (translate("VerifyView", "Findings"), ", ".join(before) or none,
         ", ".join(after) or none, False),
        (translate("VerifyView", "Size"),
         human_size(result.size_before) if result.size_before is not None else "",
         (human_size(result.size_after) + f" ({size})") if result.size_after is not None
         else "", False),
        (translate("VerifyView", "Starts"), "", smoke, True),
    ]
    verdict = translate("VerifyView", "The fix holds.") if result.ok and not result.error else \
        translate("VerifyView", "The fix does not hold: {error}").format(
            error=escape(result.error or translate("VerifyView", "see the table")))
    body = "".join(f"<tr><th align='left'>{escape(name)}</th><td>{escape(a)}</td>"
                   f"<td>{b if is_html else escape(b)}</td></tr>"
                   for name, a, b, is_html in rows)
    gone = ", ".join(result.gone) or none
    new = ", ".join(result.new) or none
    before_title, after_title = translate("VerifyView", "Before"), translate("VerifyView", "After")
    head = f"<tr><th></th><th>{escape(before_title)}</th><th>{escape(after_title)}</th></tr>"
    tail = translate("VerifyView", "Gone: {gone}. New: {new}.").format(gone=escape(gone),
                                                                       new=escape(new))
    return (f"<p><b>{verdict}</b></p><table cellspacing='6'>{head}{body}</table>"
            f"<p>{tail}</p>")
