"""Charts drawn on the server as inline SVG: no JavaScript library, no internet.

`bar_chart` and `line_chart` lay a chart out (bars, polylines, axis labels and ticks, in
SVG user units); the template `indicators/_chart.html` draws it. Missing values (None)
leave a gap rather than a zero; the vertical scale starts at 0 and has five ticks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    href: str = ""


@dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    left: int = 60
    bottom: int = 0
    x_title: str = ""
    y_title: str = ""

    @property
    def x_mid(self) -> float:
        return (self.left + self.width) / 2

    @property
    def y_mid(self) -> float:
        return (10 + self.bottom) / 2


def _fmt(v: Decimal) -> str:
    return f"{v.normalize():f}" if v == v.to_integral_value() else f"{v:.2f}"


def _scale(values: list[Decimal | None]) -> Decimal:
    top = max((v for v in values if v is not None), default=Decimal(0))
    return top if top > 0 else Decimal(1)


def _ticks(top: Decimal, plot_top: int, plot_h: int) -> list[tuple[float, str]]:
    cent = Decimal("0.01")
    return [(plot_top + plot_h - plot_h * i / 4,
             _fmt((top * i / 4).quantize(cent, rounding=ROUND_HALF_UP))) for i in range(5)]


def bar_chart(title: str, labels: list[str], values: list[Decimal | None],
              hrefs: list[str] | None = None, width: int = 640, height: int = 240,
              x_title: str = "", y_title: str = "") -> Chart:
    chart = Chart(title=title, width=width, height=height, x_title=x_title, y_title=y_title)
    plot_top, plot_h = 10, height - 56
    chart.bottom = plot_top + plot_h
    top = _scale(values)
    slot = (width - chart.left - 10) / max(len(values), 1)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = float(plot_h * (value or 0) / top)
        x = chart.left + i * slot + slot * 0.15
        chart.bars.append(Bar(x=x, y=plot_top + plot_h - h, width=slot * 0.7, height=h,
                              label=label, value="–" if value is None else _fmt(value),
                              href=hrefs[i] if hrefs else ""))
        chart.x_labels.append((x + slot * 0.35, label))
    chart.y_ticks = _ticks(top, plot_top, plot_h)
    return chart


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[Decimal | None]]],
               width: int = 640, height: int = 240, x_title: str = "", y_title: str = ""
               ) -> Chart:
    chart = Chart(title=title, width=width, height=height, x_title=x_title, y_title=y_title)
    plot_top, plot_h = 10, height - 56
    chart.bottom = plot_top + plot_h
    top = _scale([v for _name, vals in series for v in vals])
    step = (width - chart.left - 20) / max(len(labels) - 1, 1)
    for idx, (name, vals) in enumerate(series):
        points = [(chart.left + 10 + i * step, plot_top + plot_h - float(plot_h * v / top), v)
                  for i, v in enumerate(vals) if v is not None]
        chart.lines.append({
            "name": name, "css": f"series-{idx}",
            "points": " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points),
            "dots": [(x, y, _fmt(v)) for x, y, v in points],
        })
    chart.x_labels = [(chart.left + 10 + i * step, label) for i, label in enumerate(labels)]
    chart.y_ticks = _ticks(top, plot_top, plot_h)
    return chart
