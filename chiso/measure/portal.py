"""The unit's web portal: what NĐ 42/2022/NĐ-CP requires a state agency's portal to publish.

Fetched politely: robots.txt is read first and obeyed for our user agent, every request has a
time-out, a page larger than ``max_bytes`` is not read to the end, only http(s) is followed.
One fetch of the home page serves every figure of a unit; the page is kept as evidence.

Figures (``MEASURES["portal"]`` in ``chiso.scoring.sources``):
- ``https``: the portal ends up served over HTTPS;
- ``sections``: how many of the required information groups the home page links or shows
  (giới thiệu, tin tức, văn bản, thủ tục hành chính / dịch vụ công, thông tin liên hệ);
- ``all_sections``: all of them;
- ``updated``: the latest update date the page states (a modified-time meta tag, the HTTP
  ``Last-Modified`` header, or the latest dd/mm/yyyy date in its text, none in the future).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from chiso.measure import Reading, Target
from chiso.posted import whole

NAME = "portal"
USER_AGENT = "chiso-portal-check/1.0 (danh gia muc do chinh quyen so; +https://github.com/chiso)"
ROBOTS_AGENT = "chiso-portal-check"
MAX_BYTES = 2 * 1024 * 1024
MAX_ROBOTS_BYTES = 64 * 1024
TIMEOUT = 10.0

# NĐ 42/2022/NĐ-CP: the information groups a portal must carry; each matched by words in the
# link texts, headings or addresses of the home page (accents removed, lower case).
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "gioi_thieu": (
        "Giới thiệu",
        ("gioi thieu", "co cau to chuc", "chuc nang nhiem vu", "gioi-thieu"),
    ),
    "tin_tuc": ("Tin tức – sự kiện", ("tin tuc", "su kien", "tin-tuc")),
    "van_ban": ("Văn bản", ("van ban", "van-ban", "vanban")),
    "tthc": (
        "Thủ tục hành chính / dịch vụ công",
        ("thu tuc hanh chinh", "dich vu cong", "thu-tuc-hanh-chinh", "dichvucong", "dich-vu-cong"),
    ),
    "lien_he": ("Thông tin liên hệ", ("lien he", "lien-he", "thong tin lien he")),
}

NOT_HTTP = "địa chỉ không phải http/https: {address}"
ROBOTS_DISALLOW = "robots.txt của cổng không cho phép chiso đọc {address}"
TIMED_OUT = "cổng không trả lời trong {seconds:g} giây"
TOO_BIG = "trang lớn hơn {limit} KB, không đọc hết"
HTTP_ERROR = "cổng trả lời mã lỗi HTTP {status}"
UNREACHABLE = "không kết nối được tới cổng: {reason}"
FOUND = "Có {count}/{total} nhóm thông tin: {found}"
MISSING = "; thiếu: {missing}"


def plain(text: str) -> str:
    """Lower case without Vietnamese accents (đ → d), spaces collapsed."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hrefs: list[str] = []
        self.modified: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "meta":
            key = (values.get("name") or values.get("property") or "").lower()
            if key in (
                "last-modified",
                "article:modified_time",
                "og:updated_time",
                "dcterms.modified",
            ):
                self.modified.append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page as read: the final address (after redirects), the bytes, the headers; or why not."""

    address: str
    body: bytes = b""
    last_modified: str = ""
    problem: str = ""


@dataclass(frozen=True, slots=True)
class PortalFindings:
    https: bool
    sections: tuple[str, ...]  # keys of SECTIONS found
    updated: dt.date | None

    def value(self, what: str) -> object:
        if what == "https":
            return self.https
        if what == "sections":
            return len(self.sections)
        if what == "all_sections":
            return len(self.sections) == len(SECTIONS)
        if what == "updated":
            return self.updated.isoformat() if self.updated else None
        raise ValueError(what)

    def detail(self) -> str:
        found = [SECTIONS[k][0] for k in SECTIONS if k in self.sections]
        missing = [SECTIONS[k][0] for k in SECTIONS if k not in self.sections]
        text = FOUND.format(count=len(found), total=len(SECTIONS), found=", ".join(found) or "—")
        if missing:
            text += MISSING.format(missing=", ".join(missing))
        text += f". HTTPS: {'có' if self.https else 'không'}."
        if self.updated:
            text += f" Cập nhật gần nhất: {self.updated:%d/%m/%Y}."
        return text


_DATE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")


def _dates(texts: Iterable[str]) -> Iterator[dt.date]:
    for text in texts:
        for day, month, year in _DATE.findall(text):
            try:
                yield dt.date(int(year), int(month), int(day))
            except ValueError:
                continue


def examine(page: Fetched, today: dt.date) -> PortalFindings:
    """What the home page shows (pure: no network)."""
    parser = _Page()
    charset = "utf-8"
    parser.feed(page.body.decode(charset, errors="replace"))
    words = plain(" ".join(parser.texts)) + " " + plain(" ".join(parser.hrefs))
    found = tuple(key for key, (_, needles) in SECTIONS.items() if any(n in words for n in needles))
    candidates: list[dt.date] = []
    for stamp in [*parser.modified, page.last_modified]:
        if not stamp:
            continue
        try:
            candidates.append(dt.date.fromisoformat(stamp[:10]))
            continue
        except ValueError:
            pass
        try:
            candidates.append(parsedate_to_datetime(stamp).date())
        except (TypeError, ValueError):
            continue
    candidates += list(_dates(parser.texts))
    updated = max((d for d in candidates if d <= today), default=None)
    return PortalFindings(urlsplit(page.address).scheme == "https", found, updated)


def _read(client: httpx.Client, address: str, limit: int) -> Fetched:
    with client.stream("GET", address) as response:
        if response.status_code >= 400:
            return Fetched(
                str(response.url), problem=HTTP_ERROR.format(status=response.status_code)
            )
        declared = response.headers.get("content-length", "")
        if whole(declared, 0) > limit:
            return Fetched(str(response.url), problem=TOO_BIG.format(limit=limit // 1024))
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                return Fetched(str(response.url), problem=TOO_BIG.format(limit=limit // 1024))
        return Fetched(str(response.url), bytes(body), response.headers.get("last-modified", ""))


def fetch(
    address: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """The home page at ``address``, politely; ``problem`` set instead of raising."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Fetched(address, problem=NOT_HTTP.format(address=address))
    client = httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
        transport=transport,
    )
    try:
        with client:
            robots = _read(client, urljoin(address, "/robots.txt"), MAX_ROBOTS_BYTES)
            if not robots.problem and robots.body:
                rules = RobotFileParser()
                rules.parse(robots.body.decode("utf-8", errors="replace").splitlines())
                if not rules.can_fetch(ROBOTS_AGENT, address):
                    return Fetched(address, problem=ROBOTS_DISALLOW.format(address=address))
            page = _read(client, address, max_bytes)
            if page.address and urlsplit(page.address).scheme not in ("http", "https"):
                return Fetched(address, problem=NOT_HTTP.format(address=page.address))
            return page
    except httpx.TimeoutException:
        return Fetched(address, problem=TIMED_OUT.format(seconds=timeout))
    except httpx.HTTPError as error:
        return Fetched(address, problem=UNREACHABLE.format(reason=type(error).__name__))


@dataclass
class PortalConnector:
    """Measures every target of a unit from one fetch of its portal's home page."""

    name: str = NAME
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def measure(self, targets: Iterable[Target]) -> Iterator[Reading]:
        by_address: dict[str, list[Target]] = {}
        for target in targets:
            by_address.setdefault(target.address, []).append(target)
        for address, group in by_address.items():
            page = fetch(address, timeout=self.timeout, max_bytes=self.max_bytes)
            at = self.now()
            findings = None if page.problem else examine(page, at.date())
            for target in group:
                yield Reading(
                    source=self.name,
                    unit=target.unit,
                    criterion=target.criterion,
                    what=target.what,
                    value=findings.value(target.what) if findings else None,
                    measured_at=at,
                    detail=findings.detail() if findings else page.problem,
                    source_ref=page.address or address,
                    evidence=page.body,
                    evidence_name="trang-chu.html" if page.body else "",
                )
