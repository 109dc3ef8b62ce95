"""cli_cmds layer."""
