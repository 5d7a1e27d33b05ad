"""What every framework flavour of d2l_local must do, held to numpy.

Run once per framework, in that framework's environment:
`pytest tests/frameworks --framework jax`.
"""

import numpy as np
import pytest
import reference as ref

TOL = 1e-5


def small(fw, data, n_train=2048, n_val=512):
    """A FashionMNIST module cut down to a few batches, for quick fits."""
    d = fw.d2l.FashionMNIST(batch_size=256)
    d.train = tuple(a[:n_train] for a in data.train)
    d.val = tuple(a[:n_val] for a in data.val)
    return d


# -- the helpers the chapter leans on ---------------------------------------
def test_save_hyperparameters_stores_init_arguments(fw):
    model = fw.MLPScratch(num_inputs=784, num_outputs=10, num_hiddens=64, lr=0.5)
    assert (
        model.num_inputs,
        model.num_outputs,
        model.num_hiddens,
        model.lr,
        model.sigma,
    ) == (784, 10, 64, 0.5, 0.01)


def test_save_hyperparameters_skips_ignored_names(fw):
    class Thing(fw.d2l.HyperParameters):
        def __init__(self, a, b, c=3):
            self.save_hyperparameters(ignore=['b'])

    thing = Thing(1, 2)
    assert (thing.a, thing.c) == (1, 3) and not hasattr(thing, 'b')


def test_add_to_class_adds_a_method(fw):
    class Counter:
        def __init__(self):
            self.n = 1

    @fw.d2l.add_to_class(Counter)
    def double(self):
        return 2 * self.n

    assert Counter().double() == 2


# -- data --------------------------------------------------------------------
def test_batches_have_the_expected_shapes(fw, data):
    batches = list(data.train_dataloader())
    assert len(batches) == 235  # ceil(60000 / 256)
    X, y = batches[0]
    assert tuple(X.shape) == (256,) + fw.image_shape
    assert tuple(y.shape) == (256,)
    assert tuple(batches[-1][0].shape) == (60000 - 234 * 256,) + fw.image_shape
    Xn = fw.numpy(X)
    assert Xn.dtype == np.float32 and 0 <= Xn.min() and Xn.max() <= 1
    assert sum(int(b[1].shape[0]) for b in data.val_dataloader()) == 10000


def test_each_epoch_sees_every_example_once_in_a_new_order(fw, data):
    first = np.concatenate([fw.numpy(y) for _, y in data.train_dataloader()])
    second = np.concatenate([fw.numpy(y) for _, y in data.train_dataloader()])
    assert np.bincount(first).tolist() == [6000] * 10
    assert np.bincount(second).tolist() == [6000] * 10
    assert not np.array_equal(first, second)


def test_text_labels(fw, data):
    assert data.text_labels([0, 9]) == ['t-shirt', 'ankle boot']


# -- the model against the numpy reference ------------------------------------
def test_scratch_logits_loss_and_gradients_match_numpy(fw):
    w = ref.make_weights()
    X, y = ref.make_batch()
    model = fw.scratch(w)
    logits = fw.logits(model, X)
    expected_logits, _ = ref.forward(w, X)
    np.testing.assert_allclose(logits, expected_logits, atol=TOL, rtol=TOL)
    loss, grads = fw.loss_and_grads(model, X, y)
    expected_loss, expected_grads = ref.loss_and_grads(w, X, y)
    assert abs(loss - expected_loss) < TOL
    for k in ('W1', 'b1', 'W2', 'b2'):
        np.testing.assert_allclose(
            grads[k], expected_grads[k], atol=TOL, rtol=TOL, err_msg=k
        )


def test_loss_and_accuracy_match_numpy(fw):
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 3, (32, 10)).astype(np.float32)
    y = rng.integers(0, 10, 32).astype(np.int32)
    model = fw.concise()
    np.testing.assert_allclose(
        fw.loss(model, logits, y, averaged=False),
        ref.cross_entropy(logits, y),
        atol=TOL,
        rtol=TOL,
    )
    assert (
        abs(float(fw.loss(model, logits, y)) - ref.cross_entropy(logits, y).mean())
        < TOL
    )
    assert fw.accuracy(model, logits, y) == pytest.approx(ref.accuracy(logits, y))


