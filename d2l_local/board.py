"""`ProgressBoard`: training curves that redraw in place in a notebook."""

import sys


def _in_notebook():
    # A Jupyter kernel (not a terminal IPython, not plain Python) can show
    # figures inline and replace them as training goes on.
    ipython = sys.modules.get('IPython')
    shell = ipython.get_ipython() if ipython else None
    return shell is not None and 'IPKernelApp' in getattr(shell, 'config', {})


class ProgressBoard:
    """Curves of named series (train_loss, val_loss, val_acc) against epochs.

    `draw` adds points; `show` redraws the figure (in a notebook, in place);
    `render` returns the matplotlib figure, e.g. to save it.
    Redrawing once per epoch keeps the cost of plotting negligible next to
    training. The final figure is shown as a PNG under the cell.
    """

    STYLES = {'train_loss': '-', 'val_loss': '--', 'val_acc': '-.'}

    def __init__(
        self, xlabel='epoch', xlim=None, ylim=(0, 1.0), figsize=(4.5, 3), display=None
    ):
        self.xlabel, self.xlim, self.ylim, self.figsize = xlabel, xlim, ylim, figsize
        self.display = _in_notebook() if display is None else display
        self.data = {}
        self.fig = None

    def draw(self, x, y, label):
        """Record point (x, y) of the series `label`."""
        xs, ys = self.data.setdefault(label, ([], []))
        xs.append(float(x))
        ys.append(float(y))

    def _figure(self):
        if self.fig is None:
            # Import lazily: a fit outside a notebook never pays for pyplot.
            import matplotlib.pyplot as plt

            self.fig, self.axes = plt.subplots(figsize=self.figsize)
            plt.close(self.fig)  # shown by us, not by the inline backend
            self.lines = {}
        return self.fig

    def render(self):
        """Update the figure's lines from the recorded points."""
        fig = self._figure()
        ax = self.axes
        for label, (xs, ys) in self.data.items():
            if label not in self.lines:
                (self.lines[label],) = ax.plot(
                    xs, ys, self.STYLES.get(label, '-'), label=label
                )
            self.lines[label].set_data(xs, ys)
        ax.set_xlabel(self.xlabel)
        if self.xlim:
            ax.set_xlim(*self.xlim)
        if self.ylim:
            ax.set_ylim(*self.ylim)
        ax.grid(True, alpha=0.3)
        # One row above the axes: wherever the curves run (accuracy ends
        # near the top right, loss starts near the top left), the legend
        # covers none of them. tight_layout makes room for it.
        ax.legend(
            loc='lower center',
            bbox_to_anchor=(0.5, 1.0),
            ncol=3,
            frameon=False,
            borderaxespad=0.2,
            handlelength=2.5,
        )
        fig.tight_layout()
        return fig

    def show(self):
        """Redraw the figure in place in a notebook; elsewhere do nothing.

        The figure is displayed once and then updated through its display
        id, so the cell keeps a single figure output (which is also what
        nbval sees), not one per epoch.
        """
        if not self.display:
            return
        from IPython import display

        fig = self.render()
        if getattr(self, 'handle', None) is None:
            self.handle = display.display(fig, display_id=True)
        else:
            self.handle.update(fig)
