"""A closed set's names read in the reader's language; what is stored stays as it is."""

from __future__ import annotations

from bot.kernel.language import Language, speaking
from commands.cycle.texts import PHASES, ROLES_PLURAL


def test_names_follow_the_reader_and_unknown_keys_read_as_stored() -> None:
    with speaking(Language.EN):
        assert PHASES["teach"] == "teach"
        assert ROLES_PLURAL["observer"] == "observers"
    with speaking(Language.ES):
        spanish = PHASES["teach"]
        assert spanish != "teach" and spanish == spanish.lower()
        assert ROLES_PLURAL["observer"] != "observers"
        assert PHASES["kept-from-before"] == "kept-from-before"
