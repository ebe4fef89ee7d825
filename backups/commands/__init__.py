"""The subcommands of `soumnet-backup` that need nothing but the backups (the agent adds
`run`, its yearly job); each module holds the commands it is named for."""
