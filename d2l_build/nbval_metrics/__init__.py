"""nbval, strict everywhere except training metrics, which get a tolerance.

`compare` holds the rule, `plugin` plugs it into nbval, `tolerance` holds the
measured figures.
"""
