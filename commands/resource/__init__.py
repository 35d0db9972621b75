"""/resource: the community's lasting, searchable library of tasks, rubrics, lessons and cases."""

from __future__ import annotations

from bot.grammar.spec import Family, MessageAction, Option, OptionType, PersonalData, SubCommand
from bot.kernel.i18n import ngettext
from bot.kernel.roles import Role
from commands.resource import figures, handlers, home
from commands.resource.choices import (
    FOCUS_ACTION_ALIASES,
    GRADE_ALIASES,
    SORT_ALIASES,
    TYPE_ALIASES,
)
from commands.resource.demo import seed_demo
from commands.resource.lookups import LOOKUPS
from storage import resources as library
from storage.resource_models import GRADE_BANDS, RESOURCE_TYPES
from storage.resources import ResourceRating, ResourceSave
from storage.search import SORTS

_ID = Option("id", OptionType.ID, required=True, positional=True, autocomplete="resource")
_PAGE = Option("page", OptionType.INTEGER, min_value=1, max_value=1000, help="which page")
_CONFIRM_TEXT = Option(
    "confirm", OptionType.BOOL, help="yes: the details flagged in the text are fine"
)
_LABELS = (
    Option(
        "grade", OptionType.CHOICE, choices=GRADE_BANDS, help="grade band", aliases=GRADE_ALIASES
    ),
    Option(
        "standard",
        OptionType.LIST,
        max_length=300,
        help="standard codes, e.g. 7.RP.A.2,7.RP.A.3",
        autocomplete="standard",
    ),
    Option(
        "focus",
        OptionType.LIST,
        max_length=300,
        help="equity focus, see /resource focus",
        autocomplete="focus",
    ),
    Option(
        "tags",
        OptionType.LIST,
        max_length=400,
        help="tags, e.g. number-talks,fractions",
        autocomplete="tag",
    ),
    Option("description", max_length=2000, help="what it is and how you used it"),
)

