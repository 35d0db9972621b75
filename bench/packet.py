"""Benchmark the debrief packet: the chat message, its Markdown file and its PDF.

    .venv/bin/python bench/packet.py [--sizes 30,150,600] [--repeat 5]

For each size (notes in the lesson: 30 is three observers writing ten notes each; 600
is a long lesson with many observers) it builds a packet of that many notes on four
focus students, then times, per build, the chat message alone (the baseline: what the
bot sent before files existed), the Markdown file, and the PDF. Medians of --repeat
runs, in milliseconds, with each figure's ratio to the baseline of the same size; and
the PDF laid out with fpdf2's own table() (what the first version did) against ours.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTE = (
    "Señora Núñez's class: moved 3/4 past 1/2 on the number line and said “the pieces are bigger”"
)


def build(size: int):
    from commands.cycle.packet import Packet, PacketNote
    from storage.cycles import Cycle
    from storage.lesson_study import FocusStudent

    now = datetime(2026, 12, 15, 11, 0, tzinfo=UTC)
    cycle = Cycle(id=1, community_id=1, name="Fractions on a line", theme="Fractions as numbers")
    students = tuple(
        FocusStudent(code=code, position=i, watch_for="how they use the strip")
        for i, code in enumerate("ABCD")
    )
    notes = tuple(
        PacketNote(
            i * 60 // size, "explore", "ABCD"[i % 4] if i % 5 else "", f"observer{i % 3}", NOTE
        )
        for i in range(size)
    )
    return Packet(
        cycle=cycle,
        compiled=now,
        zone=ZoneInfo("UTC"),
        lesson="Tue 15 Dec 10:00",
        theme_notes=(),
        plan=(("Launch with paper strips", None),),
        students=students,
        notes=notes,
        team=(("Teacher", "maria"), ("Observers", "tom, diego, grace")),
        silent=(),
        held=0,
    )


def fpdf_table(pdf, header, rows, widths) -> None:
    """The layout we replaced, fpdf2's own table(), kept here to measure against."""
    from bot.reporting.pdf import FAMILY, printable

    pdf.set_font(FAMILY, "", 9)
    with pdf.table(col_widths=widths or None, text_align="LEFT", line_height=4.5) as table:
        for values in (header, *rows):
            row = table.row()
            for text in values:
                row.cell(printable(text))


def median_ms(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,150,600")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from bot.reporting.document import to_markdown
    from bot.reporting.pdf import to_pdf
    from commands.cycle.packet import packet_document, packet_reply

    to_pdf(packet_document(build(3)))  # imports and font cmap, once per process
    from bot.reporting import pdf as module

    ours = module._table
    columns = ("notes", "message ms", "markdown ms", "pdf ms", "fpdf table", "pages", "pdf KiB")
    print(" ".join(f"{c:>11}" for c in columns), " ratios: md, pdf to message; fpdf table to pdf")
    for size in (int(s) for s in args.sizes.split(",")):
        packet = build(size)
        base = median_ms(lambda p=packet: packet_reply(p), args.repeat)
        md = median_ms(lambda p=packet: to_markdown(packet_document(p)), args.repeat)
        pdf = median_ms(lambda p=packet: to_pdf(packet_document(p)), args.repeat)
        module._table = fpdf_table
        try:
            old = median_ms(lambda p=packet: to_pdf(packet_document(p)), max(1, args.repeat // 2))
        finally:
            module._table = ours
        data = to_pdf(packet_document(packet))
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
        print(
            f"{size:>11} {base:>11.2f} {md:>11.2f} {pdf:>11.1f} {old:>11.1f} {pages:>11} "
            f"{len(data) / 1024:>11.1f}  {md / base:.0f}x, {pdf / base:.0f}x; {old / pdf:.1f}x"
        )


if __name__ == "__main__":
    main()
