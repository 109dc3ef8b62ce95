"""Capturing a URL into a case: the page's raw bytes plus the images it references."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from picproof.core.cases import CaptureResult
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services.cases import CaseService


def _name_for(url: str, fallback: str) -> str:
    tail = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return tail[-80:] or fallback


def capture_url(
    cases: CaseService,
    case_id: int | None,
    url: str,
    *,
    make_case: Callable[[], int] | None = None,
    platform: str | None = None,
    account: str | None = None,
    note: str = "",
    timeout: float = 20.0,
    progress: Progress = NULL_PROGRESS,
) -> CaptureResult:
    from picproof.net.capture import capture_page

    progress.update(0, None, url)
    if case_id is not None:
        cases.get_case(case_id)  # an unknown case fails before anything is downloaded
    page, images = capture_page(url, timeout=timeout)
    if case_id is None:
        # A new case is made only once the page is in hand: a failed capture leaves no empty case.
        if make_case is None:
            raise ValueError("capture_url needs a case_id or make_case")
        case_id = make_case()
    case = cases.get_case(case_id)
    kind = "page-image" if page.content_type.startswith("image/") else "page"
    page_item = cases.add_evidence_bytes(
        case.id,
        page.body,
        _name_for(page.final_url, "page.html"),
        kind=kind,
        source="url",
        url=page.final_url,
        platform=platform,
        account=account,
        note=note,
        media_type=page.content_type,
        http=page.facts(),
        description=f"captured {page.final_url} (HTTP {page.status})",
    )
    kept, skipped = [], []
    for n, image in enumerate(images, start=1):
        progress.update(n, len(images), getattr(image, "url", ""))
        if isinstance(image, tuple):
            skipped.append(image)
            continue
        item = cases.add_evidence_bytes(
            case.id,
            image.body,
            _name_for(image.final_url, f"image-{n}"),
            kind="page-image",
            source="url",
            url=image.final_url,
            platform=platform,
            account=account,
            media_type=image.content_type,
            http={**image.facts(), "referrer": page.final_url},
            description=f"image referenced by {page.final_url}",
        )
        kept.append(item.id)
    cases.log_event(
        case.id,
        "page-captured",
        {
            "url": url,
            "final_url": page.final_url,
            "status": page.status,
            "page_evidence_id": page_item.id,
            "images": kept,
            "skipped": [list(s) for s in skipped],
        },
    )
    return CaptureResult(page_item.id, page.final_url, page.status, tuple(kept), tuple(skipped))