def test_concise_model_gives_logits_per_class(fw):
    X, _ = ref.make_batch(n=8)
    images = X.reshape((8,) + fw.image_shape)
    assert fw.logits(fw.concise(), images).shape == (8, 10)


@pytest.mark.parametrize('clip_fraction', [0, 0.5, 2.0])
def test_one_sgd_step_matches_the_hand_computed_update(fw, clip_fraction):
    """With gradient_clip_val > 0 the gradients are scaled down to that
    global norm (0.5: halved) and left alone below it (2.0)."""
    w = ref.make_weights()
    X, y = ref.make_batch()
    expected_loss, grads = ref.loss_and_grads(w, X, y)
    norm = np.sqrt(
        sum(float((g.astype(np.float64) ** 2).sum()) for g in grads.values())
    )
    clip = clip_fraction * norm
    scale = min(1.0, clip / norm) if clip else 1.0
    model = fw.scratch(w, lr=0.5)
    trainer = fw.d2l.Trainer(max_epochs=1, gradient_clip_val=clip)
    Xt, yt = fw.tensor(X), fw.tensor(y)
    fw.prepare(trainer, model, Xt)
    loss = trainer.to_float(trainer.train_step(Xt, yt))
    assert abs(loss - expected_loss) < TOL
    new = fw.weights(model, trainer)
    for k in w:
        np.testing.assert_allclose(
            new[k], w[k] - 0.5 * scale * grads[k], atol=TOL, rtol=TOL, err_msg=k
        )


# -- training ------------------------------------------------------------------
def fit_small(fw, data, make_model, epochs=2, **trainer_args):
    fw.d2l.seed(0)
    trainer = fw.d2l.Trainer(max_epochs=epochs, **trainer_args)
    trainer.fit(make_model(), small(fw, data))
    return trainer.history


def test_fits_repeat_exactly_with_the_same_seed(fw, data, capsys):
    for make in (
        lambda: fw.MLPScratch(num_inputs=784, num_outputs=10, num_hiddens=64, lr=0.5),
        lambda: fw.concise(num_hiddens=64, lr=0.5),
    ):
        first = fit_small(fw, data, make)
        second = fit_small(fw, data, make)
        assert first == second
        assert first[-1]['val_loss'] < 2.0  # it learned: chance is ln 10 = 2.30
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4
    assert lines[-1].startswith('epoch 2: train_loss ')


def test_a_quiet_fit_shows_nothing_and_learns_the_same(fw, data, capsys):
    make = lambda: fw.concise(num_hiddens=16)  # noqa: E731
    loud = fit_small(fw, data, make, epochs=1)
    capsys.readouterr()
    quiet = fit_small(fw, data, make, epochs=1, quiet=True)
    assert capsys.readouterr().out == ''
    assert quiet == loud


def test_quiet_must_be_a_bool(fw):
    with pytest.raises(ValueError, match='quiet must be True or False'):
        fw.d2l.Trainer(max_epochs=1, quiet='yes')


def test_summary_line_is_rounded_to_three_decimals(fw, data, capsys):
    fit_small(fw, data, lambda: fw.concise(num_hiddens=16), epochs=1)
    line = capsys.readouterr().out.strip()
    import re

    assert re.fullmatch(
        r'epoch 1: train_loss \d\.\d{3}, val_loss \d\.\d{3}, '
        r'val_acc \d\.\d{3}',
        line,
    ), line


# -- bad input -----------------------------------------------------------------
@pytest.mark.parametrize(
    'name, value',
    [
        ('num_hiddens', 0),
        ('num_hiddens', -3),
        ('num_hiddens', 2.5),
        ('lr', 0),
        ('lr', -0.1),
        ('lr', float('nan')),
    ],
)
def test_bad_model_hyperparameters_are_refused(fw, name, value):
    args = dict(num_inputs=784, num_outputs=10, num_hiddens=256, lr=0.1)
    args[name] = value
    with pytest.raises(ValueError, match=f'{name} must be'):
        fw.MLPScratch(**args)


@pytest.mark.parametrize('batch_size', [0, -1, 1.5])
def test_bad_batch_size_is_refused(fw, batch_size):
    with pytest.raises(ValueError, match='batch_size must be a positive'):
        fw.d2l.FashionMNIST(batch_size=batch_size)


