"""Run the measurement connectors of a campaign and keep their readings beside the units' answers.

Which criteria are measured is the framework's declaration (``source: measured`` and ``measure:
connector.figure``); a unit's portal address is ``UnitPortal``; the statistics connector reads
the file it is given. A reading never touches ``Answer`` or ``Verification``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chiso.campaigns.models import Campaign
from chiso.measure import Connector, Reading, Target
from chiso.measure.dvc_stats import DvcStatsConnector
from chiso.measure.portal import PortalConnector
from chiso.scoring.model import InputKind, ValueSource
from chiso.sources.models import UnitPortal
from chiso.sources.services import campaign_frameworks, measurement_record
from chiso.units.models import Unit

CONNECTORS = ("portal", "dvc_stats")
UNKNOWN_CONNECTOR = "không có connector «{name}» (có: {known})"
NEEDS_FILE = "connector dvc_stats cần tệp thống kê xuất từ Cổng dịch vụ công (--file)"


@dataclass
class MeasureReport:
    recorded: int = 0
    measured: int = 0  # of which with a value
    no_address: list[str] = field(default_factory=list)  # units without a portal address
    lines: list[str] = field(default_factory=list)


def _targets(campaign: Campaign, connector: str) -> tuple[list[Target], dict[str, Any], list[str]]:
    """Targets of ``connector``, the criteria by code, units lacking a portal address."""
    targets: list[Target] = []
    criteria: dict[str, Any] = {}
    missing: list[str] = []
    portals = dict(UnitPortal.objects.values_list("unit_id", "url"))
    for level, framework in campaign_frameworks(campaign):
        measured = [
            c
            for c in framework.leaves()
            if c.source is ValueSource.MEASURED and c.measure and c.measure.connector == connector
        ]
        if not measured:
            continue
        forms = campaign.forms.filter(framework__level=level).select_related("unit")
        for form in forms.order_by("unit__code"):
            address = portals.get(form.unit_id, "")
            if connector == "portal" and not address:
                missing.append(form.unit.code)
                continue
            for item in measured:
                if item.measure is None:  # ``measured`` holds measured criteria only
                    continue
                criteria[item.code] = item
                targets.append(Target(form.unit.code, item.code, item.measure.what, address))
    return targets, criteria, missing


def _store(
    campaign: Campaign, readings: Iterable[Reading], report: MeasureReport, actor: Any
) -> None:
    units = {
        u.code: u
        for u in Unit.objects.filter(era=campaign.era, province_code=campaign.province_code)
    }
    for reading in readings:
        unit = units.get(reading.unit)
        if unit is None:
            continue
        measurement_record(
            campaign=campaign,
            unit=unit,
            criterion=reading.criterion,
            connector=reading.source,
            what=reading.what,
            value=reading.value,
            detail=reading.detail,
            source_ref=reading.source_ref,
            measured_at=reading.measured_at,
            raw=reading.evidence,
            raw_name=reading.evidence_name,
            actor=actor,
        )
        report.recorded += 1
        report.measured += reading.value is not None
        shown = "—" if reading.value is None else reading.value
        report.lines.append(
            f"{unit.code} {unit.name} · {reading.criterion}: {shown} ({reading.detail})"
        )


def measure_campaign(
    *,
    campaign: Campaign,
    connector: str | None = None,
    stats: tuple[str, bytes] | None = None,
    actor: Any = None,
    portal: Connector | None = None,
) -> MeasureReport:
    """Measure the campaign's measured criteria with one connector or all that can run.

    ``stats``: (file name, bytes) of the public-service portal's export for ``dvc_stats``;
    its problems raise ``StatsError`` before anything is stored.
    """
    if connector is not None and connector not in CONNECTORS:
        raise ValueError(UNKNOWN_CONNECTOR.format(name=connector, known=", ".join(CONNECTORS)))
    if connector == "dvc_stats" and stats is None:
        raise ValueError(NEEDS_FILE)
    report = MeasureReport()
    if connector in (None, "portal"):
        targets, _, missing = _targets(campaign, "portal")
        report.no_address = missing
        _store(campaign, (portal or PortalConnector()).measure(targets), report, actor)
    if connector in (None, "dvc_stats") and stats is not None:
        targets, criteria, _ = _targets(campaign, "dvc_stats")
        name, data = stats
        reader = DvcStatsConnector(
            data,
            name,
            percentage=lambda code: criteria[code].input.kind is InputKind.PERCENTAGE,
        )
        readings = list(reader.measure(targets))  # read all first: a bad file stores nothing
        _store(campaign, readings, report, actor)
    return report
