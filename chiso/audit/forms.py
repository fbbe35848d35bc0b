"""The filters of the audit trail pages, from the query string."""

from __future__ import annotations

from typing import Any

from django import forms

from chiso.audit.display import ACTION_LABELS

DATE_ORDER = "«Đến ngày» phải sau hoặc bằng «Từ ngày»."
_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
_TEXT = {"class": "form-control form-control-sm"}


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d")


class EntryFilters(forms.Form):
    unit = forms.CharField(
        label="Mã đơn vị", max_length=20, required=False, widget=forms.TextInput(_TEXT)
    )
    criterion = forms.CharField(
        label="Tiêu chí", max_length=40, required=False, widget=forms.TextInput(_TEXT)
    )
    person = forms.CharField(
        label="Người thực hiện", max_length=200, required=False, widget=forms.TextInput(_TEXT)
    )
    action = forms.ChoiceField(
        label="Thao tác",
        required=False,
        choices=[("", "Tất cả"), *sorted(ACTION_LABELS.items(), key=lambda kv: kv[1])],
        widget=forms.Select({"class": "form-select form-select-sm"}),
    )
    date_from = forms.DateField(
        label="Từ ngày", required=False, input_formats=_DATE_FORMATS, widget=_date()
    )
    date_to = forms.DateField(
        label="Đến ngày", required=False, input_formats=_DATE_FORMATS, widget=_date()
    )
    form = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", DATE_ORDER)
        return data
