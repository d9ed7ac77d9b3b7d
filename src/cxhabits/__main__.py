from cxhabits.cli.main import entry

entry()
