"""The help page (``/huong-dan/``): the yearly cycle, and for each role what to do and whom to
call. Reads only; the view is in chiso/views.py.

The cycle follows Quyết định 2392/QĐ-BTTTT ngày 25/12/2017, Điều 4 (the department's request,
the units' self-assessment within 15 working days, appraisal, approval and publication of the
ranking), as each province's own rules adapt it (the dates of a campaign are the province's).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone

from chiso.accounts.models import PROVINCE_ROLES, READER_ROLES, UNIT_ROLES, Role, RoleAssignment
from chiso.campaigns.models import Campaign, CampaignStatus, Form, FormStatus
from chiso.units.models import Level, Unit

PUBLIC = "public"

GENERAL_CONTACT = (
    "Sở Khoa học và Công nghệ của tỉnh (trước tháng 3/2025 là Sở Thông tin và Truyền thông), "
    "cơ quan tổ chức đánh giá hằng năm: gọi số điện thoại trên công văn đề nghị tự đánh giá "
    "mà đơn vị đã nhận."
)


@dataclass(frozen=True)
class Section:
    key: str
    anchor: str
    title: str
    who: str
    steps: tuple[str, ...]
    mine: bool = False


@dataclass
class Contact:
    name: str
    email: str
    province: str


@dataclass
class Deadline:
    campaign: str
    unit_deadline: str
    grace_until: str
    appraisal_deadline: str
    status: str


@dataclass
class NextStep:
    what: str  # the form or campaign
    todo: str
    url: str


@dataclass
class HelpPage:
    sections: list[Section]
    contacts: list[Contact] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)


# What a unit's officers do next, by the form's status (while the campaign is open).
FORM_NEXT: dict[str, str] = {
    FormStatus.DRAFT: (
        "Điền các tiêu chí, đính minh chứng; thủ trưởng nộp phiếu trước hạn {deadline}."
    ),
    FormStatus.RETURNED: "Sở trả lại phiếu: đọc ý kiến, bổ sung rồi nộp lại.",
    # A draft past the deadline and its grace.
    "overdue": (
        "Đã quá hạn nộp {deadline}: hoàn thành và nộp ngay; phiếu vẫn được nhận nhưng ghi là "
        "nộp muộn."
    ),
    FormStatus.SUBMITTED: "Đã nộp: chờ Sở thẩm định; có thể rút lại trước khi Sở bắt đầu.",
    FormStatus.RESUBMITTED: "Đã nộp lại: chờ Sở thẩm định.",
    FormStatus.IN_REVIEW: "Sở đang thẩm định: trả lời câu hỏi của thẩm định viên trên phiếu.",
    FormStatus.VERIFIED: "Đã thẩm định xong: chờ lãnh đạo phê duyệt và công bố kết quả.",
}
_S = CampaignStatus
# What the province's people do next, by the campaign's status and their role.
CAMPAIGN_NEXT: dict[tuple[str, str], str] = {
    (_S.DRAFT, Role.PROVINCE_ADMIN): "Kiểm tra ngày, bộ tiêu chí rồi “Mở đợt”.",
    (_S.COLLECTING, Role.PROVINCE_ADMIN): "Nhắc các đơn vị chưa nộp trước hạn {deadline}.",
    (_S.COLLECTING, Role.APPRAISER): "Thẩm định các phiếu đã nộp; hạn thẩm định {appraisal}.",
    (_S.APPRAISING, Role.APPRAISER): (
        "Thẩm định các phiếu còn lại trước {appraisal}, rồi chuyển phê duyệt."
    ),
    (_S.AWAITING_APPROVAL, Role.APPROVER): "Xem kết quả và phê duyệt (hoặc trả lại thẩm định).",
    (_S.APPROVED, Role.APPROVER): "Ký quyết định và công bố kết quả lên trang công khai.",
}


SECTIONS: dict[str, Section] = {
    Role.REPORTER: Section(
        key=Role.REPORTER,
        anchor="can-bo-dau-moi",
        title="Cán bộ đầu mối của đơn vị",
        who="người điền phiếu tự đánh giá của huyện, xã hoặc sở, ngành",
        steps=(
            "Khi Sở gửi công văn và mở đợt, phiếu của đơn vị hiện ở trang chủ: bấm vào tên đợt.",
            "Trả lời từng tiêu chí; mỗi câu được lưu ngay khi đổi (dòng “Đã lưu” bên cạnh). "
            "Dùng được trên điện thoại; có thể tải phiếu Excel, điền rồi tải lên lại.",
            "Đính kèm minh chứng (PDF, ảnh, Word, Excel) cho tiêu chí cần chứng minh: "
            "văn bản, kế hoạch, ảnh chụp màn hình hệ thống.",
            "Khi xong, báo Thủ trưởng đơn vị kiểm tra và nộp phiếu trước hạn (2392 cho "
            "15 ngày làm việc kể từ ngày nhận công văn; hạn của tỉnh ghi ở dưới).",
            "Trong lúc thẩm định, trả lời câu hỏi của thẩm định viên ngay trên phiếu; phiếu bị "
            "trả lại để bổ sung thì sửa rồi nộp lại.",
        ),
    ),
    Role.HEAD: Section(
        key=Role.HEAD,
        anchor="thu-truong",
        title="Thủ trưởng đơn vị",
        who="người chịu trách nhiệm về số liệu và nộp phiếu của đơn vị",
        steps=(
            "Mở phiếu của đơn vị từ trang chủ, xem điểm và mức dự kiến ở cột bên.",
            "Kiểm tra các câu trả lời và minh chứng; yêu cầu cán bộ đầu mối bổ sung nếu thiếu.",
            "Bấm “Nộp phiếu” trước hạn. Nộp sau hạn (và hết thời gian gia hạn) vẫn được nhận "
            "nhưng bị ghi là nộp muộn. Có thể rút lại phiếu cho đến khi Sở bắt đầu thẩm định.",
            "Theo dõi kết quả thẩm định và kết quả công bố của đơn vị.",
        ),
    ),
    Role.APPRAISER: Section(
        key=Role.APPRAISER,
        anchor="tham-dinh-vien",
        title="Thẩm định viên của Sở",
        who="cán bộ Sở thẩm định phiếu của các đơn vị",
        steps=(
            "Mở đợt đánh giá từ trang chủ, vào “Thẩm định” để xem danh sách phiếu đã nộp.",
            "Với từng tiêu chí: đối chiếu minh chứng, chấp nhận giá trị của đơn vị hoặc ghi "
            "giá trị thẩm định kèm lý do; đặt câu hỏi cho đơn vị khi cần.",
            "Trả lại phiếu để đơn vị bổ sung, hoặc xác nhận đã thẩm định xong.",
            "Hoàn thành thẩm định trong thời hạn của đợt (ghi ở dưới), rồi chuyển lãnh đạo "
            "phê duyệt.",
        ),
    ),
    Role.APPROVER: Section(
        key=Role.APPROVER,
        anchor="lanh-dao",
        title="Lãnh đạo phê duyệt",
        who="lãnh đạo Sở hoặc UBND tỉnh phê duyệt và công bố kết quả",
        steps=(
            "Mở đợt đánh giá từ trang chủ, xem bảng tổng hợp, điểm và xếp hạng dự kiến.",
            "Phê duyệt kết quả (hoặc trả lại để thẩm định thêm).",
            "Tải dự thảo quyết định, tờ trình, bảng xếp hạng và báo cáo từng đơn vị.",
            "Sau khi quyết định được ký, công bố kết quả lên trang công khai.",
        ),
    ),
    Role.PROVINCE_ADMIN: Section(
        key=Role.PROVINCE_ADMIN,
        anchor="quan-tri-tinh",
        title="Quản trị của tỉnh",
        who="người tạo tài khoản, giao vai trò và mở đợt đánh giá của tỉnh",
        steps=(
            "Trong trang Quản trị: tạo tài khoản (hoặc nhập danh sách Excel), giao vai trò cho "
            "từng đơn vị.",
            "Tạo đợt đánh giá: năm, ngày công văn, hạn nộp (số ngày làm việc hoặc ngày cố định), "
            "gia hạn, thời hạn thẩm định, bộ tiêu chí cho từng cấp; rồi “Mở đợt”.",
            "Theo dõi đơn vị chưa nộp ở trang của đợt, tải danh sách kèm e-mail để nhắc.",
            "Hỗ trợ đơn vị quên mật khẩu hoặc bị tạm khoá đăng nhập.",
        ),
    ),
    Role.HOME_AFFAIRS: Section(
        key=Role.HOME_AFFAIRS,
        anchor="so-noi-vu",
        title="Sở Nội vụ",
        who="cán bộ Sở Nội vụ dùng kết quả đã công bố cho thi đua, khen thưởng và Chỉ số CCHC",
        steps=(
            "Trang chủ liệt kê các đợt đã công bố kết quả của tỉnh: bấm vào tên đợt.",
            "Tải “Kết quả phục vụ bình xét thi đua, khen thưởng”: từng đơn vị, thủ trưởng, "
            "mức độ, thứ hạng, điểm và thay đổi so với năm trước.",
            "Tải “Số liệu phục vụ chấm điểm Chỉ số cải cách hành chính”: điểm đạt, tỷ lệ đạt, "
            "điểm từng nhóm tiêu chí của mỗi đơn vị.",
            "Số liệu là bản đã công bố (ghi phiên bản và mã kiểm tra); phiếu, số liệu dự thảo và "
            "nhật ký không thuộc quyền xem của Sở Nội vụ.",
        ),
    ),
    PUBLIC: Section(
        key=PUBLIC,
        anchor="cong-khai",
        title="Người dân, báo chí, các cơ quan",
        who="mọi người, không cần đăng nhập",
        steps=(
            "Vào “Kết quả công bố” để xem xếp hạng đã công bố theo tỉnh và năm.",
            "Mở từng đơn vị để xem điểm từng nhóm tiêu chí và so sánh với năm trước.",
            "Tải bảng xếp hạng (Excel, CSV) và báo cáo của từng đơn vị (PDF).",
            "Xem các bộ tiêu chí ở mục “Bộ tiêu chí”.",
        ),
    ),
}

CYCLE = (
    (
        "Sở đề nghị tự đánh giá",
        "Sở gửi công văn; quản trị tỉnh mở đợt, mỗi đơn vị có một phiếu.",
    ),
    (
        "Đơn vị tự đánh giá",
        "Cán bộ đầu mối điền phiếu, đính minh chứng; thủ trưởng nộp trong 15 ngày làm việc "
        "kể từ ngày nhận công văn (hoặc hạn tỉnh quy định).",
    ),
    (
        "Sở thẩm định",
        "Thẩm định viên kiểm tra từng tiêu chí với minh chứng, hỏi lại hoặc trả phiếu để bổ sung.",
    ),
    (
        "Phê duyệt",
        "Lãnh đạo phê duyệt điểm và xếp hạng; quyết định công bố được ký.",
    ),
    (
        "Công bố",
        "Kết quả, bảng xếp hạng và báo cáo từng đơn vị được đăng công khai.",
    ),
)


def _roles_and_provinces(user: Any) -> tuple[list[str], list[Unit]]:
    if not user.is_authenticated:
        return [], []
    assignments = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
    roles = [str(a.role) for a in assignments]
    provinces: dict[int, Unit] = {}
    for a in assignments:
        if a.role in PROVINCE_ROLES | READER_ROLES and a.unit is not None:
            provinces[a.unit.pk] = a.unit
        elif a.role in UNIT_ROLES and a.unit is not None:
            province = Unit.objects.filter(
                era=a.unit.era, code=a.unit.province_code, level=Level.PROVINCE
            ).first()
            if province is not None:
                provinces[province.pk] = province
    if Role.SYSTEM_ADMIN in roles:
        roles.append(str(Role.PROVINCE_ADMIN))
    return roles, list(provinces.values())


def help_page(user: Any) -> HelpPage:
    """Every role's section, the person's own first; their province's administrators as
    contacts; the dates of their province's open campaigns."""
    roles, provinces = _roles_and_provinces(user)
    mine = [key for key in SECTIONS if key in roles] or ([] if roles else [PUBLIC])
    ordered = mine + [key for key in SECTIONS if key not in mine]
    sections = [replace(SECTIONS[key], mine=key in mine and bool(roles)) for key in ordered]
    admins = (
        RoleAssignment.objects.filter(
            role=Role.PROVINCE_ADMIN, unit__in=provinces, user__is_active=True
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__full_name")
    )
    contacts = [
        Contact(a.user.get_full_name(), a.user.email, a.unit.name if a.unit else "") for a in admins
    ]
    campaigns = Campaign.objects.filter(province__in=provinces).exclude(
        status__in=[CampaignStatus.DRAFT, CampaignStatus.APPROVED]
    )
    deadlines = [
        Deadline(
            campaign=c.name,
            unit_deadline=c.schedule.unit_deadline.strftime("%d/%m/%Y"),
            grace_until=c.schedule.grace_until.strftime("%d/%m/%Y")
            if c.schedule.grace_until != c.schedule.unit_deadline
            else "",
            appraisal_deadline=c.schedule.appraisal_deadline.strftime("%d/%m/%Y"),
            status=c.get_status_display(),
        )
        for c in campaigns.order_by("-year", "name")
    ]
    return HelpPage(
        sections=sections,
        contacts=contacts,
        deadlines=deadlines,
        next_steps=_next_steps(user, provinces) if roles else [],
    )


def _d(day: Any) -> str:
    return str(day.strftime("%d/%m/%Y"))


def _campaign_url(campaign: Campaign, role: str) -> str:
    if role == Role.APPRAISER:
        return f"/campaigns/{campaign.pk}/appraisal/"
    if role == Role.APPROVER:
        return f"/campaigns/{campaign.pk}/approval/"
    return f"/campaigns/{campaign.pk}/"


def _next_steps(user: Any, provinces: list[Unit]) -> list[NextStep]:
    from django.urls import reverse

    steps = []
    unit_ids = RoleAssignment.objects.filter(user=user, role__in=UNIT_ROLES).values("unit_id")
    forms = (
        Form.objects.filter(unit_id__in=unit_ids)
        .exclude(campaign__status__in=[CampaignStatus.DRAFT, CampaignStatus.APPROVED])
        .select_related("campaign", "unit")
        .order_by("-campaign__year", "unit__name")
    )
    today = timezone.localdate()
    for form in forms:
        schedule = form.campaign.schedule
        overdue = form.status == FormStatus.DRAFT and today > schedule.grace_until
        todo = FORM_NEXT["overdue" if overdue else form.status].format(
            deadline=_d(schedule.unit_deadline)
        )
        url = reverse("appraisal:show-form", args=[form.pk])
        steps.append(NextStep(f"{form.unit.name} – {form.campaign.name}", todo, url))
    province_roles = set(
        RoleAssignment.objects.filter(user=user, role__in=PROVINCE_ROLES).values_list(
            "role", flat=True
        )
    )
    campaigns = Campaign.objects.filter(province__in=provinces).order_by("-year", "name")
    for campaign in campaigns:
        for role in sorted(province_roles):
            text = CAMPAIGN_NEXT.get((campaign.status, role))
            if text is None or (
                campaign.status == CampaignStatus.APPROVED and campaign.snapshots.exists()
            ):
                continue
            schedule = campaign.schedule
            todo = text.format(
                deadline=_d(schedule.unit_deadline), appraisal=_d(schedule.appraisal_deadline)
            )
            steps.append(NextStep(campaign.name, todo, _campaign_url(campaign, role)))
    return steps
