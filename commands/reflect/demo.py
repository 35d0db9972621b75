"""Sample reflections for `praxis demo`: the starter bank, an open prompt, a shared answer.

Idempotent: each sample is added only when its person has no reflection yet.
"""

from __future__ import annotations

from bot.dispatch.seeding import DemoContext
from commands.reflect.core import ensure_bank, send_prompt_to
from storage.reflect import Reflection, Share, Status, count_for_member, list_prompts


async def seed_demo(demo: DemoContext) -> None:
    await ensure_bank(demo.session, demo.community, demo.now)
    maria = demo.members.get("maria")
    if maria is not None and not await count_for_member(demo.session, maria):
        await send_prompt_to(demo.session, demo.community, maria, pool="voice", now=demo.now)
    tom = demo.members.get("tom")
    if tom is not None and not await count_for_member(demo.session, tom):
        prompts = await list_prompts(demo.session, demo.community.id)
        first = prompts[0] if prompts else None  # #1
        demo.session.add(
            Reflection(
                community_id=demo.community.id,
                member_id=tom.id,
                prompt_id=first.id if first else None,
                status=Status.ANSWERED.value,
                sent_at=demo.now,
                answer=(
                    "Pair talk before whole-class sharing brought in three students who had "
                    "not spoken all week. I want to keep the think time."
                ),
                share=Share.COMMUNITY.value,
                answered_at=demo.now,
            )
        )