FAMILY = Family(
    name="resource",
    help="The library: share tasks, rubrics, lessons and articles; search, rate and save them.",
    details=(
        "Search ignores case and accents; filters narrow it; with only filters you get "
        "the newest first. A link already shared here is shown, not added twice."
    ),
    subcommands=(
        SubCommand(
            "share",
            "Add a resource to the library; its card is posted in the channel.",
            (
                Option("url", OptionType.URL, required=True, max_length=2000, help="http(s) link"),
                Option("title", required=True, max_length=200, help="a short title"),
                Option(
                    "type",
                    OptionType.CHOICE,
                    required=True,
                    choices=RESOURCE_TYPES,
                    help="kind",
                    aliases=TYPE_ALIASES,
                ),
                *_LABELS,
                _CONFIRM_TEXT,
            ),
            handler=handlers.share,
        ),
        SubCommand(
            "share-form",
            "The share form, filled in with a link and a description if you give them.",
            (
                Option("url", max_length=2000, help="the link to fill in"),
                Option("description", max_length=2000, help="the description to fill in"),
            ),
            handler=handlers.share_form,
            details="Save as resource on a message (Slack's shortcut, Discord's Apps menu) "
            "opens this form with the message's link and text.",
        ),
        SubCommand(
            "search",
            "Ranked search with filters, a page at a time.",
            (
                Option(
                    "query",
                    positional=True,
                    rest=True,
                    max_length=300,
                    metavar="words",
                    help="words to look for",
                ),
                Option(
                    "type",
                    OptionType.CHOICE,
                    choices=RESOURCE_TYPES,
                    help="kind",
                    aliases=TYPE_ALIASES,
                ),
                Option(
                    "grade",
                    OptionType.CHOICE,
                    choices=GRADE_BANDS,
                    help="grade band",
                    aliases=GRADE_ALIASES,
                ),
                Option(
                    "standard",
                    max_length=30,
                    help="a code; 7.RP also finds 7.RP.A.2",
                    autocomplete="standard",
                ),
                Option("focus", max_length=40, help="an equity focus", autocomplete="focus"),
                Option("tag", max_length=40, help="a tag", autocomplete="tag"),
                Option("by", OptionType.USER, metavar="@user", help="who shared it"),
                Option(
                    "sort",
                    OptionType.CHOICE,
                    choices=SORTS,
                    help="default relevance",
                    aliases=SORT_ALIASES,
                ),
                _PAGE,
            ),
            handler=handlers.search,
        ),
        SubCommand(
            "show", "One resource, with rate and save buttons.", (_ID,), handler=handlers.show
        ),
        SubCommand(
            "edit",
            "Change a resource you shared (facilitators: any).",
            (
                _ID,
                Option("title", max_length=200),
                Option("type", OptionType.CHOICE, choices=RESOURCE_TYPES, aliases=TYPE_ALIASES),
                Option("url", OptionType.URL, max_length=2000),
                *_LABELS,
                _CONFIRM_TEXT,
            ),
            handler=handlers.edit,
        ),
        SubCommand(
            "remove",
            "Remove a resource you shared (facilitators: any); asks for confirm:yes.",
            (
                _ID,
                Option("note", max_length=1000, help="why, for its sharer"),
                Option("confirm", OptionType.BOOL, help="yes: remove it"),
            ),
            handler=handlers.remove,
            details="A facilitator removing someone's resource tells its sharer.",
        ),
        SubCommand(
            "hide",
            "Take a resource out of the library and send it back to its sharer to fix.",
            (
                _ID,
                Option("note", max_length=1000, help="what to fix, for its sharer"),
                Option("confirm", OptionType.BOOL, help="yes: hide it now"),
            ),
            role=Role.FACILITATOR,
            handler=handlers.hide,
            refusal="Only facilitators can hide a resource.",
            details=(
                "The library copy goes at once; the sharer gets a direct message with what "
                "they shared and your note, to fix and share again; the audit log records it."
            ),
        ),
        SubCommand(
            "rate",
            "Rate a resource 1 to 5; rating again changes your rating.",
            (
                _ID,
                Option(
                    "stars",
                    OptionType.INTEGER,
                    required=True,
                    positional=True,
                    min_value=1,
                    max_value=5,
                    metavar="1-5",
                ),
            ),
            handler=handlers.rate,
        ),
        SubCommand("save", "Bookmark a resource for yourself.", (_ID,), handler=handlers.save),
        SubCommand(
            "unsave", "Take a resource off your saved list.", (_ID,), handler=handlers.unsave
        ),
        SubCommand("mine", "Resources you shared.", (_PAGE,), handler=handlers.mine),
        SubCommand("saved", "Resources you saved.", (_PAGE,), handler=handlers.saved),
        SubCommand(
            "focus",
            "The equity-focus list; facilitators add or remove this community's own.",
            (
                Option(
                    "action",
                    OptionType.CHOICE,
                    positional=True,
                    choices=("add", "remove"),
                    aliases=FOCUS_ACTION_ALIASES,
                ),
                Option("tag", positional=True, max_length=40, metavar="tag", autocomplete="focus"),
            ),
            handler=handlers.focus,
        ),
    ),
    personal_data=(
        PersonalData(
            lambda n: ngettext("{n} resource rating", "{n} resource ratings", n),
            lambda session, member: library.count_member_marks(session, ResourceRating, member.id),
            lambda session, member: library.delete_member_ratings(session, member.id),
        ),
        PersonalData(
            lambda n: ngettext("{n} saved resource", "{n} saved resources", n),
            lambda session, member: library.count_member_marks(session, ResourceSave, member.id),
            lambda session, member: library.delete_member_saves(session, member.id),
        ),
    ),
    home=(home.HOME,),
    message_actions=(
        MessageAction(
            "Save as resource",
            "share-form",
            link_option="url",
            text_option="description",
            help="Open the share form with this message's link and text.",
        ),
    ),
    seed_demo=seed_demo,
    lookups=LOOKUPS,
    report_sections=(figures.SECTION,),
    exports=(figures.EXPORT,),
)
