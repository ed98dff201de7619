"""The operator command line: `xiuhua token`, `xiuhua seed`."""
