"""Which cells the execution report counts as fits."""

from d2l_build.execution_record import trains


def test_a_direct_fit_call_trains():
    assert trains(
        'trainer = d2l.Trainer(max_epochs=10)\ntrainer.fit(model, data)', set()
    )


def test_a_function_around_fit_trains_where_it_is_called_not_where_defined():
    trainers = set()
    helper = 'def train(model, epochs):\n    d2l.Trainer(max_epochs=epochs).fit(model, data)\n'
    assert not trains(helper, trainers)
    assert trainers == {'train'}
    assert trains('for h in (1, 2):\n    acc = train(MLP(h), epochs=3)', trainers)
    assert not trains('fig, ax = plt.subplots()', trainers)
    wrapper = 'def evaluate(config, epochs):\n    return train(DeepMLP(**config), epochs)[-1]\n'
    assert not trains(wrapper, trainers)
    assert trainers == {'train', 'evaluate'}
    assert trains('best = max(evaluate(c, 1) for c in configs)', trainers)


def test_magics_fall_back_to_the_text():
    assert trains('%%time\ntrainer.fit(model, data)', set())
    assert not trains('%matplotlib inline', set())
