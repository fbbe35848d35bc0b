"""Framework files (YAML) → validated ``Framework`` objects.

Every problem in a file is collected and reported together, each naming the file, the item
and what is wrong. A file may ``extend`` another framework (2392 Điều 4 lets provinces adapt
the national criteria) and list its ``changes``; the result is validated as a whole.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from chiso.scoring.errors import FrameworkError, Problem
from chiso.scoring.model import (
    UNIT_KINDS,
    AppliesTo,
    Band,
    Bands,
    Classification,
    Criterion,
    Difference,
    Framework,
    Group,
    GroupRole,
    InputKind,
    InputSpec,
    Ladder,
    LegalBasis,
    Level,
    Measure,
    NaScaling,
    Provenance,
    Section,
    Tag,
    ValueSource,
    ZeroDenominator,
)
from chiso.scoring.numbers import ONE, ZERO, fmt_number, to_fraction
from chiso.scoring.rules import (
    ISSUED_IN_YEAR,
    RULE_TYPES,
    ByDate,
    Choice,
    DateTier,
    Document,
    Option,
    PerItem,
    Proportional,
    Rule,
    Tier,
    Tiers,
    YesNo,
)
from chiso.scoring.sources import MEASURES

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "frameworks"

FRAMEWORK_KEYS = {
    "schema",
    "code",
    "name",
    "version",
    "issuer",
    "unit_kinds",
    "legal_basis",
    "provenance",
    "notes",
    "sections",
    "extends",
    "changes",
    "precision",
    "tags",
    "na_scaling",
    "zero_denominator",
    "total_may_exceed_scale",
    "total_may_fall_below_zero",
}
SECTION_KEYS = {
    "code",
    "name",
    "max_points",
    "legal_basis",
    "provenance",
    "classification",
    "groups",
    "note",
}
GROUP_KEYS = {
    "code",
    "name",
    "max_points",
    "legal_basis",
    "provenance",
    "criteria",
    "note",
    "applies_to",
    "allow_unit_not_applicable",
    "role",
    "cap",
    "weight",
}
CRITERION_KEYS = {
    "code",
    "name",
    "max_points",
    "legal_basis",
    "provenance",
    "input",
    "rule",
    "criteria",
    "guidance",
    "evidence",
    "required",
    "note",
    "applies_to",
    "allow_unit_not_applicable",
    "source",
    "measure",
    "tolerance",
}
INPUT_KEYS = {
    "kind",
    "unit",
    "numerator",
    "denominator",
    "minimum",
    "maximum",
    "allow_over",
    "zero_denominator",
}
APPLIES_TO_KEYS = {"kinds", "tags", "without_tags"}
SETTABLE_KEYS = {
    "name",
    "max_points",
    "legal_basis",
    "provenance",
    "input",
    "rule",
    "guidance",
    "evidence",
    "required",
    "note",
    "classification",
    "applies_to",
    "allow_unit_not_applicable",
    "cap",
    "weight",
    "source",
    "measure",
    "tolerance",
}


class _DecimalLoader(yaml.SafeLoader):
    """Safe YAML whose decimals stay exact: ``84.25`` is Decimal('84.25'), never a float."""


# The same loader on libyaml's parser (the same resolver and constructors, in Python), about ten
# times faster: reading the shipped frameworks took seconds in every process that opened one.
_FastDecimalLoader: type[yaml.SafeLoader] = type(
    "_FastDecimalLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {}
)


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    return Decimal(text)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
_FastDecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def read_yaml(path: Path) -> Any:
    """The file's data; a file that is not valid YAML raises the pure-Python parser's error,
    whose message shows the line with a caret under the problem (libyaml's shows no line)."""
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_FastDecimalLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass


class _Builder:
    """Builds one framework from its resolved mapping, collecting problems as it goes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}
        self.criteria: dict[str, Criterion] = {}
        self.groups: dict[str, Group] = {}
        self.kinds: tuple[str, ...] = ()
        self.tags: dict[str, str] = {}
        self.zero_denominator = ZeroDenominator.ZERO
        self.na_scaling: NaScaling | None = None
        self.may_exceed_scale = False
        self.may_fall_below_zero = False
        self.not_applicable_possible: list[str] = []  # items that may be không áp dụng
        self.clamp_keys: set[str] = set()

    def fail(self, item: str, message: str) -> None:
        self.problems.append(Problem(self.source, item, message))

    # -- small typed readers ---------------------------------------------------------------
    def text(self, data: Mapping[str, Any], key: str, item: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(item, f"thiếu '{key}'")
            return ""
        if not isinstance(value, str):
            self.fail(item, f"'{key}' phải là chuỗi, không phải {value!r}")
            return ""
        return value.strip()

    def number(self, value: Any, item: str, what: str) -> Fraction | None:
        if isinstance(value, bool) or value is None:
            self.fail(item, f"'{what}' phải là số")
            return None
        try:
            return to_fraction(value)
        except ValueError:
            self.fail(item, f"'{what}' phải là số, không phải {value!r}")
            return None

    def max_points(self, data: Mapping[str, Any], item: str) -> Fraction:
        if "max_points" not in data:
            self.fail(item, "thiếu 'max_points'")
            return ZERO
        value = self.number(data["max_points"], item, "max_points")
        if value is not None and value <= 0:
            self.fail(item, "'max_points' phải dương")
        return value or ZERO

    def keys(self, data: Mapping[str, Any], allowed: set[str], item: str) -> None:
        for key in sorted(set(data) - allowed):
            self.fail(
                item, f"khóa không hợp lệ '{key}' (có thể dùng: {', '.join(sorted(allowed))})"
            )

    def mapping(self, data: Any, item: str, what: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.fail(item, f"{what} phải là một bảng khóa: giá trị")
            return {}
        return data

    def items(self, data: Mapping[str, Any], key: str, item: str) -> list[Mapping[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.fail(item, f"'{key}' phải là một danh sách không rỗng")
            return []
        return [self.mapping(v, item, f"mỗi phần tử của '{key}'") for v in value]

    def code(self, data: Mapping[str, Any], kind: str, fallback: str) -> str:
        code = data.get("code")
        if not isinstance(code, str) or not code.strip():
            self.fail(fallback, f"{kind} thiếu 'code' (chuỗi)")
            return fallback
        code = code.strip()
        if code in self.codes:
            self.fail(code, f"mã trùng: đã dùng cho một {self.codes[code]} khác")
        self.codes[code] = kind
        return code

    def provenance(self, data: Mapping[str, Any], item: str, inherited: Provenance) -> Provenance:
        value = data.get("provenance")
        if value is None:
            return inherited
        try:
            return Provenance(value)
        except ValueError:
            allowed = ", ".join(p.value for p in Provenance)
            self.fail(item, f"'provenance' không hợp lệ {value!r} (có thể dùng: {allowed})")
            return inherited

    def legal_basis(
        self, data: Mapping[str, Any], item: str, inherited: LegalBasis | None
    ) -> LegalBasis | None:
        value = data.get("legal_basis")
        if value is None:
            return inherited
        if isinstance(value, str):
            value = {"item": value}
        value = self.mapping(value, item, "'legal_basis'")
        self.keys(value, {"document", "article", "item"}, item)
        parts = {k: str(value.get(k) or "").strip() for k in ("document", "article", "item")}
        base = inherited or LegalBasis("")
        return LegalBasis(
            document=parts["document"] or base.document,
            article=parts["article"] or base.article,
            item=parts["item"] if parts["item"] or parts["article"] else base.item,
        )

    # -- the tree ------------------------------------------------------------------------------
    def framework(self, data: Mapping[str, Any], differences: tuple[Difference, ...]) -> Framework:
        self.keys(data, FRAMEWORK_KEYS, "bộ tiêu chí")
        code = self.text(data, "code", "bộ tiêu chí")
        basis = self.legal_basis(data, code or "bộ tiêu chí", None)
        if basis is None or not basis.document:
            self.fail(code, "thiếu căn cứ pháp lý ('legal_basis.document') của bộ tiêu chí")
            basis = LegalBasis("")
        provenance = self.provenance(data, code, Provenance.VERIFIED)
        if "provenance" not in data:
            self.fail(code, "thiếu 'provenance' (verified, reconstructed hoặc provisional)")
        kinds = data.get("unit_kinds")
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
            self.fail(code, "'unit_kinds' phải là danh sách loại đơn vị (ví dụ [huyen, quan])")
            kinds = []
        unknown = [k for k in kinds if k not in UNIT_KINDS]
        if unknown:
            self.fail(
                code,
                f"loại đơn vị không có: {', '.join(unknown)}"
                f" (có thể dùng: {', '.join(UNIT_KINDS)})",
            )
        self.kinds = tuple(kinds)
        self.tags = self.tag_list(data.get("tags"), code)
        self.framework_settings(data, code)
        version = data.get("version")
        precision = data.get("precision", 2)
        if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 6:
            self.fail(code, "'precision' (số chữ số thập phân công bố) phải là số nguyên 0–6")
            precision = 2
        sections = tuple(
            self.section(s, basis, provenance, precision)
            for s in self.items(data, "sections", code)
        )
        if self.not_applicable_possible and self.na_scaling is None:
            self.fail(
                code,
                "có mục có thể không áp dụng ("
                + ", ".join(self.not_applicable_possible[:5])
                + ("…" if len(self.not_applicable_possible) > 5 else "")
                + ") nhưng thiếu 'na_scaling' (proportional hoặc none): phải nói tổng điểm"
                " được quy đổi thế nào",
            )
        return Framework(
            code=code,
            name=self.text(data, "name", code),
            version=str(version) if version is not None else "",
            issuer=self.text(data, "issuer", code, required=False),
            unit_kinds=tuple(kinds),
            legal_basis=basis,
            provenance=provenance,
            sections=sections,
            source=self.source,
            extends=data.get("extends"),
            differences=differences,
            notes=str(data.get("notes") or "").strip(),
            precision=precision,
            tags=tuple(Tag(c, n) for c, n in self.tags.items()),
            na_scaling=self.na_scaling,
            may_exceed_scale=self.may_exceed_scale,
            may_fall_below_zero=self.may_fall_below_zero,
            criteria_by_code=self.criteria,
            groups_by_code=self.groups,
        )

    def tag_list(self, data: Any, item: str) -> dict[str, str]:
        if data is None:
            return {}
        if not isinstance(data, list):
            self.fail(item, "'tags' phải là danh sách {code, name}")
            return {}
        tags: dict[str, str] = {}
        for raw in data:
            raw = self.mapping(raw, item, "mỗi phần tử của 'tags'")
            self.keys(raw, {"code", "name"}, f"{item} / tags")
            code = self.text(raw, "code", f"{item} / tags")
            if code in tags:
                self.fail(f"{item} / tags", f"nhãn trùng: {code}")
            if code:
                tags[code] = self.text(raw, "name", f"{item} / tags / {code}")
        return tags

    def framework_settings(self, data: Mapping[str, Any], item: str) -> None:
        """``na_scaling``, ``zero_denominator`` and the clamp flags of the total."""
        if "na_scaling" in data:
            try:
                self.na_scaling = NaScaling(data["na_scaling"])
            except ValueError:
                allowed = ", ".join(v.value for v in NaScaling)
                self.fail(item, f"'na_scaling' phải là một trong: {allowed}")
        self.zero_denominator = self.zero_rule(data, item, ZeroDenominator.ZERO)
        for key in ("total_may_exceed_scale", "total_may_fall_below_zero"):
            if key in data and not isinstance(data[key], bool):
                self.fail(item, f"'{key}' phải là true hoặc false")
        self.may_exceed_scale = data.get("total_may_exceed_scale") is True
        self.may_fall_below_zero = data.get("total_may_fall_below_zero") is True
        self.clamp_keys = {
            k for k in ("total_may_exceed_scale", "total_may_fall_below_zero") if k in data
        }

    def zero_rule(
        self, data: Mapping[str, Any], item: str, inherited: ZeroDenominator
    ) -> ZeroDenominator:
        if "zero_denominator" not in data:
            return inherited
        try:
            return ZeroDenominator(data["zero_denominator"])
        except ValueError:
            allowed = ", ".join(v.value for v in ZeroDenominator)
            self.fail(item, f"'zero_denominator' phải là một trong: {allowed}")
            return inherited

    def applies_to(self, data: Mapping[str, Any], item: str) -> AppliesTo | None:
        raw = data.get("applies_to")
        if raw is None:
            return None
        raw = self.mapping(raw, item, "'applies_to'")
        self.keys(raw, APPLIES_TO_KEYS, item)
        lists: dict[str, tuple[str, ...]] = {}
        for key in sorted(APPLIES_TO_KEYS):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(item, f"'applies_to.{key}' phải là danh sách chuỗi")
                value = []
            lists[key] = tuple(value)
        for kind in lists["kinds"]:
            if kind not in self.kinds:
                self.fail(
                    item,
                    f"'applies_to.kinds' có loại đơn vị '{kind}' không thuộc 'unit_kinds' của bộ"
                    f" ({', '.join(self.kinds)})",
                )
        for tag in lists["tags"] + lists["without_tags"]:
            if tag not in self.tags:
                self.fail(item, f"nhãn '{tag}' chưa khai báo trong 'tags' của bộ")
        if not any(lists.values()):
            self.fail(item, "'applies_to' cần 'kinds', 'tags' hoặc 'without_tags'")
        self.not_applicable_possible.append(item)
        return AppliesTo(lists["kinds"], lists["tags"], lists["without_tags"])

    def unit_may_declare(self, data: Mapping[str, Any], item: str) -> bool:
        value = data.get("allow_unit_not_applicable", False)
        if not isinstance(value, bool):
            self.fail(item, "'allow_unit_not_applicable' phải là true hoặc false")
            return False
        if value:
            self.not_applicable_possible.append(item)
        return value

    def section(
        self, data: Mapping[str, Any], basis: LegalBasis, provenance: Provenance, precision: int = 2
    ) -> Section:
        code = self.code(data, "hạng mục", "hạng mục")
        self.keys(data, SECTION_KEYS, code)
        max_points = self.max_points(data, code)
        basis = self.legal_basis(data, code, basis) or basis
        provenance = self.provenance(data, code, provenance)
        first_possible = len(self.not_applicable_possible)
        groups = tuple(self.group(g, basis, provenance) for g in self.items(data, "groups", code))
        scored = [g for g in groups if g.role is GroupRole.SCORED]
        weights = [g.weight for g in scored if g.weight is not None]
        if weights and len(weights) != len(scored):
            self.fail(code, "chỉ số có trọng số: mọi nhóm được chấm của hạng mục cần 'weight'")
        if weights:
            self.check_sum(code, max_points, weights, "trọng số các nhóm")
        else:
            self.check_sum(code, max_points, [g.max_points for g in scored], "các nhóm")
        if not scored and groups:
            self.fail(code, "hạng mục cần ít nhất một nhóm được chấm (không phải thưởng/trừ)")
        classification = self.classification(data.get("classification"), code, max_points, groups)
        extras = [g.code for g in groups if g.role is not GroupRole.SCORED or g.weight is not None]
        extras += self.not_applicable_possible[first_possible:]
        if isinstance(classification, Ladder) and extras:
            self.fail(
                code,
                "thang mức (ladder) xét từng nhóm nên không dùng được với trọng số, điểm"
                f" thưởng/trừ hay không áp dụng ({', '.join(extras)}); dùng bands",
            )
        for role, key in (
            (GroupRole.BONUS, "total_may_exceed_scale"),
            (GroupRole.MALUS, "total_may_fall_below_zero"),
        ):
            if any(g.role is role for g in groups) and key not in self.clamp_keys:
                self.fail(
                    code,
                    f"có nhóm {role.value} nên bộ phải nói rõ '{key}' (true hoặc false)",
                )
        return Section(
            code,
            self.text(data, "name", code),
            max_points,
            groups,
            classification,
            basis,
            provenance,
            precision,
            self.na_scaling,
            self.may_exceed_scale,
            self.may_fall_below_zero,
        )

    def group(self, data: Mapping[str, Any], basis: LegalBasis, provenance: Provenance) -> Group:
        code = self.code(data, "nhóm", "nhóm")
        self.keys(data, GROUP_KEYS, code)
        max_points = self.max_points(data, code)
        basis = self.legal_basis(data, code, basis) or basis
        provenance = self.provenance(data, code, provenance)
        applies_to = self.applies_to(data, code)
        declared = self.unit_may_declare(data, code)
        criteria = tuple(
            self.criterion(c, basis, provenance) for c in self.items(data, "criteria", code)
        )
        self.check_sum(code, max_points, [c.max_points for c in criteria], "các tiêu chí")
        try:
            role = GroupRole(data.get("role", "scored"))
        except ValueError:
            self.fail(code, "'role' phải là scored, bonus (điểm thưởng) hoặc malus (điểm trừ)")
            role = GroupRole.SCORED
        cap = weight = None
        if role is GroupRole.SCORED:
            if "cap" in data:
                self.fail(code, "'cap' chỉ dùng cho nhóm điểm thưởng hoặc điểm trừ")
            if "weight" in data:
                weight = self.number(data["weight"], code, "weight")
                if weight is not None and weight <= 0:
                    self.fail(code, "'weight' phải dương")
        else:
            label = "điểm thưởng" if role is GroupRole.BONUS else "điểm trừ"
            if "weight" in data:
                self.fail(code, f"nhóm {label} không có 'weight'")
            if "cap" not in data:
                self.fail(code, f"nhóm {label} cần 'cap' (số điểm tối đa được cộng/trừ)")
            else:
                cap = self.number(data["cap"], code, "cap")
                if cap is not None and not ZERO < cap <= max_points:
                    self.fail(
                        code,
                        f"'cap' phải dương và không quá tổng điểm các tiêu chí"
                        f" ({fmt_number(max_points)})",
                    )
        group = Group(
            code,
            self.text(data, "name", code),
            max_points,
            criteria,
            basis,
            provenance,
            applies_to=applies_to,
            allow_unit_not_applicable=declared,
            role=role,
            cap=cap,
            weight=weight,
        )
        self.groups[code] = group
        return group

    def criterion(
        self, data: Mapping[str, Any], basis: LegalBasis, provenance: Provenance
    ) -> Criterion:
        code = self.code(data, "tiêu chí", "tiêu chí")
        self.keys(data, CRITERION_KEYS, code)
        max_points = self.max_points(data, code)
        own = data.get("legal_basis")
        if not own or (isinstance(own, Mapping) and not (own.get("article") or own.get("item"))):
            # Every criterion names the clause it implements; the document may be inherited.
            self.fail(
                code, "thiếu căn cứ pháp lý ('legal_basis': điều/phụ lục hoặc mục) của tiêu chí"
            )
        own_basis = self.legal_basis(data, code, basis) or basis
        provenance = self.provenance(data, code, provenance)
        applies_to = self.applies_to(data, code)
        declared = self.unit_may_declare(data, code)
        raw_input = data.get("input")
        zero = self.zero_denominator
        if isinstance(raw_input, Mapping):
            zero = self.zero_rule(raw_input, code, zero)
        if (
            zero is ZeroDenominator.NOT_APPLICABLE
            and isinstance(raw_input, Mapping)
            and raw_input.get("kind") == InputKind.RATIO
        ):
            self.not_applicable_possible.append(code)
        children = tuple(
            self.criterion(c, own_basis, provenance)
            for c in (self.items(data, "criteria", code) if "criteria" in data else [])
        )
        spec = None if children else self.input_spec(data.get("input"), code)
        rule = self.rule(data.get("rule"), code, children=bool(children), spec=spec)
        evidence = data.get("evidence", "optional")
        if evidence not in ("required", "optional", "none"):
            self.fail(code, "'evidence' phải là required, optional hoặc none")
        required = data.get("required", not isinstance(rule, RULE_TYPES["appraiser"]))
        if not isinstance(required, bool):
            self.fail(code, "'required' phải là true hoặc false")
            required = True
        criterion = Criterion(
            code=code,
            name=self.text(data, "name", code),
            max_points=max_points,
            rule=rule,
            legal_basis=own_basis,
            provenance=provenance,
            input=spec,
            children=children,
            guidance=str(data.get("guidance") or "").strip(),
            evidence_required=evidence == "required",
            required=required,
            applies_to=applies_to,
            allow_unit_not_applicable=declared,
            zero_denominator=zero,
            **self.value_source(data, code, spec),
        )
        if not own_basis.article and not own_basis.item:
            self.fail(code, "căn cứ pháp lý cần điều/phụ lục ('article') hoặc mục ('item')")
        for problem in rule.problems(criterion):
            self.fail(code, problem)
        self.criteria[code] = criterion
        return criterion

    def value_source(
        self, data: Mapping[str, Any], item: str, spec: InputSpec | None
    ) -> dict[str, Any]:
        """``source``, ``measure`` and ``tolerance`` of a criterion (docs/sources.md)."""
        raw = data.get("source", ValueSource.UNIT.value)
        try:
            source = ValueSource(raw)
        except ValueError:
            allowed = ", ".join(s.value for s in ValueSource)
            self.fail(item, f"'source' không hợp lệ {raw!r} (có thể dùng: {allowed})")
            source = ValueSource.UNIT
        if spec is None and ("source" in data or "measure" in data or "tolerance" in data):
            self.fail(item, "chỉ tiêu chí lá (có 'input') mới khai báo 'source', 'measure'")
        measure = self.measure(data.get("measure"), item, spec) if "measure" in data else None
        if source is ValueSource.MEASURED and measure is None and "measure" not in data:
            self.fail(item, "'source: measured' cần 'measure' (connector và chỉ số đo)")
        if measure is not None and source is not ValueSource.MEASURED:
            self.fail(item, "'measure' chỉ dùng với 'source: measured'")
        tolerance = None
        if "tolerance" in data:
            tolerance = self.number(data["tolerance"], item, "tolerance")
            if tolerance is not None and not ZERO <= tolerance <= 100:
                self.fail(item, "'tolerance' là phần trăm chênh lệch được bỏ qua, từ 0 đến 100")
            tolerance = None if tolerance is None else tolerance / 100
        return {"source": source, "measure": measure, "tolerance": tolerance}

    def measure(self, data: Any, item: str, spec: InputSpec | None) -> Measure | None:
        if isinstance(data, str) and "." in data:
            data = dict(zip(("connector", "what"), data.split(".", 1), strict=True))
        if not isinstance(data, Mapping):
            self.fail(item, "'measure' cần connector và chỉ số đo, ví dụ portal.https")
            return None
        self.keys(data, {"connector", "what"}, item)
        connector, what = str(data.get("connector") or ""), str(data.get("what") or "")
        known = MEASURES.get(connector)
        if known is None:
            allowed = ", ".join(sorted(MEASURES))
            self.fail(item, f"connector đo không có {connector!r} (có thể dùng: {allowed})")
            return None
        kinds = known.get(what)
        if kinds is None:
            allowed = ", ".join(sorted(known))
            self.fail(item, f"connector {connector} không đo {what!r} (có thể dùng: {allowed})")
            return None
        if spec is not None and spec.kind not in kinds:
            allowed = ", ".join(sorted(k.value for k in kinds))
            self.fail(
                item,
                f"{connector}.{what} không điền được kiểu nhập {spec.kind.value}"
                f" (dùng được: {allowed})",
            )
        return Measure(connector, what)

    def input_spec(self, data: Any, item: str) -> InputSpec | None:
        if data is None:
            self.fail(item, "tiêu chí lá cần 'input' (kind: number, count, ratio, …)")
            return None
        if isinstance(data, str):
            data = {"kind": data}
        data = self.mapping(data, item, "'input'")
        self.keys(data, INPUT_KEYS, item)
        try:
            kind = InputKind(data.get("kind"))
        except ValueError:
            allowed = ", ".join(k.value for k in InputKind)
            self.fail(item, f"kiểu nhập không hợp lệ {data.get('kind')!r} (có thể dùng: {allowed})")
            return None
        bounds = {k: self.number(data[k], item, k) for k in ("minimum", "maximum") if k in data}
        if "zero_denominator" in data and kind is not InputKind.RATIO:
            self.fail(item, "'zero_denominator' chỉ dùng cho kiểu nhập ratio")
        return InputSpec(
            kind=kind,
            unit=str(data.get("unit") or ""),
            numerator=str(data.get("numerator") or ""),
            denominator=str(data.get("denominator") or ""),
            minimum=bounds.get("minimum"),
            maximum=bounds.get("maximum"),
            allow_over=bool(data.get("allow_over", False)),
        )

    def rule(self, data: Any, item: str, *, children: bool, spec: InputSpec | None) -> Rule:
        fallback: Rule = RULE_TYPES["sum"]() if children else YesNo()
        if data is None and children:
            return fallback
        if isinstance(data, str):
            data = {"type": data}
        data = dict(self.mapping(data, item, "'rule'"))
        kind = data.pop("type", None)
        rule_class = RULE_TYPES.get(str(kind))
        if rule_class is None:
            self.fail(item, f"quy tắc không biết {kind!r} (có thể dùng: {', '.join(RULE_TYPES)})")
            return fallback
        if rule_class.composite != children:
            need = "có tiêu chí con" if rule_class.composite else "không có tiêu chí con"
            self.fail(item, f"quy tắc '{kind}' chỉ dùng cho tiêu chí {need}")
            return fallback
        if spec is not None and spec.kind not in rule_class.inputs:
            allowed = ", ".join(sorted(k.value for k in rule_class.inputs))
            self.fail(
                item,
                f"quy tắc '{kind}' không dùng được với kiểu nhập '{spec.kind.value}'"
                f" (dùng được với: {allowed})",
            )
            return fallback
        try:
            return self.rule_params(rule_class, data, item)
        except (TypeError, ValueError, KeyError) as error:
            self.fail(item, f"tham số của quy tắc '{kind}' không hợp lệ: {error}")
            return fallback

    def rule_params(self, rule_class: type[Rule], data: dict[str, Any], item: str) -> Rule:
        if rule_class is Tiers:
            tiers = tuple(
                Tier(to_fraction(t["min"]), to_fraction(t["points"])) for t in data.pop("tiers")
            )
            rule: Rule = Tiers(tiers)
        elif rule_class is Choice:
            options = []
            for o in data.pop("options"):
                if not isinstance(o["value"], str):  # YAML turns bare yes/no/on/off into booleans
                    raise ValueError(
                        f"mã lựa chọn phải là chuỗi (đặt trong ngoặc kép): {o['value']!r}"
                    )
                options.append(
                    Option(o["value"], str(o.get("label") or o["value"]), to_fraction(o["points"]))
                )
            rule = Choice(tuple(options))
        elif rule_class is ByDate:
            dates = []
            for t in data.pop("tiers"):
                day = t["on_or_before"]
                if not isinstance(day, dt.date):
                    raise ValueError(f"'on_or_before' phải là ngày YYYY-MM-DD, không phải {day!r}")
                dates.append(DateTier(day, to_fraction(t["points"])))
            rule = ByDate(tuple(dates))
        elif rule_class is PerItem:
            cap = data.pop("cap", None)
            rule = PerItem(
                to_fraction(data.pop("points_per_item")), None if cap is None else to_fraction(cap)
            )
        elif rule_class is Proportional:
            target = data.pop("target", None)
            rule = Proportional(None if target is None else to_fraction(target))
        elif rule_class is YesNo:
            points = data.pop("points_yes", None)
            rule = YesNo(None if points is None else to_fraction(points))
        elif rule_class is Document:
            rule = Document(str(data.pop("issued", ISSUED_IN_YEAR)))
        else:
            rule = rule_class()
        if data:
            raise ValueError(f"khóa không hợp lệ: {', '.join(sorted(data))}")
        return rule

    def check_sum(self, item: str, maximum: Fraction, parts: list[Fraction], what: str) -> None:
        total = sum(parts, ZERO)
        if parts and total != maximum:
            self.fail(
                item,
                f"{what} cộng lại {fmt_number(total)} điểm, khác điểm tối đa {fmt_number(maximum)}",
            )

    # -- classification -------------------------------------------------------------------------
    def classification(
        self, data: Any, item: str, max_points: Fraction, groups: tuple[Group, ...]
    ) -> Classification:
        empty = Bands(())
        if data is None:
            self.fail(item, "thiếu 'classification' (ladder hoặc bands)")
            return empty
        data = self.mapping(data, item, "'classification'")
        kind = data.get("type")
        if kind == "ladder":
            return self.ladder(data, item, max_points, groups)
        if kind == "bands":
            return self.bands(data, item, max_points)
        self.fail(item, f"'classification.type' phải là ladder hoặc bands, không phải {kind!r}")
        return empty

    def ladder(
        self, data: Mapping[str, Any], item: str, max_points: Fraction, groups: tuple[Group, ...]
    ) -> Ladder:
        self.keys(data, {"type", "levels", "below"}, item)
        index = {g.code: i for i, g in enumerate(groups)}
        levels: list[Level] = []
        for raw in self.items(data, "levels", item):
            name = self.text(raw, "name", item)
            where = f"{item} / {name}"
            self.keys(raw, {"name", "min_total", "min_share", "min_share_all"}, where)
            total = self.number(raw.get("min_total"), where, "min_total") or ZERO
            if not ZERO <= total <= max_points:
                self.fail(
                    where, f"'min_total' {fmt_number(total)} ngoài [0, {fmt_number(max_points)}]"
                )
            shares: dict[str, Fraction] = {}
            if "min_share_all" in raw:
                share = self.number(raw["min_share_all"], where, "min_share_all") or ZERO
                shares = {g.code: share for g in groups}
            for code, value in self.mapping(raw.get("min_share", {}), where, "'min_share'").items():
                if code not in index:
                    self.fail(where, f"'min_share' nói đến nhóm không có trong hạng mục: {code}")
                    continue
                shares[code] = self.number(value, where, f"min_share.{code}") or ZERO
            for code, share in shares.items():
                if not ZERO <= share <= ONE:
                    self.fail(where, f"tỷ lệ tối thiểu của {code} phải trong [0, 1]")
            missing = [g.code for g in groups if g.code not in shares]
            if missing:
                self.fail(where, f"thiếu tỷ lệ tối thiểu cho nhóm: {', '.join(missing)}")
            requirements = tuple(
                (index[c], share * groups[index[c]].max_points)
                for c, share in shares.items()
                if c in index
            )
            levels.append(Level(name, total, tuple(shares.items()), requirements))
        for higher, lower in zip(levels, levels[1:], strict=False):
            if not lower.min_total < higher.min_total:
                self.fail(
                    item,
                    f"các mức phải xếp từ cao xuống thấp: 'min_total' của {lower.name}"
                    f" ({fmt_number(lower.min_total)}) phải nhỏ hơn của {higher.name}"
                    f" ({fmt_number(higher.min_total)})",
                )
            high_shares = dict(higher.min_share)
            for code, share in lower.min_share:
                if code in high_shares and share > high_shares[code]:
                    self.fail(item, f"tỷ lệ của nhóm {code} ở {lower.name} cao hơn ở {higher.name}")
        below = str(data.get("below") or "Không xếp hạng")
        return Ladder(tuple(levels), below)

    def bands(self, data: Mapping[str, Any], item: str, max_points: Fraction) -> Bands:
        self.keys(data, {"type", "bands"}, item)
        bands: list[Band] = []
        for raw in self.items(data, "bands", item):
            name = self.text(raw, "name", item)
            self.keys(raw, {"name", "min_total"}, f"{item} / {name}")
            total = self.number(raw.get("min_total", 0), f"{item} / {name}", "min_total") or ZERO
            bands.append(Band(name, total))
        for higher, lower in zip(bands, bands[1:], strict=False):
            if not lower.min_total < higher.min_total:
                self.fail(
                    item,
                    f"các khoảng xếp loại phải xếp từ cao xuống thấp: {lower.name}"
                    f" ({fmt_number(lower.min_total)}) sau {higher.name}"
                    f" ({fmt_number(higher.min_total)})",
                )
        if bands and bands[0].min_total > max_points:
            self.fail(item, f"ngưỡng của {bands[0].name} vượt điểm tối đa")
        if bands and bands[-1].min_total != 0:
            self.fail(item, "khoảng thấp nhất phải bắt đầu từ 0 để mọi đơn vị đều được xếp loại")
        return Bands(tuple(bands))


# -- extension ----------------------------------------------------------------------------------
def _find(nodes: list[dict[str, Any]], code: str) -> Iterator[tuple[list[dict[str, Any]], int]]:
    for index, node in enumerate(nodes):
        if node.get("code") == code:
            yield nodes, index
        for key in ("groups", "criteria"):
            if isinstance(node.get(key), list):
                yield from _find(node[key], code)


def _apply_changes(
    base: dict[str, Any], changes: Any, source: str
) -> tuple[dict[str, Any], list[Difference], list[Problem]]:
    """The parent's mapping with the child's changes applied, what differs, and problems."""
    result = copy.deepcopy(base)
    differences: list[Difference] = []
    problems: list[Problem] = []
    if changes is None:
        return result, differences, problems
    if not isinstance(changes, list):
        return result, differences, [Problem(source, "changes", "'changes' phải là danh sách")]
    for number, change in enumerate(changes, start=1):
        item = f"changes[{number}]"
        if not isinstance(change, Mapping):
            problems.append(Problem(source, item, "mỗi thay đổi phải là một bảng khóa: giá trị"))
            continue
        reason = str(change.get("reason") or "").strip()
        if not reason:
            problems.append(Problem(source, item, "mỗi thay đổi cần 'reason' (lý do điều chỉnh)"))
        verb = next((v for v in ("set", "remove", "add_to") if v in change), None)
        target = str(change.get(verb, "")) if verb else ""
        found = list(_find(result["sections"], target)) if verb else []
        if verb is None:
            problems.append(Problem(source, item, "thay đổi phải là 'set', 'remove' hoặc 'add_to'"))
            continue
        if not found:
            problems.append(Problem(source, item, f"không có mục mã '{target}' trong bộ gốc"))
            continue
        siblings, index = found[0]
        node = siblings[index]
        if verb == "set":
            fields = {k: v for k, v in change.items() if k not in ("set", "reason")}
            unknown = sorted(set(fields) - SETTABLE_KEYS)
            if unknown or not fields:
                problems.append(
                    Problem(source, item, "'set' chỉ đổi được: " + ", ".join(sorted(SETTABLE_KEYS)))
                )
                continue
            for key, value in fields.items():
                before = node.get(key)
                node[key] = value
                differences.append(
                    Difference(target, f"{key}: {_short(before)} → {_short(value)}", reason)
                )
        elif verb == "remove":
            del siblings[index]
            differences.append(Difference(target, "bỏ", reason))
        else:
            added = change.get("criterion") or change.get("group")
            if not isinstance(added, Mapping):
                problems.append(Problem(source, item, "'add_to' cần 'criterion' hoặc 'group'"))
                continue
            key = "criteria" if "criterion" in change else "groups"
            node.setdefault(key, []).append(copy.deepcopy(dict(added)))
            differences.append(Difference(str(added.get("code")), f"thêm vào {target}", reason))
    return result, differences, problems


def _pin_document(parent: dict[str, Any]) -> dict[str, Any]:
    """The parent with its document written on each section, so inherited criteria keep citing
    the text they implement after the child replaces the framework-level legal basis."""
    pinned = copy.deepcopy(parent)
    basis = pinned.get("legal_basis")
    document = basis.get("document") if isinstance(basis, Mapping) else None
    for section in pinned.get("sections") or []:
        if not isinstance(section, dict) or not document:
            continue
        own = section.get("legal_basis")
        own = {"item": own} if isinstance(own, str) else dict(own or {})
        own.setdefault("document", document)
        section["legal_basis"] = own
    return pinned


def _short(value: Any) -> str:
    if isinstance(value, Mapping | list):
        return "(đã thay)"
    return "—" if value is None else str(value)


# -- entry points -------------------------------------------------------------------------------
class _Resolver:
    """Reads files and resolves ``extends`` chains by framework code, detecting cycles."""

    def __init__(self, directories: list[Path]) -> None:
        self.directories = directories
        self.raw: dict[str, tuple[Path, dict[str, Any]]] = {}
        self.index: dict[str, Path] | None = None

    def find(self, code: str) -> Path | None:
        if self.index is None:
            self.index = {}
            for directory in self.directories:
                for path in sorted(directory.glob("*.yaml")):
                    try:
                        data = read_yaml(path)
                    except (OSError, yaml.YAMLError):
                        continue
                    if isinstance(data, Mapping) and isinstance(data.get("code"), str):
                        self.index.setdefault(data["code"], path)
        return self.index.get(code)

    def resolved(
        self, path: Path, chain: tuple[str, ...] = ()
    ) -> tuple[dict[str, Any], list[Difference], list[Problem]]:
        source = str(path)
        try:
            data = read_yaml(path)
        except OSError as error:
            return {}, [], [Problem(source, "", f"không đọc được tệp: {error.strerror}")]
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
            return {}, [], [Problem(source, where, f"YAML không hợp lệ: {error}")]
        if not isinstance(data, Mapping):
            return {}, [], [Problem(source, "", "tệp phải chứa một bảng khóa: giá trị")]
        data = dict(data)
        parent_code = data.get("extends")
        if parent_code is None:
            if "changes" in data:
                return data, [], [Problem(source, "changes", "'changes' chỉ dùng với 'extends'")]
            return data, [], []
        if "sections" in data:
            return (
                data,
                [],
                [
                    Problem(
                        source, "sections", "bộ mở rộng không chép lại 'sections'; dùng 'changes'"
                    )
                ],
            )
        if parent_code in chain or parent_code == data.get("code"):
            return data, [], [Problem(source, "extends", f"kế thừa vòng: {parent_code}")]
        parent_path = self.find(str(parent_code))
        if parent_path is None:
            return data, [], [Problem(source, "extends", f"không tìm thấy bộ gốc '{parent_code}'")]
        parent, inherited, problems = self.resolved(parent_path, (*chain, str(data.get("code"))))
        if problems:
            return data, [], [Problem(source, "extends", f"bộ gốc '{parent_code}' lỗi")] + problems
        merged, differences, problems = _apply_changes(
            _pin_document(parent), data.get("changes"), source
        )
        for key in FRAMEWORK_KEYS - {"sections", "changes"}:
            if key in data:
                merged[key] = data[key]
        merged.pop("changes", None)
        return merged, differences, problems


def load_framework(path: str | Path, *, search: list[Path] | None = None) -> Framework:
    """Load and validate one framework file; ``FrameworkError`` lists every problem.

    A parent named by ``extends`` is looked up in the file's directory, then ``search``, then
    the shipped frameworks.
    """
    path = Path(path)
    directories = [path.parent, *(search or []), SHIPPED_DIR]
    data, differences, problems = _Resolver(directories).resolved(path)
    if problems:
        raise FrameworkError(problems)
    builder = _Builder(str(path))
    framework = builder.framework(data, tuple(differences))
    if builder.problems:
        raise FrameworkError(builder.problems)
    return framework


class Registry:
    """The frameworks of a directory, by code."""

    def __init__(self, frameworks: list[Framework]) -> None:
        self._by_code = {f.code: f for f in sorted(frameworks, key=lambda f: f.code)}

    def all(self) -> list[Framework]:
        return list(self._by_code.values())

    def get(self, code: str) -> Framework:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code


def load_registry(directory: str | Path = SHIPPED_DIR) -> Registry:
    """Every ``*.yaml`` framework of a directory; ``FrameworkError`` if any is invalid."""
    problems: list[Problem] = []
    frameworks: list[Framework] = []
    codes: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            framework = load_framework(path)
        except FrameworkError as error:
            problems.extend(error.problems)
            continue
        if framework.code in codes:
            problems.append(
                Problem(
                    str(path), framework.code, f"mã bộ tiêu chí trùng với {codes[framework.code]}"
                )
            )
        codes[framework.code] = str(path)
        frameworks.append(framework)
    if problems:
        raise FrameworkError(problems)
    return Registry(frameworks)