@pytest.mark.parametrize('max_epochs', [0, -2])
def test_bad_max_epochs_is_refused(fw, max_epochs):
    with pytest.raises(ValueError, match='max_epochs must be a positive'):
        fw.d2l.Trainer(max_epochs=max_epochs)


def test_unknown_framework_module_says_what_exists():
    import d2l_local

    with pytest.raises(ImportError):
        from d2l_local import caffe  # noqa: F401
    # PEP 562: an unknown attribute is an AttributeError, so hasattr works.
    with pytest.raises(AttributeError, match='flavours are mxnet, pytorch'):
        d2l_local.caffe  # noqa: B018
    assert not hasattr(d2l_local, 'caffe')
    with pytest.raises(ImportError, match="no framework 'theano'.*'jax'"):
        d2l_local.load('theano')


def test_the_flavour_exports_its_api(fw):
    from d2l_local import common

    missing = [n for n in common.API if not hasattr(fw.d2l, n)]
    assert not missing
    assert set(common.API) <= set(fw.d2l.__all__)


def test_clipping_changes_a_concise_fit_only_when_it_bites(fw, data):
    def make(lr=0.5):
        return lambda: fw.concise(num_hiddens=16, lr=lr)

    plain = fit_small(fw, data, make(), epochs=1)
    loose = fit_small(fw, data, make(), epochs=1, gradient_clip_val=1e6)
    tight = fit_small(fw, data, make(), epochs=1, gradient_clip_val=1e-7)
    frozen = fit_small(fw, data, make(lr=1e-7), epochs=1)  # same start, no steps
    assert loose[0]['train_loss'] == pytest.approx(plain[0]['train_loss'], abs=1e-5)
    # steps of norm 0.5e-7 leave the weights where they started
    assert tight[0]['val_loss'] == pytest.approx(frozen[0]['val_loss'], abs=1e-4)
    assert abs(plain[0]['val_loss'] - frozen[0]['val_loss']) > 0.01


@pytest.mark.parametrize('value', [-1.0, float('nan'), 'big', True])
def test_bad_gradient_clip_values_are_refused(fw, value):
    with pytest.raises(ValueError, match='gradient_clip_val must be'):
        fw.d2l.Trainer(max_epochs=1, gradient_clip_val=value)


def test_an_overridden_training_step_is_what_trains(fw, data):
    """The trainer must drive the model through `training_step` (d2l's
    contract): a model that shifts its loss there reports the shifted loss."""
    shift = 1000.0

    class Shifted(fw.MLP):
        def training_step(self, *args):
            return super().training_step(*args) + shift

    history = fit_small(fw, data, lambda: fw.concise(num_hiddens=16), epochs=1)
    shifted = fit_small(
        fw, data, lambda: Shifted(num_outputs=10, num_hiddens=16, lr=0.1), epochs=1
    )
    # The constant does not change the gradients: same fit, shifted loss.
    assert shifted[0]['train_loss'] == pytest.approx(
        history[0]['train_loss'] + shift, abs=1e-2
    )
    assert shifted[0]['val_acc'] == pytest.approx(history[0]['val_acc'], abs=1e-6)


def test_the_trainer_validates_through_validation_step(fw, data):
    class Lossless(fw.MLP):
        def validation_step(self, *args):
            loss, correct = super().validation_step(*args)
            return loss * 0, correct

    history = fit_small(
        fw, data, lambda: Lossless(num_outputs=10, num_hiddens=16, lr=0.1), epochs=1
    )
    assert history[0]['val_loss'] == 0 and history[0]['val_acc'] > 0


def test_wrong_input_shape_is_explained(fw, data):
    model = fw.MLPScratch(num_inputs=100, num_outputs=10, num_hiddens=8, lr=0.1)
    with pytest.raises(ValueError, match='expects 100 input features'):
        fw.d2l.Trainer(max_epochs=1).fit(model, small(fw, data))


def test_a_diverging_loss_stops_training_with_advice(fw, data):
    d = small(fw, data)
    d.train = (np.full_like(d.train[0], np.nan), d.train[1])
    model = fw.MLPScratch(num_inputs=784, num_outputs=10, num_hiddens=8, lr=0.1)
    with pytest.raises(FloatingPointError, match='Lower the learning rate'):
        fw.d2l.Trainer(max_epochs=1).fit(model, d)
