"""Evidence files: upload to a criterion (checked by content and size, as on the site),
download (with the same headers as the site's checked view), remove."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from ninja import File, Router, UploadedFile
from ninja import Form as FormParam
from ninja.responses import Status

from chiso.api.common import READ_ERRORS, WRITE_ERRORS, Code, Id, responses
from chiso.api.errors import invalid_value
from chiso.api.form_schemas import EvidenceOut
from chiso.api.forms import criterion_or_404
from chiso.campaigns import views as web
from chiso.campaigns.access import evidence_get_for_user, form_get_for_user
from chiso.campaigns.services import evidence_add, evidence_remove
from chiso.campaigns.uploads import ALLOWED

router = Router(tags=["Minh chứng"])

_FILE_TYPES = {
    content_type: {"schema": {"type": "string", "format": "binary"}} for content_type in ALLOWED
}


@router.post(
    "/forms/{form_id}/evidence",
    response=responses(EvidenceOut, WRITE_ERRORS, status=201),
    summary="Đính kèm minh chứng cho một tiêu chí (multipart/form-data)",
)
def evidence_upload(
    request: HttpRequest,
    form_id: Id,
    criterion: FormParam[Code],
    file: File[UploadedFile],
) -> Status:
    """PDF, JPG, PNG, Word hoặc Excel, xét theo nội dung tệp (tệp chương trình đổi đuôi bị từ
    chối: 422 ở `file`), tối đa CHISO_UPLOAD_MAX_MB."""
    form = form_get_for_user(request.user, form_id)
    criterion_or_404(form, criterion)
    with invalid_value("file"):
        evidence = evidence_add(
            actor=request.user,
            form=form,
            criterion=criterion,
            name=file.name or "",
            data=file.read(),
        )
    return Status(201, evidence)


@router.get(
    "/evidence/{evidence_id}",
    response=responses(None, READ_ERRORS),
    summary="Tải tệp minh chứng",
    openapi_extra={"responses": {200: {"description": "Tệp minh chứng.", "content": _FILE_TYPES}}},
)
def evidence_download(request: HttpRequest, evidence_id: Id) -> HttpResponseBase:
    """Tệp như đã lưu, qua cùng chỗ kiểm tra quyền của trang web (cùng các tiêu đề an toàn)."""
    return web.download_evidence(request, evidence_id)


@router.delete(
    "/evidence/{evidence_id}",
    response=responses(None, WRITE_ERRORS, status=204),
    summary="Gỡ một minh chứng",
)
def evidence_delete(request: HttpRequest, evidence_id: Id) -> Status:
    evidence = evidence_get_for_user(request.user, evidence_id)
    evidence_remove(actor=request.user, evidence=evidence)
    return Status(204, None)
