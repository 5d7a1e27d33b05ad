import matplotlib

matplotlib.use('Agg')

from d2l_local.board import ProgressBoard  # noqa: E402


def test_render_draws_one_line_per_series():
    board = ProgressBoard(display=False)
    for epoch in (1, 2, 3):
        board.draw(epoch, 1 / epoch, 'val_loss')
        board.draw(epoch, 0.5 + epoch / 10, 'val_acc')
    fig = board.render()
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    assert set(lines) == {'val_loss', 'val_acc'}
    assert list(lines['val_acc'].get_xdata()) == [1.0, 2.0, 3.0]
    assert list(lines['val_loss'].get_ydata()) == [1.0, 0.5, 1 / 3]


def test_redraw_updates_lines_instead_of_adding_them():
    board = ProgressBoard(display=False)
    board.draw(1, 0.3, 'train_loss')
    board.render()
    board.draw(2, 0.2, 'train_loss')
    fig = board.render()
    assert len(fig.axes[0].get_lines()) == 1
    assert list(fig.axes[0].get_lines()[0].get_ydata()) == [0.3, 0.2]


def test_outside_a_notebook_show_builds_no_figure():
    board = ProgressBoard()
    assert board.display is False
    board.draw(1, 0.3, 'train_loss')
    board.show()
    assert board.fig is None
