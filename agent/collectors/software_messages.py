"""English and Mongolian texts of the software inventory on the agent."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "software.no_database": (
            "no package database found (dpkg, rpm or the Windows registry)",
            "багцын сан олдсонгүй (dpkg, rpm эсвэл Windows-ийн бүртгэл)",
        ),
        "software.unreadable": (
            "cannot read the package database {file}: {reason}",
            "багцын сан {file}-г уншиж чадсангүй: {reason}",
        ),
        "software.rpm_failed": (
            "rpm could not list the installed packages: {reason}",
            "rpm суулгасан багцуудыг жагсааж чадсангүй: {reason}",
        ),
        "software.registry_failed": (
            "cannot read the Uninstall keys of the registry: {reason}",
            "бүртгэлийн Uninstall түлхүүрийг уншиж чадсангүй: {reason}",
        ),
    }
)
