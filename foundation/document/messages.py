"""English and Mongolian texts the document renderers write themselves: the XLSX cover
sheet's name. (A missing font is foundation.messages' `document.no_font`.)"""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "sheet.cover": ("Report", "Тайлан"),
    }
)
