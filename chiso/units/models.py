"""Administrative units: provinces, districts, communes of one era, and provincial agencies.

A unit's identity is ``(era, code)``: codes were reused by the 2025 reform (old and new 24611
are different wards). Agencies get a code ``<province>-<short>`` so they never collide with an
official numeric code.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

# The three-tier structure ended on 30/06/2025; the two-tier one began on 01/07/2025
# (Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions on communes).
REFORM_DAY = dt.date(2025, 7, 1)


class Era(models.TextChoices):
    Y2019 = "2019", "3 cấp (đến 30/06/2025)"
    Y2025 = "2025", "2 cấp (từ 01/07/2025)"


class Level(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"
    AGENCY = "agency", "Sở, ban, ngành"


class Kind(models.TextChoices):
    TINH = "tinh", "Tỉnh"
    THANH_PHO_TW = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    HUYEN = "huyen", "Huyện"
    QUAN = "quan", "Quận"
    THI_XA = "thi_xa", "Thị xã"
    THANH_PHO = "thanh_pho", "Thành phố thuộc tỉnh"
    THANH_PHO_THUOC_TP = "thanh_pho_thuoc_tp", "Thành phố thuộc thành phố trực thuộc trung ương"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    THI_TRAN = "thi_tran", "Thị trấn"
    DAC_KHU = "dac_khu", "Đặc khu"
    SO = "so", "Sở"
    BAN = "ban", "Ban"
    NGANH = "nganh", "Cơ quan, ngành"


AGENCY_KINDS = (Kind.SO, Kind.BAN, Kind.NGANH)


def era_validity(era: str) -> tuple[dt.date | None, dt.date | None]:
    """Validity of the official units of an era; 2019-era start dates are not in the sources."""
    if era == Era.Y2019:
        return None, REFORM_DAY - dt.timedelta(days=1)
    return REFORM_DAY, None


def era_of_year(year: int) -> str:
    """The structure a campaign of ``year`` works on: units valid on 31/12 of that year."""
    return Era.Y2019 if dt.date(year, 12, 31) < REFORM_DAY else Era.Y2025


class Unit(models.Model):
    era = models.CharField("cấu trúc", max_length=4, choices=Era.choices)
    code = models.CharField("mã", max_length=20)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The province's own code for a province; filtering by (era, province_code) needs no join.
    province_code = models.CharField("mã tỉnh", max_length=4, db_index=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["era", "code"]
        constraints = [
            models.UniqueConstraint(fields=["era", "code"], name="unit_era_code_unique"),
        ]
        indexes = [models.Index(fields=["era", "level", "province_code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_province(self) -> bool:
        return self.level == Level.PROVINCE

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Succession(models.Model):
    """One link of the 01/07/2025 reform: a 2019-era unit went (wholly or partly) into a 2025 one.

    ``main`` marks the successor that took a divided commune's default share.
    """

    predecessor = models.ForeignKey(
        Unit, verbose_name="đơn vị cũ", on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Unit, verbose_name="đơn vị mới", on_delete=models.CASCADE, related_name="predecessions"
    )
    whole = models.BooleanField("sáp nhập toàn bộ", default=True)
    main = models.BooleanField("đơn vị kế thừa chính", default=True)

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_pair_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
