"""The command line: one module per family of commands, and shell.py for what they share."""
