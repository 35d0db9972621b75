"""A person's suggested target is the platform's mention form whenever the reader accepts it."""

from __future__ import annotations

from bot.lookup.targets import person_value
from storage.community import Member


def _member(user_id: str, name: str) -> Member:
    return Member(user_id=user_id, display_name=name, name_key=name.lower())


def test_a_person_is_named_by_their_platform_id() -> None:
    assert person_value(_member("80351110224678912", "María Hernández")) == "<@80351110224678912>"
    assert person_value(_member("U024BE7LH", "María Hernández")) == "<@U024BE7LH>"
    assert person_value(_member("maria", "María Hernández")) == "@maria"
