"""The hub: the office's records in TinyDB, written by one process (`soumnet-hub serve`)."""
