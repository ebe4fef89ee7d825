"""The device page's section of installed programs: name and version, one a line, from the
software document the hub keeps for the device (`inventory.risks.software`).

It reads in a thread worker of its own, once when the page opens and then once a minute (a
PC's programs change seldom, and a Debian PC lists hundreds), so the page's own polling of
health stays as light as it was.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from foundation.i18n import Problem
from inventory.risks.software import DevicePrograms, device_programs
from inventory.store.layout import Layout
from tui.context import Context
from tui.messages import T

SHOWN = 300
"""The most programs listed on the page; the rest are named by count."""
READ_SECONDS = 60.0


def program_lines(context: Context, device: str, found: DevicePrograms | None) -> list[str]:
    lang = context.lang
    if found is None:
        return [T(lang, "sw.page.none")]
    tz = context.config.office.timezone
    updated = found.updated.astimezone(tz).strftime("%Y-%m-%d %H:%M") if found.updated else "-"
    lines = [T(lang, "sw.page.count", count=len(found.programs), updated=updated)]
    if found.stale:
        lines.append(T(lang, "sw.page.stale"))
    lines += [f"{p.name}  {p.version or ''}".rstrip() for p in found.programs[:SHOWN]]
    if len(found.programs) > SHOWN:
        more = len(found.programs) - SHOWN
        lines.append(T(lang, "sw.page.more", count=more, device=device))
    return lines


class ProgramsSection(Vertical):
    """Heading and lines; `device` is the page's record key."""

    DEFAULT_CSS = """
    ProgramsSection { height: auto; }
    ProgramsSection #page-programs { padding: 0 1; }
    """

    def __init__(self, context: Context, device: str) -> None:
        super().__init__(id="page-programs-section")
        self.context = context
        self.device = device
        self.reads = 0
        """How many reads reached the section (tests wait on it)."""

    def compose(self) -> ComposeResult:
        yield Static(T(self.context.lang, "sw.page.heading"), classes="page-heading")
        yield Static(T(self.context.lang, "loading"), id="page-programs")

    def on_mount(self) -> None:
        self.read()
        self.set_interval(READ_SECONDS, self.read)

    @work(thread=True, exclusive=True, group="page-programs")
    def read(self) -> None:
        try:
            found = device_programs(Layout(self.context.config.hub_dir), self.device)
            text = "\n".join(program_lines(self.context, self.device, found))
        except Problem as exc:
            text = exc.text(self.context.lang)
        except OSError as exc:
            text = str(exc)
        self.app.call_from_thread(self._show, text)

    def _show(self, text: str) -> None:
        self.query_one("#page-programs", Static).update(text)
        self.reads += 1
