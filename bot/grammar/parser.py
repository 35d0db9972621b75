"""The text grammar: `/family sub positional words key:value key:"quoted value"`.

The same grammar serves Slack and the console. What Slack and phones do to
text is undone first: curly quotes quote like straight ones, and Slack's
`<@U123|name>` mentions and `<https://...>` links stay whole tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.grammar.registry import Registry
from bot.grammar.spec import FREE_TEXT_TYPES, Args, Family, Option, OptionType, SubCommand
from bot.grammar.values import convert
from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.text.storable import refusal, storable, unstorable
from bot.text.suggest import did_you_mean

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "\u00a0": " ",
    }
)
_OPTION = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,39}):(.*)$", re.DOTALL)
# Words that look like `key:` but are not options: link schemes.
_NOT_OPTIONS = frozenset({"http", "https", "mailto", "ftp", "tel"})


@dataclass(frozen=True)
class Token:
    text: str
    quoted: bool = False  # the whole value was quoted
    key: str | None = None  # set for key:value tokens


@dataclass(frozen=True)
class ParsedCommand:
    family: Family
    sub: SubCommand
    args: Args

    @property
    def name(self) -> str:
        return f"{self.family.name} {self.sub.name}"


@dataclass(frozen=True)
class HelpRequest:
    family: Family | None = None
    sub: SubCommand | None = None


def normalise_text(text: str) -> str:
    return text.translate(_QUOTES)


def tokenize(text: str) -> list[Token]:
    """Split text into words, quoted strings and key:value pairs."""
    text = normalise_text(text)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        quoted_value: str | None = None
        key: str | None = None
        if text[i] in "\"'":
            quoted_value, i = _read_quoted(text, i)
        if quoted_value is None:
            while i < n and not text[i].isspace():
                if text[i] == ":" and i + 1 < n and text[i + 1] in "\"'":
                    candidate = text[start:i]
                    if _OPTION.match(candidate + ":"):
                        key = candidate
                        value, end = _read_quoted(text, i + 1)
                        if value is not None:
                            quoted_value, i = value, end
                            break
                        key = None
                i += 1
        if quoted_value is not None:
            if key is not None:
                tokens.append(Token(quoted_value, quoted=True, key=key.lower()))
            else:
                tokens.append(Token(quoted_value, quoted=True))
            continue
        word = text[start:i]
        match = _OPTION.match(word)
        if match and match.group(1).lower() not in _NOT_OPTIONS and not word.startswith("<"):
            tokens.append(Token(match.group(2), key=match.group(1).lower()))
        else:
            tokens.append(Token(word))
    return tokens


def _read_quoted(text: str, i: int) -> tuple[str | None, int]:
    """Read a quoted string starting at text[i]; an apostrophe inside a word is not a quote."""
    quote = text[i]
    end = text.find(quote, i + 1)
    if quote == "'":
        # A single quote only closes before a space or the end: "don't" stays a word.
        while end != -1 and end + 1 < len(text) and not text[end + 1].isspace():
            end = text.find(quote, end + 1)
        if end == -1:
            return None, i
    if end == -1:
        return text[i + 1 :], len(text)  # an unclosed quote runs to the end
    return text[i + 1 : end], end + 1


class Parser:
    """Parses command text against the registry's declarations."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def parse(self, text: str) -> ParsedCommand | HelpRequest:
        problem = unstorable(text)  # before anything is read: it could never be saved
        if problem:
            raise UserError(refusal(problem))
        tokens = tokenize(text)
        if not tokens:
            return HelpRequest()
        head = tokens[0]
        name = head.text.lstrip("/").lower() if head.key is None else ""
        family = self.registry.family(name)
        if family is None:
            hint = did_you_mean(name, self.registry.names(), prefix="/")
            raise UserError(
                _("There is no command /{name}.", name=name or head.text)
                + hint
                + " "
                + _("Try /praxis help.")
            )
        rest = tokens[1:]
        return self.parse_family(family, rest)

    def parse_family(self, family: Family, rest: list[Token]) -> ParsedCommand | HelpRequest:
        if rest and rest[0].key is None and not rest[0].quoted:
            word = rest[0].text.lower()
            if family.umbrella and family.sub(word) is None:
                other = self.registry.family(word.lstrip("/"))
                if other is not None and other is not family:
                    return self.parse_family(other, rest[1:])
            if word == "help" and family.sub("help") is None:
                topic = rest[1].text.lower() if len(rest) > 1 else None
                return HelpRequest(family, family.sub(topic) if topic else None)
            sub = family.sub(word)
            if sub is not None:
                if len(rest) == 2 and rest[1].key is None and rest[1].text.lower() == "help":
                    return HelpRequest(family, sub)
                return ParsedCommand(family, sub, bind_tokens(family, sub, rest[1:]))
        if family.default is not None:
            sub = family.sub(family.default)
            assert sub is not None
            return ParsedCommand(family, sub, bind_tokens(family, sub, rest))
        if not rest:
            own_help = family.sub("help")  # e.g. /praxis alone: the family's own help command
            if own_help is not None:
                return ParsedCommand(family, own_help, bind_tokens(family, own_help, []))
            return HelpRequest(family)
        word = rest[0].text
        names = [s.name for s in family.subcommands]
        hint = did_you_mean(word, names, prefix=f"/{family.name} ")
        raise UserError(
            _("/{family} has no “{word}”.", family=family.name, word=word) + hint,
            usage=" | ".join(f"/{family.name} {n}" for n in names),
        )


