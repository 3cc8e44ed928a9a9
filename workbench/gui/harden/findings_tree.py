"""The findings of one harden report as a tree grouped by severity."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from workbench.core.harden.model import SEVERITIES, Finding
from workbench.gui.i18n import translate

GROUP_TITLES = {"error": str(QT_TRANSLATE_NOOP("FindingsTree", "Errors ({count})")),
                "warning": str(QT_TRANSLATE_NOOP("FindingsTree", "Warnings ({count})")),
                "info": str(QT_TRANSLATE_NOOP("FindingsTree", "Info ({count})"))}
FINDING_ROLE = Qt.ItemDataRole.UserRole


def where(finding: Finding) -> str:
    """Line, layer and path, as a user reads them (layers are shown from 1)."""
    evidence = finding.evidence
    parts = []
    if evidence.line:
        parts.append(translate("FindingsTree", "line {line}").format(line=evidence.line))
    if evidence.layer is not None:
        parts.append(translate("FindingsTree", "layer {layer}").format(
            layer=evidence.layer + 1))
    if evidence.path:
        parts.append(evidence.path)
    return ", ".join(parts)


class FindingsTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("Finding"), self.tr("Where"), self.tr("Rule"),
                              self.tr("Also")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        # The title is what a reader scans: it takes the room, the short columns fit.
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def show_findings(self, findings: list[Finding]) -> None:
        self.clear()
        for severity in SEVERITIES:
            chosen = [f for f in findings if f.severity == severity]
            if not chosen:
                continue
            group = QTreeWidgetItem([translate("FindingsTree", GROUP_TITLES[severity]).format(
                count=len(chosen))])
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(group)
            for finding in chosen:
                marks = self.tr(" · fix") if finding.fix is not None else ""
                item = QTreeWidgetItem([finding.title + marks, where(finding), finding.id,
                                        ", ".join(finding.peer_ids)])
                item.setToolTip(0, finding.why)
                item.setData(0, FINDING_ROLE, finding)
                group.addChild(item)
            group.setExpanded(True)

    def selected_finding(self) -> Finding | None:
        item = self.currentItem()
        value = item.data(0, FINDING_ROLE) if item is not None else None
        return value if isinstance(value, Finding) else None

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        items = (self.topLevelItem(g) for g in range(self.topLevelItemCount()))
        for group in (g for g in items if g is not None):
            children = (group.child(c) for c in range(group.childCount()))
            values = (c.data(0, FINDING_ROLE) for c in children if c is not None)
            found.extend(v for v in values if isinstance(v, Finding))
        return found
