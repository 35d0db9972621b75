"""Charts are real PNG images, sized for chat, and not blank."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image as PILImage
from PIL import ImageStat

from bot.reporting.charts import Bar, by_category, participation_over_time

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def check_png(data: bytes) -> PILImage.Image:
    assert data.startswith(PNG_MAGIC)
    PILImage.open(io.BytesIO(data)).verify()  # a valid, complete PNG
    image = PILImage.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    assert 600 <= width <= 1600 and 300 <= height <= 1200, image.size
    assert len(data) < 400_000
    assert ImageStat.Stat(image).stddev[0] > 10, "the chart looks blank"
    return image


def test_participation_over_time_is_a_readable_png() -> None:
    start = date(2026, 9, 7)
    weeks = [(start + timedelta(days=7 * i), count) for i, count in enumerate([3, 5, 4, 8, 6, 9])]
    check_png(participation_over_time(weeks, "Active members per week"))


def test_by_district_is_a_readable_png() -> None:
    bars = [Bar("Riverside Unified", 5, 3), Bar("Eastside ISD", 2, 4), Bar("not set", 0, 1)]
    check_png(by_category(bars, "Active members by district", current="now", previous="before"))


def test_a_chart_with_no_activity_still_draws_its_axes() -> None:
    check_png(participation_over_time([(date(2026, 11, 2), 0), (date(2026, 11, 9), 0)], "None"))
    check_png(by_category([], "Nobody yet", current="now", previous="before"))
