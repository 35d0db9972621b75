"""Commands generated from the registry's own declarations, seeded and reproducible.

`CommandFuzzer` walks every family's sub-commands and options (bot.grammar.spec) and makes
commands people could send: mostly well-formed values of each option's type (ids that hit
rows made earlier, real time zones, recurrences, targets, dates), and a share of mistakes
(a wrong type, a value out of range, hostile text: mentions, markdown, long words, far
dates, a lone surrogate). Each is typed text (Slack, the console) or already separated
(Discord's structured options). People click buttons of earlier replies and fill in forms.
The same seed gives the same commands, so a failure can be replayed from its seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.grammar.registry import Registry
from bot.grammar.spec import Option, OptionType, SubCommand
from bot.kernel.model import Address, Identity, Request, StructuredCommand, TextCommand
from bot.kernel.reply import Buttons, Form, Reply

WORDS = [
    "fractions",
    "number",
    "line",
    "proportional",
    "reasoning",
    "equity",
    "voice",
    "discourse",
    "rubric",
    "task",
    "student",
    "thinking",
    "launch",
    "explore",
    "summarize",
    "ratio",
    "table",
    "area",
    "model",
    "identity",
    "belonging",
    "access",
    "rigor",
    "norms",
    "grade7",
    "warm-up",
    "exit",
    "ticket",
    "talk",
    "moves",
]
HOSTILE = (
    "<!channel>",
    "@everyone",
    "@here",
    "<@U0OTHER>",
    "<#C0SECRET>",
    "**bold** __under__ ~~strike~~ `code`",
    "# heading",
    "> quote",
    "&amp; &lt; <script>",
    "[link](https://evil.example)",
    "é 🙂 \u200b 𝑥² Ω",
    "\\\\ \\* \\_",
    "\"quoted\" 'single' “curly”",
    "\ud83d",  # half an emoji: cannot be stored, must be refused politely
    "\x00",
)
ZONES = ("UTC", "America/Chicago", "America/New_York", "Europe/Berlin", "Asia/Kolkata")
RECURRENCES = (
    "every day 8:00",
    "every weekday 15:30",
    "every monday 8:00",
    "every 2 weeks on friday 14:00",
    "every month on day 1 9:00",
    "cron 0 8 * * 1",
    "tomorrow 8am",
    "in 3 days",
    "in 2 hours",
    "every wednesday 6:00 tz:Europe/Berlin",
    "every tuesday 22:30",
    "9999-12-31 23:00",
    "every blursday",
    "cron 99 * * * *",
    "yesterday",
)
# Options whose default costs far more than the rest of a command (a report draws its charts
# with matplotlib, a quarter of a second each): usually given, as the cheap choice, so the
# costly path is taken dozens of times rather than hundreds.
COSTLY = {"charts": "no"}
DURATIONS = ("30d", "2w", "1d", "90 minutes", "3 days", "10y", "forever", "-5d", "0d")
DATES = ("2026-12-01", "2027-01-15", "2026-11-30", "9999-12-31", "1899-01-01", "2026-02-30", "soon")
TIMES = ("8:00", "15:30", "8am", "noon", "25:00", "soon")


def _makes_schedule(sub: SubCommand) -> bool:
    return any(o.type is OptionType.RECURRENCE for o in sub.options)


@dataclass
class Persona:
    user: str
    community: str

    def address(self) -> Address:
        return Address("console", self.community, "general", None, None, "general")

    def identity(self) -> Identity:
        return Identity(self.user, self.user)


@dataclass
class CommandFuzzer:
    registry: Registry
    seed: int
    personas: list[Persona]
    rng: random.Random = field(init=False)
    cycles: list[str] = field(default_factory=lambda: ["Fractions", "Ratios"])
    pending: list[tuple[Persona, Request]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.subs = [(f, s) for f in self.registry for s in f.subcommands]
        # Making a schedule is rarer than using one (and each one made is delivered for
        # the sixty days that follow): half the weight of any other command.
        self.weights = [0.5 if s.options and _makes_schedule(s) else 1.0 for _, s in self.subs]

    # -- values ------------------------------------------------------------------------

    def words(self, low: int = 1, high: int = 8) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def text(self, option: Option) -> str:
        roll = self.rng.random()
        if roll < 0.06:
            return self.rng.choice(HOSTILE) + " " + self.words()
        if roll < 0.09:  # as long as allowed, or longer
            size = option.max_length + self.rng.choice((-1, 0, 1, 40))
            return ("ab& " * (size // 4 + 1))[: max(size, 1)]
        if roll < 0.10:
            return "x" * self.rng.randint(200, 3000)  # one long word: nowhere to break it
        return self.words()

    def value(self, option: Option) -> str:
        rng, name = self.rng, option.name
        mistake = rng.random() < 0.07
        match option.type:
            case OptionType.INTEGER:
                if mistake:
                    return rng.choice(("many", "-1", "0", "99999999999999999999", "1.5"))
                low = option.min_value if option.min_value is not None else 1
                high = option.max_value if option.max_value is not None else low + 4
                return str(rng.randint(low, high))
            case OptionType.ID:
                return (
                    rng.choice(("#0", "abc", "12345678901")) if mistake else f"{rng.randint(1, 25)}"
                )
            case OptionType.CHOICE:
                if mistake:
                    return rng.choice(("nope", option.choices[0].upper() + "x"))
                return rng.choice(option.choices)
            case OptionType.DATE:
                return rng.choice(DATES)
            case OptionType.TIME:
                return rng.choice(TIMES)
            case OptionType.DURATION:
                return rng.choice(DURATIONS)
            case OptionType.RECURRENCE:
                return rng.choice(RECURRENCES)
            case OptionType.URL:
                if mistake:
                    return rng.choice(("not a link", "ftp://x", "javascript:alert(1)"))
                return f"https://example.org/{rng.choice(WORDS)}/{rng.randint(1, 60)}"
            case OptionType.USER:
                if mistake:
                    return rng.choice(("nobody here", "<@>", "@"))
                return "@" + rng.choice(self.personas).user
            case OptionType.CHANNEL:
                return rng.choice(("#grade7", "#general", "not a channel"))
            case OptionType.LIST:
                return ",".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
            case OptionType.BOOL:
                return rng.choice(("yes", "no", "yes", "maybe"))
            case OptionType.TARGET:
                targets = ("#grade7", "everyone", "@" + rng.choice(self.personas).user)
                return rng.choice((*targets, f"team:{rng.choice(self.cycles)}", "team:nope"))
        if name == "timezone":
            return rng.choice((*ZONES, "Mars/Olympus"))
        if name == "quiet-hours":
            return rng.choice(("21:00-07:00", "22:00-06:30", "always"))
        if name in ("cycle", "name") and option.required and rng.random() < 0.8:
            return rng.choice(self.cycles)
        if name == "date":
            return rng.choice(DATES)
        if name == "since":
            return rng.choice((*DURATIONS, *DATES))
        if name in ("tag", "pool", "focus"):
            return rng.choice(("voice", "rigor", "identity", "reflect", "plan", "nope"))
        return self.text(option)

    # -- commands ----------------------------------------------------------------------

    def command(
        self, sub: SubCommand, family: str, structured: bool
    ) -> TextCommand | StructuredCommand:
        values: dict[str, str] = {}
        for option in sub.options:
            if option.name in COSTLY and self.rng.random() < 0.9:
                values[option.name] = COSTLY[option.name]
            elif option.required or self.rng.random() < 0.35:
                values[option.name] = self.value(option)
        if self.rng.random() < 0.02 and sub.options:  # an option given twice, or unknown
            values["colour"] = "blue"
        if structured:
            return StructuredCommand(family, sub.name, values)
        parts = [f"/{family}", sub.name]
        for option in sub.options:
            if option.name not in values:
                continue
            text = values[option.name].replace('"', "'")
            parts.append(f'"{text}"' if option.positional and " " in text else text)
            if not option.positional:
                parts[-1] = f'{option.name}:"{text}"'
        if "colour" in values:
            parts.append("colour:blue")
        return TextCommand(" ".join(parts))

    def next(self) -> tuple[Persona, Request]:
        if self.pending:
            return self.pending.pop(0)
        persona = self.rng.choice(self.personas)
        family, sub = self.rng.choices(self.subs, self.weights)[0]
        if family.name == "praxis" and sub.name == "forget-me" and self.rng.random() < 0.95:
            sub = family.sub("whoami") or sub  # forgetting oneself: rarely, as in life
        command = self.command(sub, family.name, structured=self.rng.random() < 0.35)
        return persona, Request(persona.address(), persona.identity(), command)

    def follow(self, persona: Persona, reply: Reply, form_command) -> None:
        """Sometimes click a button of the reply, or fill in its form."""
        buttons = [b for block in reply.blocks if isinstance(block, Buttons) for b in block.buttons]
        if buttons and self.rng.random() < 0.3:
            click = self.rng.choice(buttons).command
            self.pending.append(
                (persona, Request(persona.address(), persona.identity(), TextCommand(click)))
            )
        if reply.form is not None and self.rng.random() < 0.8:
            self.pending.append((persona, self._submit(persona, reply.form, form_command)))

    def _submit(self, persona: Persona, form: Form, form_command) -> Request:
        values = {}
        for field_ in form.fields:
            if field_.required or self.rng.random() < 0.6:
                values[field_.name] = self.text(Option(field_.name, max_length=field_.max_length))
        command = form_command(self.registry, form, values)
        return Request(persona.address(), persona.identity(), command)

    def __iter__(self) -> Iterator[tuple[Persona, Request]]:
        while True:
            yield self.next()
