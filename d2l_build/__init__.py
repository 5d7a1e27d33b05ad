"""The code that splits, merges, records and judges the book's notebooks.

Each module is a command as well as a library: run it from the repository
root as ``python -m d2l_build.<module>`` (the make scripts in tools/ do).
Nothing is imported here, so that a command loads only what it needs.
"""
