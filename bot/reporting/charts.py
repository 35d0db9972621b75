"""Charts as PNG images, for people who would rather look than read.

Drawn with matplotlib's Agg backend (no display, no pyplot global state, so
safe in a server and from a worker thread). Sized to be readable at chat size
(about 800 by 450 pixels, large type), every axis and bar labelled, and
coloured with the Okabe-Ito palette, which stays distinguishable with the
common colour-vision deficiencies; the "before" bars are also hatched, so
the chart reads in greyscale too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.kernel.i18n import _, date_text

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn, not when the bot starts
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
GREY = "#555555"

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 100


@dataclass(frozen=True)
class Bar:
    label: str
    current: int
    previous: int


def _figure(height_in: float = HEIGHT_IN) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _style(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=11)


def _integer_ticks(axis: Axis) -> None:
    """Counts of people have no fractions: ticks at whole numbers only."""
    from matplotlib.ticker import MaxNLocator

    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator is one
        locator.set_params(integer=True)


def participation_over_time(weeks: Sequence[tuple[date, int]], title: str) -> bytes:
    """A line of active members per week; `weeks` is (week's first day, count), oldest first.

    Its texts are in the current reader's language (`asyncio.to_thread` carries it)."""
    figure = _figure()
    axes = figure.add_subplot()
    labels = [date_text(day, "month_day") for day, _count in weeks]
    counts = [count for _day, count in weeks]
    positions = list(range(len(weeks)))
    axes.plot(positions, counts, color=BLUE, linewidth=2.5, marker="o", markersize=7)
    axes.fill_between(positions, counts, color=SKY, alpha=0.25)
    for x, count in zip(positions, counts, strict=True):
        axes.annotate(
            str(count), (x, count), textcoords="offset points", xytext=(0, 8), ha="center",
            fontsize=11, color=GREY,
        )  # fmt: skip
    step = max(1, len(weeks) // 8)
    axes.set_xticks(positions[::step], labels[::step])
    axes.set_ylim(0, max([*counts, 1]) * 1.25)
    _integer_ticks(axes.yaxis)
    axes.set_xlabel(_("week starting"), fontsize=12)
    axes.set_ylabel(_("active members"), fontsize=12)
    axes.set_title(title, fontsize=14, loc="left")
    _style(axes)
    figure.tight_layout()
    return _png(figure)


def by_category(bars: Sequence[Bar], title: str, *, current: str, previous: str) -> bytes:
    """Grouped horizontal bars, this period beside the one before (e.g. by district)."""
    shown = list(bars)[:12]
    height = max(HEIGHT_IN, 1.6 + 0.55 * len(shown))
    figure = _figure(height)
    axes = figure.add_subplot()
    rows = list(range(len(shown)))[::-1]  # the first bar at the top
    thick = 0.38
    now_bars = axes.barh(
        [r + thick / 2 for r in rows], [b.current for b in shown], thick,
        color=BLUE, label=current,
    )  # fmt: skip
    before_bars = axes.barh(
        [r - thick / 2 for r in rows], [b.previous for b in shown], thick,
        color=ORANGE, hatch="//", edgecolor="white", label=previous,
    )  # fmt: skip
    axes.bar_label(now_bars, padding=3, fontsize=10)
    axes.bar_label(before_bars, padding=3, fontsize=10, color=GREY)
    axes.set_yticks(rows, [_short(b.label) for b in shown])
    most = max([1, *(b.current for b in shown), *(b.previous for b in shown)])
    axes.set_xlim(0, most * 1.2)
    _integer_ticks(axes.xaxis)
    axes.set_xlabel(_("active members"), fontsize=12)
    axes.set_title(title, fontsize=14, loc="left")
    axes.legend(loc="lower right", fontsize=10, frameon=False)
    _style(axes)
    figure.tight_layout()
    return _png(figure)


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
