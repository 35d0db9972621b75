"""What the library accepts from people, and the sentences that say what to fix.

Storage keeps the rows and the search index (storage.resources); the rules a person
meets when sharing or editing a resource live here, in the resource family: a link is
in the library once, text has limits, labels are normalised and the equity focus comes
from the community's list. Other families publish through
`storage.resources.publish_resource` with values they checked themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.errors import UserError
from bot.kernel.i18n import _, ngettext
from bot.text.normalize import normalize_standard, normalize_tag, normalize_url
from storage.resource_models import (
    GRADE_BANDS,
    MAX_DESCRIPTION,
    MAX_LABELS,
    MAX_TITLE,
    MAX_URL,
    RESOURCE_TYPES,
    Resource,
)
from storage.resources import find_by_url, publish_resource


class DuplicateUrl(UserError):
    """The link is already in this community's library, as `existing`."""

    def __init__(self, existing: Resource) -> None:
        super().__init__(
            _("That link is already in the library as #{id}.", id=existing.id), option="url"
        )
        self.existing = existing


def check_text(label: str, value: str, limit: int, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise UserError(_("{option} can't be empty.", option=label), option=label)
    if len(value) > limit:
        raise UserError(
            _(
                "{option} is too long ({length} characters; at most {limit}).",
                option=label,
                length=len(value),
                limit=limit,
            ),
            option=label,
        )
    return value


def clean_labels(
    kind: str, values: Iterable[str], *, allowed: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    """Normalise tags, standard codes or focus; refuse unknown focus with the list."""
    out: list[str] = []
    for raw in values:
        value = normalize_standard(raw) if kind == "standard" else normalize_tag(raw)
        if allowed is not None and value not in allowed:
            raise UserError(
                _(
                    "“{text}” is not an equity focus here. Choose from: {focus}.",
                    text=raw.strip()[:40],
                    focus=", ".join(allowed),
                )
            )
        if value not in out:
            out.append(value)
    if len(out) > MAX_LABELS:
        raise UserError(_too_many(kind))
    return tuple(out)


def _too_many(kind: str) -> str:
    if kind == "standard":
        return ngettext(
            "At most {n} standard per resource, please.",
            "At most {n} standards per resource, please.",
            MAX_LABELS,
        )
    if kind == "focus":
        return ngettext(
            "At most {n} focus per resource, please.",
            "At most {n} focuses per resource, please.",
            MAX_LABELS,
        )
    return ngettext(
        "At most {n} tag per resource, please.",
        "At most {n} tags per resource, please.",
        MAX_LABELS,
    )


async def share_resource(
    session: AsyncSession,
    community_id: int,
    *,
    title: str,
    type: str,
    url: str,
    description: str = "",
    grade: str | None = None,
    standards: tuple[str, ...] = (),
    focus: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    shared_by: int | None,
    now: datetime,
) -> Resource:
    """Check a link someone shares, then add it to the library.

    A UserError names what to fix; a link already in the library raises `DuplicateUrl`,
    which carries the existing resource so the person is shown it instead.
    """
    if type not in RESOURCE_TYPES:
        kinds = ", ".join(RESOURCE_TYPES)
        raise UserError(
            _("type can't be “{text}”; it can be one of: {choices}.", text=type, choices=kinds),
            option="type",
        )
    if grade is not None and grade not in GRADE_BANDS:
        bands = ", ".join(GRADE_BANDS)
        raise UserError(
            _("grade can't be “{text}”; it can be one of: {choices}.", text=grade, choices=bands),
            option="grade",
        )
    url = check_text("url", url, MAX_URL, required=True)
    existing = await find_by_url(session, community_id, normalize_url(url))
    if existing is not None:
        raise DuplicateUrl(existing)
    return await publish_resource(
        session,
        community_id,
        title=check_text("title", title, MAX_TITLE, required=True),
        type=type,
        description=check_text("description", description, MAX_DESCRIPTION),
        grade=grade,
        standards=clean_labels("standard", standards),
        focus=clean_labels("focus", focus),
        tags=clean_labels("tag", tags),
        shared_by=shared_by,
        url=url,
        now=now,
    )