def bind_tokens(family: Family, sub: SubCommand, tokens: list[Token]) -> Args:
    """Give each token to its option, then check and type every value."""
    usage = family.usage(sub)
    raw: dict[str, str] = {}
    positionals = list(sub.positionals)
    rest_option: Option | None = None
    rest_words: list[str] = []
    last_option: Option | None = None
    for token in tokens:
        if token.key is not None:
            option = sub.option(token.key)
            if option is None:
                names = [o.name for o in sub.options if not o.positional]
                hint = did_you_mean(token.key, names, suffix=":")
                if not names:
                    raise UserError(
                        _(
                            "/{family} {sub} takes no options like {option}:.",
                            family=family.name,
                            sub=sub.name,
                            option=token.key,
                        ),
                        usage=usage,
                        option=token.key,
                    )
                raise UserError(
                    _("Unknown option {option}:.", option=token.key) + hint,
                    usage=usage,
                    option=token.key,
                )
            if option.name in raw:
                raise UserError(
                    _("{option}: is given twice.", option=option.name),
                    usage=usage,
                    option=option.name,
                )
            if not token.text.strip():
                raise UserError(
                    _("{option}: needs a value.", option=option.name),
                    usage=usage,
                    option=option.name,
                )
            raw[option.name] = token.text
            last_option = option if not token.quoted else None
            continue
        if rest_option is not None:
            rest_words.append(token.text)
            continue
        while positionals and positionals[0].name in raw:
            positionals.pop(0)
        if positionals:
            option = positionals.pop(0)
            if option.rest:
                rest_option = option
                rest_words.append(token.text)
            else:
                raw[option.name] = token.text
            last_option = None
            continue
        if last_option is not None and _continues(last_option, raw[last_option.name], token):
            raw[last_option.name] = f"{raw[last_option.name]} {token.text}"
            continue
        raise UserError(_("I don't know what to do with “{word}”.", word=token.text), usage=usage)
    if rest_option is not None and rest_words:
        raw[rest_option.name] = " ".join(rest_words)
    try:
        return bind_values(sub, raw)
    except UserError as error:
        raise error.with_usage(usage) from None


def _continues(option: Option, value: str, token: Token) -> bool:
    """Whether a bare word belongs to the option before it (`tags:a, b` or `when:every day 8`)."""
    if option.type in FREE_TEXT_TYPES:
        return True
    if option.type is OptionType.LIST:
        return value.endswith(",") or token.text.startswith(",")
    return False


def bind_values(sub: SubCommand, raw: dict[str, str]) -> Args:
    """Check raw values (from text or from Discord) against the declaration."""
    values: dict[str, object] = {}
    for name in raw:
        if sub.option(name) is None:
            raise UserError(_("Unknown option {option}:.", option=storable(name)), option=name)
    for option in sub.options:
        text = raw.get(option.name)
        if text is None or not text.strip():
            if option.required:
                label = f"<{option.name}>" if option.positional else f"{option.name}:"
                raise UserError(_("Missing {option}.", option=label), option=option.name)
            values[option.name] = None
            continue
        values[option.name] = convert(option, text)
    return Args(values)
