"""One fit of the chapter's concise MLP on a cut of the real data.

Imported by test_repeatability.py, and run as a script by it in a fresh
process (`python repeat_fit.py FRAMEWORK`), which prints the history as JSON.
"""

import importlib
import json
import sys

# About 280 steps: 6 epochs over 12,000 images in batches of 256.
N_TRAIN, N_VAL, EPOCHS, LR = 12000, 2000, 6, 0.3


def history(fw):
    fw.d2l.seed()  # as a fresh import leaves it
    data = fw.d2l.FashionMNIST(batch_size=256)
    data.train = tuple(a[:N_TRAIN] for a in data.train)
    data.val = tuple(a[:N_VAL] for a in data.val)
    trainer = fw.d2l.Trainer(max_epochs=EPOCHS)
    trainer.fit(fw.concise(num_hiddens=256, lr=LR), data)
    return trainer.history


if __name__ == '__main__':
    adapter = importlib.import_module(f'adapters.{sys.argv[1]}').Adapter()
    print(json.dumps(history(adapter)))
