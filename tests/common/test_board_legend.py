"""The legend of the training plot covers none of the curves."""

from pathlib import Path

import numpy as np
import pytest

from d2l_local.board import ProgressBoard

SHOTS = Path(__file__).resolve().parents[2] / '_build' / 'screenshots'


def chapter_like_board():
    """Curves shaped like the chapter's fits: loss 1.0 -> 0.4 falling,
    validation accuracy 0.75 -> 0.86 rising, points per half epoch."""
    board = ProgressBoard(display=False)
    for step in range(1, 21):
        epoch = step / 2
        board.draw(epoch, 0.4 + 0.6 * np.exp(-(epoch - 0.5) / 2), 'train_loss')
        if step % 2 == 0:
            board.draw(epoch, 0.38 + 0.25 * np.exp(-(epoch - 1) / 3), 'val_loss')
            board.draw(epoch, 0.86 - 0.11 * np.exp(-(epoch - 1) / 3), 'val_acc')
    return board


def legend_hits(fig):
    """Display-space points of the drawn curves that fall under the legend."""
    fig.canvas.draw()
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    hits = []
    for line in ax.get_lines():
        xs, ys = line.get_data()
        # Points along every segment, not just the vertices.
        t = np.linspace(0, 1, 50)[:, None]
        dense = np.concatenate(
            [
                np.column_stack([x0 + (x1 - x0) * t[:, 0], y0 + (y1 - y0) * t[:, 0]])
                for x0, x1, y0, y1 in zip(xs[:-1], xs[1:], ys[:-1], ys[1:])
            ]
        )
        shown = ax.transData.transform(dense)
        inside = (
            (shown[:, 0] >= box.x0)
            & (shown[:, 0] <= box.x1)
            & (shown[:, 1] >= box.y0)
            & (shown[:, 1] <= box.y1)
        )
        if inside.any():
            hits.append(line.get_label())
    return hits, box


def test_the_legend_covers_no_curve():
    pytest.importorskip('matplotlib')
    fig = chapter_like_board().render()
    hits, box = legend_hits(fig)
    assert not hits, f'the legend covers {hits}'
    width, height = fig.canvas.get_width_height()
    assert 0 <= box.x0 and box.x1 <= width and 0 <= box.y0 and box.y1 <= height, (
        'the legend is cut off by the figure edge'
    )
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ['train_loss', 'val_loss', 'val_acc']
    SHOTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(SHOTS / 'board_legend.png')


def test_the_check_sees_a_legend_over_a_curve():
    """The old placement (upper right) sits on the end of val_acc."""
    pytest.importorskip('matplotlib')
    fig = chapter_like_board().render()
    fig.axes[0].legend(loc='upper right')
    hits, _ = legend_hits(fig)
    assert 'val_acc' in hits
