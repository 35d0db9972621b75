"""Reading a target (#channel, @person, team:<cycle>, everyone) into who it reaches now.

The canonical text is stored on the schedule and resolved again at every occurrence, so a
team or the community reaches whoever belongs to it at send time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.grammar.values import UserRef, parse_channel, parse_user
from bot.kernel.errors import NotFound, UserError
from bot.kernel.i18n import N_, _, ngettext
from bot.kernel.model import Address
from bot.scheduling.kinds import Recipient, TargetKind, member_address
from storage.community import Community, Member
from storage.members import find_member
from storage.schedules import Schedule

TARGET_HELP = N_("Name a target as #channel, @person, team:<cycle> or everyone.")


@dataclass(frozen=True)
class Target:
    """A target resolved now: what to store, how to show it, and who it reaches."""

    text: str  # canonical text kept on the schedule and resolved again at each occurrence
    label: str  # for people: "#grade7", "@María Hernández", "everyone (12 people)"
    recipients: tuple[Recipient, ...]
    member: Member | None = None  # when the target is one person


async def resolve_target_text(
    session: AsyncSession,
    community: Community,
    text: str,
    target_kinds: dict[str, TargetKind],
    person: Callable[[UserRef], Awaitable[Member]] | None = None,
) -> Target:
    """Read a target; raise UserError when it names nothing in this community.

    `person` resolves an `@person` for a request (`Context.resolve_member`, which may
    create someone the platform knows); without it, only existing members are found.

    `everyone` is a direct message to every member, never a channel-wide ping.
    """
    raw = " ".join(text.split())
    if not raw:
        raise UserError(_("Say who should get it.") + " " + _(TARGET_HELP))
    lowered = raw.lower()
    if lowered in ("everyone", "all", "@everyone"):
        query = select(Member).where(Member.community_id == community.id).order_by(Member.id)
        members = list((await session.execute(query)).scalars())
        recipients = tuple(Recipient(member_address(community, m), m) for m in members)
        label = ngettext(
            "everyone ({n} person, by direct message)",
            "everyone ({n} people, by direct message)",
            len(members),
        )
        return Target("everyone", label, recipients)
    if raw.startswith(("#", "<#")):
        ref = parse_channel(raw)
        channel = ref.channel_id or ref.name
        assert channel is not None
        address = Address(
            community.platform, community.external_id, channel, None, None, ref.name or channel
        )
        return Target(raw, ref.shown(), (Recipient(address, None),))
    if raw.startswith(("@", "<@")):
        user = parse_user(raw)
        if person is not None:  # a request's: someone named by id is looked up if new
            member = await person(user)
        else:
            found = await find_member(session, community.id, user_id=user.user_id, name=user.name)
            if found is None:
                raise NotFound(
                    _(
                        "I don't know {person} here yet; they need to use the bot once first.",
                        person=user.shown(),
                    )
                )
            member = found
        recipient = Recipient(member_address(community, member), member)
        return Target(f"@{member.user_id}", f"@{member.display_name}", (recipient,), member)
    prefix, sep, value = raw.partition(":")
    if sep and prefix.lower() in target_kinds:
        if not value.strip():
            raise UserError(
                _("{prefix}: needs a value, e.g. {prefix}:fractions-cycle.", prefix=prefix)
            )
        kind = target_kinds[prefix.lower()]
        recipients = tuple(await kind.resolve(session, community, value.strip()))
        return Target(f"{prefix.lower()}:{value.strip()}", raw, recipients)
    raise UserError(_("“{raw}” is not a target.", raw=raw) + " " + _(TARGET_HELP))


def recipient_key(recipient: Recipient) -> str:
    """How a recipient's held share is keyed on its delivery row: a person's user id, or
    "#<channel id>" for a channel."""
    address = recipient.address
    if address.user:
        return address.user
    return f"#{address.channel}" if address.channel else ""


def holds_per_recipient(schedule: Schedule) -> bool:
    """A target of several people (everyone, a team) reaches each by direct message, so
    quiet hours are each person's own: the engine holds each share separately."""
    return not schedule.target.startswith(("#", "<#", "@", "<@"))
