from cxhabits.cli import entry

entry()
