"""Numeric OIDs of the standard MIBs read by the poller: no MIB compilation while polling."""

from __future__ import annotations

# SNMPv2-MIB system group (RFC 3418)
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_LOCATION = "1.3.6.1.2.1.1.6.0"
SYSTEM_SCALARS = (SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_CONTACT, SYS_NAME, SYS_LOCATION)

# IF-MIB (RFC 2863)
IF_ENTRY = "1.3.6.1.2.1.2.2.1"
IFX_ENTRY = "1.3.6.1.2.1.31.1.1.1"

# HOST-RESOURCES-MIB (RFC 2790)
HR_STORAGE_ENTRY = "1.3.6.1.2.1.25.2.3.1"
HR_PROCESSOR_LOAD = "1.3.6.1.2.1.25.3.3.1.2"
HR_STORAGE_TYPES = "1.3.6.1.2.1.25.2.1"

# Printer-MIB (RFC 3805)
PRT_MARKER_LIFE_COUNT = "1.3.6.1.2.1.43.10.2.1.4"
PRT_SUPPLIES_ENTRY = "1.3.6.1.2.1.43.11.1.1"

# UPS-MIB (RFC 1628)
UPS_IDENT = "1.3.6.1.2.1.33.1.1"
UPS_BATTERY = "1.3.6.1.2.1.33.1.2"
UPS_OUTPUT = "1.3.6.1.2.1.33.1.4"
UPS_OUTPUT_SOURCE = "1.3.6.1.2.1.33.1.4.1.0"

# ENTITY-MIB (RFC 6933) entPhysicalTable
ENT_PHYSICAL_ENTRY = "1.3.6.1.2.1.47.1.1.1.1"

# What each part of a poll walks (the system group is read with one GET).
SECTIONS: dict[str, tuple[str, ...]] = {
    "interfaces": (IF_ENTRY, IFX_ENTRY),
    "host": (HR_PROCESSOR_LOAD, HR_STORAGE_ENTRY),
    "printer": (PRT_SUPPLIES_ENTRY, PRT_MARKER_LIFE_COUNT),
    "ups": (UPS_IDENT, UPS_BATTERY, UPS_OUTPUT),
    "entity": (ENT_PHYSICAL_ENTRY,),
}
ALL_SECTIONS = ("system", *SECTIONS)
