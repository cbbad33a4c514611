help
help sweep
help width
