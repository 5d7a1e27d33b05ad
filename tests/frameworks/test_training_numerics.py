"""Training through `Trainer` equals plain SGD, on the real data pipeline.

A compiled, asynchronously dispatched training step must compute exactly
what a plain, eager update computes: the same batches, the same gradients,
the same new weights, also when validation work is queued between steps.
These tests would have caught fits that diverged because a step read or
overwrote memory still in use (buffer donation, batches aliasing numpy
memory) on one library version but not another. The two tests after it
pin those two mechanisms down directly, on every version: a step frees no
parameters a reader still holds, and a served batch never aliases the
data module's arrays.
"""

import math

import numpy as np
import pytest
import reference as ref

from d2l_local.datamodule import Batches

TOL = 1e-5
LR = 0.1


def numpy_batches(data):
    """The batches `data` serves, as numpy arrays, drawn independently."""
    X, y = data.train
    return iter(
        Batches(
            X,
            y,
            data.batch_size,
            shuffle=True,
            rng=np.random.default_rng(data.seed),
            to_tensor=lambda a: a,
        )
    )


def test_steps_with_validation_queued_between_them_equal_plain_sgd(fw):
    data = fw.d2l.FashionMNIST(batch_size=256)
    w = ref.make_weights(seed=5)
    w = {k: v * 0.1 for k, v in w.items()}  # a realistic scale, no blow-up
    model = fw.scratch(w, lr=LR)
    trainer = fw.d2l.Trainer(max_epochs=1)
    batches = iter(data.train_dataloader())
    X0, _ = next(iter(data.val_dataloader()))
    fw.prepare(trainer, model, X0)
    trainer.val_dataloader = data.val_dataloader()
    expected = {k: v.astype(np.float64) for k, v in w.items()}
    plain = numpy_batches(data)
    for step in range(6):
        X, y = next(batches)
        trainer.train_step(X, y)
        if step in (1, 3):
            trainer.validate()  # queue evaluation work between steps
        Xn, yn = next(plain)
        _, grads = ref.loss_and_grads(expected, Xn, yn)
        expected = {k: expected[k] - LR * grads[k] for k in expected}
    got = fw.weights(model, trainer)
    for k in expected:
        np.testing.assert_allclose(got[k], expected[k], atol=TOL, rtol=TOL, err_msg=k)


def test_parameters_held_before_a_step_stay_readable(fw):
    # Donating the step's inputs frees them: a reader's earlier reference to
    # the weights (for a plot, a comparison) would then raise on use.
    w = {k: v * 0.1 for k, v in ref.make_weights(seed=5).items()}
    model = fw.scratch(w, lr=LR)
    trainer = fw.d2l.Trainer(max_epochs=1)
    data = fw.d2l.FashionMNIST(batch_size=256)
    X, y = next(iter(data.train_dataloader()))
    fw.prepare(trainer, model, X)
    held = fw.parameters(model, trainer)
    trainer.train_step(X, y)
    trainer.train_step(X, y)
    for k, v in held.items():
        assert np.isfinite(fw.numpy(v)).all(), k


def test_served_batches_do_not_change_when_the_dataset_does(fw):
    # A step is dispatched asynchronously in some frameworks: the batch it
    # reads must be the loader's own copy, not a view of the dataset.
    data = fw.d2l.FashionMNIST(batch_size=256)
    served = [next(iter(data.train_dataloader())), next(iter(data.val_dataloader()))]
    seen = [[fw.numpy(t).copy() for t in batch] for batch in served]
    for X, y in (data.train, data.val):
        X[...] = -1.0
        y[...] = -1
    for name, batch, before in zip(('train', 'val'), served, seen):
        for t, b in zip(batch, before):
            np.testing.assert_array_equal(fw.numpy(t), b, err_msg=name)


def test_one_epoch_of_the_chapters_model_learns(fw):
    data = fw.d2l.FashionMNIST(batch_size=256)
    trainer = fw.d2l.Trainer(max_epochs=1)
    trainer.fit(fw.concise(num_hiddens=256, lr=0.1), data)
    last = trainer.history[-1]
    assert math.isfinite(last['val_loss']) and last['val_loss'] < 1.0, last
    assert last['val_acc'] > 0.7, last


def test_reseeding_gives_a_fit_the_data_order_of_a_fresh_module(fw):
    # A fit's minibatches must not depend on what was trained before it: the
    # exercises page reseeds before each fit so its fits are independent.
    def first_labels(module):
        return [
            fw.numpy(y)[:8].tolist() for _, y in list(module.train_dataloader())[:3]
        ]

    fresh = first_labels(fw.d2l.FashionMNIST(batch_size=256, seed=5))
    used = fw.d2l.FashionMNIST(batch_size=256)
    first_labels(used)  # moves the module's shuffling on
    used.reseed(5)
    assert first_labels(used) == fresh
    assert first_labels(used) != fresh  # and it moves on from there


@pytest.mark.parametrize('bad', [-1, 1.5, True, '0'])
def test_reseed_takes_a_whole_number(fw, bad):
    data = fw.d2l.FashionMNIST(batch_size=256)
    with pytest.raises(ValueError, match=r'seed must be a whole number, 0 or more'):
        data.reseed(bad)
    with pytest.raises(ValueError, match=r'seed must be a whole number, 0 or more'):
        fw.d2l.FashionMNIST(batch_size=256, seed=bad)
