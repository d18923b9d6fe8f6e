from lint.cli import entry

entry()
