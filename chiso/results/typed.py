"""The published results as one typed, immutable object (issue 17): what a snapshot's figures say.

``from_figures(data)`` reads the figures of a snapshot or a draft (the JSON data of
``figures.py``, schema "chiso-results/1", docs/results.md "Open data") into frozen dataclasses;
``Results.to_figures()`` writes them back. The round trip is exact — same keys, same texts, same
numbers — so the snapshot stays what it is (the legal record: its bytes and its SHA-256 are
those of the JSON data) and the typed object is only a better way to read it.

Every record keeps which of its keys the data had (``Shape``): a snapshot published before a key
existed (or the empty ``{"cohorts": []}`` of some tests) gives back exactly what it held, and
the keys written only when they say something (``previous_note``, ``not_applicable``,
``scaling``, ``crosswalk``) are written only when they were read. Field names are the JSON keys
(``from_`` for ``from``), so templates read a typed record as they read the dict.

Points stay the published texts (``points`` "43.80", ``points_exact`` "43.8" or "26/3");
``exact`` gives the ``Fraction``. No Django import here (``pyproject.toml``'s import contract):
the documents' layer and the tests can read it without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

Json = Any


@dataclass(frozen=True, slots=True)
class Shape:
    """Which known keys a record lacked and which unknown ones it had (in the data's order)."""

    absent: frozenset[str] = frozenset()
    extra: tuple[tuple[str, Json], ...] = ()


PLAIN = Shape()
# (id of a record kind's keys, the keys a record had in its order) -> its shape, when it had no
# unknown key: a national snapshot has ~400,000 records of a few dozen shapes.
_KNOWN: dict[tuple[int, tuple[str, ...]], Shape] = {}


def _shape(data: Mapping[str, Json], keys: tuple[str, ...]) -> Shape:
    """The record's shape against ``keys`` (shared: records of one kind have the same keys)."""
    names = tuple(data)
    found = _KNOWN.get((id(keys), names))
    if found is not None:
        return found
    absent = frozenset(k for k in keys if k not in data)
    extra = tuple((k, v) for k, v in data.items() if k not in keys)
    if extra:
        return Shape(absent, extra)
    shape = Shape(absent) if absent else PLAIN
    return _KNOWN.setdefault((id(keys), names), shape)


# (id of a record kind's keys, the keys a shape lacks) -> the leading keys written, when the keys
# lacked are the last ones (an item without ``not_applicable``, a cohort without ``unit_count``):
# most records a national snapshot writes that are not ``PLAIN``.
_LEADING: dict[tuple[int, frozenset[str]], tuple[str, ...] | None] = {}


def _leading(keys: tuple[str, ...], absent: frozenset[str]) -> tuple[str, ...] | None:
    found = _LEADING.get((id(keys), absent), ())
    if found != ():
        return found
    kept = tuple(k for k in keys if k not in absent)
    leading = kept if kept == keys[: len(kept)] else None
    return _LEADING.setdefault((id(keys), absent), leading)


def _out(keys: tuple[str, ...], values: tuple[Json, ...], shape: Shape) -> dict[str, Json]:
    """The record's JSON: its keys in the order ``figures.py`` writes them, as read."""
    if shape is PLAIN:
        return dict(zip(keys, values, strict=True))
    leading = _leading(keys, shape.absent)
    if leading is not None:  # zip stops with the keys: the values of the keys lacked are left
        found = dict(zip(leading, values, strict=False))
    else:
        found = {k: v for k, v in zip(keys, values, strict=True) if k not in shape.absent}
    found.update(shape.extra)
    return found


def _exact(text: str | None) -> Fraction | None:
    return None if text is None else Fraction(text)


def _tuple(values: Iterable[Json] | None) -> tuple[Json, ...] | None:
    return None if values is None else tuple(values)


def _list(values: Iterable[Json] | None) -> list[Json] | None:
    return None if values is None else list(values)


# --- The campaign ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Province:
    era: str
    code: str
    name: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("era", "code", "name")

    @classmethod
    def read(cls, d: Json) -> Province:
        return cls(d.get("era"), d.get("code"), d.get("name"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.era, self.code, self.name), self.shape)


@dataclass(frozen=True, slots=True)
class Campaign:
    name: str
    year: int
    province: Province | None
    deadline: str
    grace_until: str
    exclude_late: bool
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "year",
        "province",
        "deadline",
        "grace_until",
        "exclude_late",
    )

    @classmethod
    def read(cls, d: Json) -> Campaign:
        province = d.get("province")
        return cls(
            d.get("name"),
            d.get("year"),
            None if province is None else Province.read(province),
            d.get("deadline"),
            d.get("grace_until"),
            d.get("exclude_late"),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        province = None if self.province is None else self.province.write()
        values = (self.name, self.year, province, self.deadline, self.grace_until)
        return _out(self.KEYS, (*values, self.exclude_late), self.shape)


@dataclass(frozen=True, slots=True)
class PreviousYear:
    """The year compared with and the snapshots read for it (``selectors.snapshot_source``)."""

    year: int
    sources: tuple[Json, ...] | None
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("year", "sources")

    @classmethod
    def read(cls, d: Json) -> PreviousYear:
        return cls(d.get("year"), _tuple(d.get("sources")), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.year, _list(self.sources)), self.shape)


