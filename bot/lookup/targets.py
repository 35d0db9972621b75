"""Suggestions while a facilitator types a schedule's target (`to:` of nudges, digests...).

The scheduling engine owns targets (bot/scheduling.py reads them), so the core suggests
them too: `everyone`, this community's people, a channel being typed, and whatever each
family's `TargetKind` suggests for its prefix (the cycle family offers `team:<cycle>` for
open cycles). Only facilitators schedule, so members are offered nothing; every query is
scoped to the asker's community.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.grammar.values import parse_channel, parse_user
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _
from bot.lookup.matching import (
    LABEL_LIMIT,
    Candidate,
    LookupQuery,
    Suggest,
    Suggestion,
    asker,
    best_matches,
    short_label,
)
from storage.community import Member

if TYPE_CHECKING:
    from bot.scheduling.kinds import TargetKind

EVERYONE_LABEL = N_("everyone (a direct message to each member)")
POOL = 500  # people considered, most recently seen first


def person_value(member: Member) -> str:
    """What `to:` receives for one person: the platform's mention form when the target
    reader accepts it (so two people with one name are never confused), else @user_id."""
    for text in (f"<@{member.user_id}>", f"@{member.user_id}"):
        try:
            ref = parse_user(text)
        except UserError:
            continue
        if ref.user_id == member.user_id or ref.name == member.user_id:
            return text
    return f"@{member.name_key}"


async def _people(query: LookupQuery) -> list[Candidate]:
    members = (
        await query.session.execute(
            select(Member)
            .where(Member.community_id == query.community.id)
            .order_by(Member.last_seen_at.desc(), Member.id)
            .limit(POOL)
        )
    ).scalars()
    return [
        Candidate(
            person_value(m),
            short_label("", f"@{m.display_name}"),
            f"{m.display_name} {m.name_key}",
        )
        for m in members
    ]


def _channel(typed: str) -> list[Suggestion]:
    """The channel being typed, as typed: the bot cannot list a platform's channels."""
    if len(typed) < 2 or len(typed) > LABEL_LIMIT:
        return []
    try:
        ref = parse_channel(typed)
    except UserError:
        return []
    return [Suggestion(typed, short_label("", ref.shown(), _("(channel)")))]


def target_lookup(target_kinds: Iterable[TargetKind]) -> Suggest:
    """The "target" suggester, with the families' prefixed kinds (e.g. "team")."""
    kinds = {kind.prefix.lower(): kind.suggest for kind in target_kinds if kind.suggest is not None}

    async def suggest(query: LookupQuery) -> list[Suggestion]:
        if not (await asker(query)).facilitator:
            return []
        typed = " ".join(query.text.split())
        if typed.startswith("#"):
            return _channel(typed)[: query.limit]
        prefix, sep, rest = typed.partition(":")
        if sep and prefix.lower() in kinds:
            scoped = LookupQuery(
                query.session, query.community, query.user_id, rest, query.limit, query.now
            )
            return list(await kinds[prefix.lower()](scoped))[: query.limit]
        if typed.startswith("@"):
            return best_matches(typed.lstrip("@"), await _people(query), query.limit)
        everyone = Candidate("everyone", _(EVERYONE_LABEL), "everyone all todos todas")
        out = best_matches(typed, [everyone], query.limit)
        for kind_suggest in kinds.values():  # few teams before many people
            room = query.limit - len(out)
            if room <= 0:
                break
            scoped = LookupQuery(
                query.session, query.community, query.user_id, typed, room, query.now
            )
            out.extend(list(await kind_suggest(scoped))[:room])
        room = query.limit - len(out)
        if room > 0:
            out.extend(best_matches(typed, await _people(query), room))
        return out

    return suggest
