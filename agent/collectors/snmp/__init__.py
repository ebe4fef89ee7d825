"""SNMP polling of the office's switches, routers, printers and UPSes.

`parse` turns raw varbinds into plain JSON-ready data and has no dependency on pysnmp;
`plan` holds what a poll is given (targets, limits), cheap to import;
`poller` talks to devices with pysnmp's asyncio API and is imported only when polling, so
commands that do not poll stay fast.
"""
