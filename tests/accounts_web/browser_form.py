"""What a browser would submit for a form on a page: enough of HTML forms for the admin."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            default = "on" if kind == "checkbox" else ""
            self.data.setdefault(name, []).append(a.get("value", default))
        elif tag == "select" and name and "disabled" not in a:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected]
            # A single select with nothing marked sends its first option, as browsers do.
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            if chosen:
                self.data[self._select] = chosen[:1]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.data[self._textarea][0] += data


def form_data(page: str, form_id: str) -> dict[str, str]:
    """The fields of ``<form id=form_id>`` as the browser would post them unchanged."""
    reader = _FormReader(form_id)
    reader.feed(page)
    return {name: values[-1] for name, values in reader.data.items()}


def select_options(page: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of every option of the select named ``name``."""

    class _Options(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.inside = False
            self.current: str | None = None
            self.options: list[tuple[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "select" and a.get("name") == name:
                self.inside = True
            elif tag == "option" and self.inside:
                self.current = a.get("value") or ""
                self.options.append((self.current, ""))

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self.inside = False
            self.current = None

        def handle_data(self, data: str) -> None:
            if self.current is not None:
                value, label = self.options[-1]
                self.options[-1] = (value, label + data)

    parser = _Options()
    parser.feed(page)
    return parser.options
