"""Display helpers shared by every page: Vietnamese number format and provenance badges."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import template

from chiso.scoring import Provenance, fmt_percent, fmt_points

register = template.Library()

_BADGE_CLASS = {
    Provenance.VERIFIED: "text-bg-success",
    Provenance.RECONSTRUCTED: "text-bg-warning",
    Provenance.PROVISIONAL: "text-bg-secondary",
}
_BADGE_TITLE = {
    Provenance.VERIFIED: "Lấy nguyên từ văn bản pháp lý",
    Provenance.RECONSTRUCTED: "Dựng lại từ nguồn gián tiếp; sẽ thay khi có văn bản gốc",
    Provenance.PROVISIONAL: "Quyết định tạm thời vì văn bản thiếu hoặc mâu thuẫn",
}


@register.filter
def vi_number(value: Fraction | Decimal | int | None) -> str:
    """Points with 2 decimals and a decimal comma (43,80); empty for ``None``."""
    if value is None or value == "":
        return ""
    return fmt_points(value)


@register.filter
def vi_share(value: Fraction | None) -> str:
    """A share of 0..1 as a percentage with a decimal comma (70,00 %)."""
    if value is None:
        return ""
    return fmt_percent(value)


@register.inclusion_tag("frameworks/_provenance_badge.html")
def provenance_badge(provenance: Provenance) -> dict[str, str]:
    return {
        "label": provenance.label_vi,
        "css_class": _BADGE_CLASS[provenance],
        "title": _BADGE_TITLE[provenance],
    }


@register.filter
def get_item(mapping: dict[str, object] | None, key: str) -> object:
    """``mapping[key]`` in a template; None when missing."""
    return (mapping or {}).get(key)


@register.filter
def answer_text(raw: object) -> str:
    """A raw answer as a person reads it: 3/5, Có, Không, a document's number and date."""
    if raw is None or raw == "":
        return ""
    if raw is True:
        return "Có"
    if raw is False:
        return "Không"
    if isinstance(raw, list | tuple) and len(raw) == 2:
        return f"{raw[0]}/{raw[1]}"
    if isinstance(raw, dict):
        from chiso.scoring.shown import NOT_APPLICABLE

        if raw.get("not_applicable") is True:  # the unit's không áp dụng declaration
            return NOT_APPLICABLE.format(reason=raw.get("reason", ""))
        if "numerator" in raw:
            return f"{raw['numerator']}/{raw.get('denominator', '')}"
        parts = [str(raw.get("number", "")), str(raw.get("date", "")), str(raw.get("issuer", ""))]
        return " – ".join(part for part in parts if part)
    return str(raw)


@register.filter
def shown(scores: object, code: str) -> tuple[str, str, str]:
    """(self-assessed, verified, gap) points of a criterion, group, section or "total"."""
    method = getattr(scores, "shown", None)
    return method(code) if callable(method) else ("", "", "")


@register.filter
def kind_names(kinds: object) -> str:
    """Unit kinds in words: ("phuong", "xa") → "phường, xã" (never the codes)."""
    from chiso.units.models import Kind

    labels = dict(Kind.choices)
    codes = [kinds] if isinstance(kinds, str) else list(kinds or ())  # type: ignore[call-overload]
    return ", ".join(str(labels.get(code, code)).lower() for code in codes)


RECONSTRUCTED_MARK = " — dựng lại"


@register.filter
def plain_basis(legal_basis: object) -> str:
    """A criterion's legal basis without the '— dựng lại' working mark, which the page says once
    (``provenance_note``): '…, nhóm Hạ tầng — dựng lại theo 2342 Phụ lục 1B' → '…, nhóm Hạ
    tầng (tham khảo 2342 Phụ lục 1B)'."""
    text = str(legal_basis)
    head, mark, tail = text.partition(RECONSTRUCTED_MARK)
    if not mark:
        return text
    tail = tail.strip().lstrip(";").strip()
    if tail.startswith("theo "):
        tail = "tham khảo " + tail.removeprefix("theo ")
    return f"{head} ({tail})" if tail else head


@register.simple_tag
def provenance_note(framework: Any) -> str:
    """One sentence for the whole framework instead of a mark on every criterion: which of its
    criteria are reconstructed or provisional ('' when every item is the legal text's)."""
    sections = framework.sections
    groups = [g for s in sections for g in s.groups]
    criteria = [c for g in groups for top in g.criteria for c in top.walk()]
    upper = [*sections, *groups]
    unsure = [c for c in criteria if c.provenance != Provenance.VERIFIED]
    if not unsure:
        return ""
    where = (
        "Các mục và nhóm tiêu chí theo đúng văn bản; "
        if all(i.provenance == Provenance.VERIFIED for i in upper)
        else ""
    )
    share = (
        "các tiêu chí dưới cấp nhóm"
        if len(unsure) == len(criteria)
        else (f"{len(unsure)}/{len(criteria)} tiêu chí dưới cấp nhóm")
    )
    return (
        f"Lưu ý: {where}{share} (cách chấm, căn cứ chi tiết) được dựng lại từ các văn bản "
        "hướng dẫn liên quan hoặc là quyết định tạm thời, do chưa có văn bản gốc; sẽ thay khi "
        "có văn bản gốc."
    )