# --- A cohort's framework and sections ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    code: str
    name: str
    version: str
    legal_basis: str
    sha256: str
    max_points: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "code",
        "name",
        "version",
        "legal_basis",
        "sha256",
        "max_points",
    )

    @classmethod
    def read(cls, d: Json) -> FrameworkInfo:
        g = d.get
        values = (g("code"), g("name"), g("version"), g("legal_basis"), g("sha256"))
        return cls(*values, g("max_points"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        values = (self.code, self.name, self.version, self.legal_basis, self.sha256)
        return _out(self.KEYS, (*values, self.max_points), self.shape)


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name: str
    max_points: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("code", "name", "max_points")

    @classmethod
    def read(cls, d: Json) -> Group:
        return cls(d.get("code"), d.get("name"), d.get("max_points"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.code, self.name, self.max_points), self.shape)


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """One criterion of the section's frame, depth first, with its group and depth."""

    code: str
    name: str
    group: str
    depth: int
    max_points: str
    legal_basis: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "code",
        "name",
        "group",
        "depth",
        "max_points",
        "legal_basis",
    )

    @classmethod
    def read(cls, d: Json) -> CriterionRow:
        g = d.get
        values = (g("code"), g("name"), g("group"), g("depth"), g("max_points"))
        return cls(*values, g("legal_basis"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        values = (self.code, self.name, self.group, self.depth, self.max_points)
        return _out(self.KEYS, (*values, self.legal_basis), self.shape)


@dataclass(frozen=True, slots=True)
class Counts:
    """Units of the cohort in a section: all, scored, ranked, and per level (``previous_counts``
    has no ``scored``: its shape says so)."""

    units: int
    scored: int | None
    ranked: int
    per_level: Mapping[str, int]
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("units", "scored", "ranked", "per_level")

    @classmethod
    def read(cls, d: Json) -> Counts:
        per_level = d.get("per_level")
        return cls(
            d.get("units"),
            d.get("scored"),
            d.get("ranked"),
            {} if per_level is None else dict(per_level),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        values = (self.units, self.scored, self.ranked, dict(self.per_level))
        return _out(self.KEYS, values, self.shape)


@dataclass(frozen=True, slots=True)
class RankedEntry:
    rank: int
    unit: str
    name: str
    points: str
    points_exact: str
    level: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("rank", "unit", "name", "points", "points_exact", "level")

    @property
    def exact(self) -> Fraction | None:
        return _exact(self.points_exact)

    @classmethod
    def read(cls, d: Json) -> RankedEntry:
        g = d.get
        values = (g("rank"), g("unit"), g("name"), g("points"), g("points_exact"))
        return cls(*values, g("level"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        values = (self.rank, self.unit, self.name, self.points, self.points_exact)
        return _out(self.KEYS, (*values, self.level), self.shape)


@dataclass(frozen=True, slots=True)
class NotRankedEntry:
    """A unit of the section not ranked and why (no points: its form was not scored)."""

    unit: str
    name: str
    points: str | None
    points_exact: str | None
    level: str
    reason: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("unit", "name", "points", "points_exact", "level", "reason")

    @property
    def exact(self) -> Fraction | None:
        return _exact(self.points_exact)

    @classmethod
    def read(cls, d: Json) -> NotRankedEntry:
        g = d.get
        values = (g("unit"), g("name"), g("points"), g("points_exact"), g("level"))
        return cls(*values, g("reason"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        values = (self.unit, self.name, self.points, self.points_exact, self.level)
        return _out(self.KEYS, (*values, self.reason), self.shape)


@dataclass(frozen=True, slots=True)
class Stat:
    """The cohort's mean and best points of an item, over the units it applies to."""

    mean: str | None
    best: str | None
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("mean", "best")

    @classmethod
    def read(cls, d: Json) -> Stat:
        return cls(d.get("mean"), d.get("best"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.mean, self.best), self.shape)


def _read_all(cls: Any, rows: Iterable[Mapping[str, Json]] | None) -> Any:
    return None if rows is None else tuple(cls.read(r) for r in rows)


def _write_all(rows: Iterable[Any] | None) -> list[dict[str, Json]] | None:
    return None if rows is None else [r.write() for r in rows]


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a cohort: its frame (levels, groups, criteria), counts now and last year,
    the ranking, the units not ranked and the cohort's stats per item."""

    code: str
    name: str
    max_points: str
    levels: tuple[str, ...]
    below: str
    groups: tuple[Group, ...]
    criteria: tuple[CriterionRow, ...]
    counts: Counts | None
    previous_counts: Counts | None
    ranking: tuple[RankedEntry, ...]
    not_ranked: tuple[NotRankedEntry, ...]
    stats: Mapping[str, Stat]
    previous_note: str | None = None
    shape: Shape = PLAIN

    FRAME_KEYS: ClassVar[tuple[str, ...]] = (
        "code",
        "name",
        "max_points",
        "levels",
        "below",
        "groups",
        "criteria",
    )
    KEYS: ClassVar[tuple[str, ...]] = (
        *FRAME_KEYS,
        "counts",
        "previous_counts",
        "ranking",
        "not_ranked",
        "stats",
    )
    KEYS += ("previous_note",)

    @classmethod
    def read(cls, d: Json) -> Section:
        g = d.get
        counts, before, stats = g("counts"), g("previous_counts"), g("stats")
        return cls(
            g("code"),
            g("name"),
            g("max_points"),
            _tuple(g("levels")) or (),
            g("below"),
            _read_all(Group, g("groups")) or (),
            _read_all(CriterionRow, g("criteria")) or (),
            None if counts is None else Counts.read(counts),
            None if before is None else Counts.read(before),
            _read_all(RankedEntry, g("ranking")) or (),
            _read_all(NotRankedEntry, g("not_ranked")) or (),
            {} if stats is None else {k: Stat.read(v) for k, v in stats.items()},
            g("previous_note"),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        values = (
            self.code,
            self.name,
            self.max_points,
            list(self.levels),
            self.below,
            _write_all(self.groups),
            _write_all(self.criteria),
            None if self.counts is None else self.counts.write(),
            None if self.previous_counts is None else self.previous_counts.write(),
            _write_all(self.ranking),
            _write_all(self.not_ranked),
            {k: v.write() for k, v in self.stats.items()},
            self.previous_note,
        )
        return _out(self.KEYS, values, self.shape)


# --- A unit's figures --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("code", "name")

    @classmethod
    def read(cls, d: Json) -> District:
        return cls(d.get("code"), d.get("name"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.code, self.name), self.shape)


@dataclass(frozen=True, slots=True)
class Points:
    """A figure as published ("43.80") and exact ("43.8", "26/3")."""

    points: str
    points_exact: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("points", "points_exact")

    @property
    def exact(self) -> Fraction | None:
        return _exact(self.points_exact)

    @classmethod
    def read(cls, d: Json) -> Points:
        return cls(d.get("points"), d.get("points_exact"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.points, self.points_exact), self.shape)


@dataclass(frozen=True, slots=True)
class Above:
    """How many other scored units of the cohort have strictly fewer points, of how many."""

    above: int
    of: int
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("above", "of")

    @classmethod
    def read(cls, d: Json) -> Above:
        return cls(d.get("above"), d.get("of"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.above, self.of), self.shape)


@dataclass(frozen=True, slots=True)
class Item:
    """A group's or criterion's points for the unit and its place in the cohort
    (``not_applicable``: compared with no one, ``above`` and ``of`` 0)."""

    points: str
    points_exact: str
    above: int
    of: int
    not_applicable: bool | None = None
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("points", "points_exact", "above", "of", "not_applicable")

    @property
    def exact(self) -> Fraction | None:
        return _exact(self.points_exact)

    @classmethod
    def read(cls, d: Json) -> Item:
        g = d.get
        values = (g("points"), g("points_exact"), g("above"), g("of"), g("not_applicable"))
        return cls(*values, _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        values = (self.points, self.points_exact, self.above, self.of, self.not_applicable)
        return _out(self.KEYS, values, self.shape)


@dataclass(frozen=True, slots=True)
class Room:
    """Where a shortfall can be made up: a criterion and the points it has left."""

    code: str
    name: str
    points_left: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("code", "name", "points_left")

    @classmethod
    def read(cls, d: Json) -> Room:
        return cls(d.get("code"), d.get("name"), d.get("points_left"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.code, self.name, self.points_left), self.shape)


@dataclass(frozen=True, slots=True)
class Shortfall:
    item: str
    label: str
    has: str
    needed: str
    gap: str
    where: tuple[Room, ...]
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("item", "label", "has", "needed", "gap", "where")

    @classmethod
    def read(cls, d: Json) -> Shortfall:
        g = d.get
        values = (g("item"), g("label"), g("has"), g("needed"), g("gap"))
        return cls(*values, _read_all(Room, g("where")), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        values = (self.item, self.label, self.has, self.needed, self.gap)
        return _out(self.KEYS, (*values, _write_all(self.where)), self.shape)


@dataclass(frozen=True, slots=True)
class NextLevel:
    """The next level up and what the unit lacks to reach it."""

    level: str
    shortfalls: tuple[Shortfall, ...]
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("level", "shortfalls")

    @classmethod
    def read(cls, d: Json) -> NextLevel:
        shortfalls = _read_all(Shortfall, d.get("shortfalls"))
        return cls(d.get("level"), shortfalls, _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.level, _write_all(self.shortfalls)), self.shape)


@dataclass(frozen=True, slots=True)
class Source:
    """A unit last year's figure was read from (itself, or a predecessor before the reform)."""

    unit: str
    name: str
    whole: bool
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("unit", "name", "whole")

    @classmethod
    def read(cls, d: Json) -> Source:
        return cls(d.get("unit"), d.get("name"), d.get("whole"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.unit, self.name, self.whole), self.shape)


@dataclass(frozen=True, slots=True)
class Crosswalk:
    framework: str
    section: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("framework", "section")

    @classmethod
    def read(cls, d: Json) -> Crosswalk:
        return cls(d.get("framework"), d.get("section"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.framework, self.section), self.shape)


@dataclass(frozen=True, slots=True)
class PreviousFigure:
    """Last year's figure of the unit in a section, how it was derived (``previous.py``), the
    change, and last year's points of each item that means the same."""

    basis: str
    derivation: str
    from_: tuple[Source, ...]
    points: str
    points_exact: str
    change: str
    rank: int | None
    level: str | None
    level_index: int | None
    level_change: str | None
    items: Mapping[str, str]
    crosswalk: Crosswalk | None = None
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "basis",
        "derivation",
        "from",
        "points",
        "points_exact",
        "change",
        "rank",
        "level",
    )
    KEYS += ("level_index", "level_change", "items", "crosswalk")

    @property
    def exact(self) -> Fraction | None:
        return _exact(self.points_exact)

    @classmethod
    def read(cls, d: Json) -> PreviousFigure:
        g = d.get
        items, crosswalk = g("items"), g("crosswalk")
        return cls(
            g("basis"),
            g("derivation"),
            _read_all(Source, g("from")),
            g("points"),
            g("points_exact"),
            g("change"),
            g("rank"),
            g("level"),
            g("level_index"),
            g("level_change"),
            {} if items is None else dict(items),
            None if crosswalk is None else Crosswalk.read(crosswalk),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        values = (
            self.basis,
            self.derivation,
            _write_all(self.from_),
            self.points,
            self.points_exact,
            self.change,
            self.rank,
            self.level,
            self.level_index,
            self.level_change,
            dict(self.items),
            None if self.crosswalk is None else self.crosswalk.write(),
        )
        return _out(self.KEYS, values, self.shape)


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """A group or criterion that did not apply to the unit, and why."""

    code: str
    name: str
    reason: str
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("code", "name", "reason")

    @classmethod
    def read(cls, d: Json) -> NotApplicable:
        return cls(d.get("code"), d.get("name"), d.get("reason"), _shape(d, cls.KEYS))

    def write(self) -> dict[str, Json]:
        return _out(self.KEYS, (self.code, self.name, self.reason), self.shape)


@dataclass(frozen=True, slots=True)
class UnitSection:
    """A unit's figures in one section: points, level, rank or why not, its place in the
    cohort, each item's points, the next level, last year's figure (or why it does not
    compare), and what did not apply."""

    code: str
    points: str
    points_exact: str
    level: str
    level_index: int | None
    rank: int | None
    reason_code: str
    reason: str
    above: Above | None
    items: Mapping[str, Item]
    next_level: NextLevel | None
    previous: PreviousFigure | None
    not_applicable: tuple[NotApplicable, ...] | None = None
    scaling: str | None = None
    previous_note: str | None = None
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "code",
        "points",
        "points_exact",
        "level",
        "level_index",
        "rank",
        "reason_code",
    )
    KEYS += ("reason", "above", "items", "next_level", "previous", "not_applicable", "scaling")
    KEYS += ("previous_note",)

    @property
    def exact(self) -> Fraction | None:
        return _exact(self.points_exact)

    @classmethod
    def read(cls, d: Json) -> UnitSection:
        g = d.get
        above, items, nxt, before = g("above"), g("items"), g("next_level"), g("previous")
        return cls(
            g("code"),
            g("points"),
            g("points_exact"),
            g("level"),
            g("level_index"),
            g("rank"),
            g("reason_code"),
            g("reason"),
            None if above is None else Above.read(above),
            {} if items is None else {k: Item.read(v) for k, v in items.items()},
            None if nxt is None else NextLevel.read(nxt),
            None if before is None else PreviousFigure.read(before),
            _read_all(NotApplicable, g("not_applicable")),
            g("scaling"),
            g("previous_note"),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        values = (
            self.code,
            self.points,
            self.points_exact,
            self.level,
            self.level_index,
            self.rank,
            self.reason_code,
            self.reason,
            None if self.above is None else self.above.write(),
            {k: v.write() for k, v in self.items.items()},
            None if self.next_level is None else self.next_level.write(),
            None if self.previous is None else self.previous.write(),
            _write_all(self.not_applicable),
            self.scaling,
            self.previous_note,
        )
        return _out(self.KEYS, values, self.shape)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of a cohort: who it is, its form's state, why it is not ranked, its total and its
    figures per section (none when its form was not scored)."""

    unit: str
    name: str
    kind: str
    kind_label: str
    district: District | None
    status: str
    verified: bool
    late: bool
    submitted_on: str | None
    reason_code: str
    reason: str
    total: Points | None
    sections: tuple[UnitSection, ...]
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "unit",
        "name",
        "kind",
        "kind_label",
        "district",
        "status",
        "verified",
        "late",
    )
    KEYS += ("submitted_on", "reason_code", "reason", "total", "sections")

    def section(self, code: str) -> UnitSection | None:
        return next((s for s in self.sections if s.code == code), None)

    @classmethod
    def read(cls, d: Json) -> Unit:
        g = d.get
        district, total = g("district"), g("total")
        return cls(
            g("unit"),
            g("name"),
            g("kind"),
            g("kind_label"),
            None if district is None else District.read(district),
            g("status"),
            g("verified"),
            g("late"),
            g("submitted_on"),
            g("reason_code"),
            g("reason"),
            None if total is None else Points.read(total),
            _read_all(UnitSection, g("sections")) or (),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        values = (
            self.unit,
            self.name,
            self.kind,
            self.kind_label,
            None if self.district is None else self.district.write(),
            self.status,
            self.verified,
            self.late,
            self.submitted_on,
            self.reason_code,
            self.reason,
            None if self.total is None else self.total.write(),
            _write_all(self.sections),
        )
        return _out(self.KEYS, values, self.shape)


# --- The whole -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cohort:
    """The units of one level (districts, communes, agencies), ranked by one framework."""

    level: str
    level_label: str
    framework: FrameworkInfo | None
    sections: tuple[Section, ...]
    units: tuple[Unit, ...]
    # ``unit_count``: only in the heads a unit's report reads (``parts.report_heads``), which
    # leave the units out.
    unit_count: int | None = None
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = (
        "level",
        "level_label",
        "framework",
        "sections",
        "units",
        "unit_count",
    )

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.unit == code), None)

    @classmethod
    def read(cls, d: Json) -> Cohort:
        g = d.get
        framework = g("framework")
        return cls(
            g("level"),
            g("level_label"),
            None if framework is None else FrameworkInfo.read(framework),
            _read_all(Section, g("sections")) or (),
            _read_all(Unit, g("units")) or (),
            g("unit_count"),
            _shape(d, cls.KEYS),
        )

    def write(self) -> dict[str, Json]:
        values = (
            self.level,
            self.level_label,
            None if self.framework is None else self.framework.write(),
            _write_all(self.sections),
            _write_all(self.units),
            self.unit_count,
        )
        return _out(self.KEYS, values, self.shape)


@dataclass(frozen=True, slots=True)
class Results:
    """A campaign's published (or draft) results: the campaign, the year compared with, and its
    cohorts in the order of the published decisions."""

    schema: str | None
    campaign: Campaign | None
    provisional: bool | None
    previous: PreviousYear | None
    cohorts: tuple[Cohort, ...]
    shape: Shape = PLAIN

    KEYS: ClassVar[tuple[str, ...]] = ("schema", "campaign", "provisional", "previous", "cohorts")

    @property
    def previous_year(self) -> int | None:
        return None if self.previous is None else self.previous.year

    def cohort(self, level: str) -> Cohort | None:
        return next((c for c in self.cohorts if c.level == level), None)

    def unit(self, code: str) -> tuple[Cohort, Unit] | None:
        """The first unit of that code and its cohort."""
        for cohort in self.cohorts:
            found = cohort.unit(code)
            if found is not None:
                return cohort, found
        return None

    @classmethod
    def read(cls, d: Json) -> Results:
        g = d.get
        campaign, previous = g("campaign"), g("previous")
        return cls(
            g("schema"),
            None if campaign is None else Campaign.read(campaign),
            g("provisional"),
            None if previous is None else PreviousYear.read(previous),
            _read_all(Cohort, g("cohorts")) or (),
            _shape(d, cls.KEYS),
        )

    def to_figures(self) -> dict[str, Json]:
        """The JSON data this was read from, exactly (what the checksum covers)."""
        values = (
            self.schema,
            None if self.campaign is None else self.campaign.write(),
            self.provisional,
            None if self.previous is None else self.previous.write(),
            _write_all(self.cohorts),
        )
        return _out(self.KEYS, values, self.shape)


def from_figures(data: Mapping[str, Json]) -> Results:
    """The typed results of a snapshot's (or a draft's) figures."""
    return Results.read(data)
