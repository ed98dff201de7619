"""The operator command line: `xiuhua token`, `xiuhua login`, `xiuhua seed`, `xiuhua status`."""
