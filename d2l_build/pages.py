"""What each chapter must show, by page: it belongs to the chapter that has it.

A page without an entry trains nothing and has no math; a new chapter that
trains or shows math adds its own entry. Read by tests/consistency (the
executed notebooks) and meant for the HTML tests too.
"""

CHAPTERS = {
    'mlp-implementation': {
        'fits': 2,  # trainer.fit cells
        'epochs': 10,  # the epoch the last summary line reports
        'min_val_acc': 0.84,
        'math': True,  # the page shows equations
    },
    # The worked exercises train dozens of small models through one helper,
    # `train`, which returns accuracies instead of printing a summary line:
    # no trainer.fit cell, so none of the chapter's per-fit checks apply.
    'mlp-exercises': {
        'fits': 0,
        'math': True,
    },
}


def expectations(page):
    """The expectations of a page; {} for a page that has none."""
    return CHAPTERS.get(page, {})
