"""Writing a run's tables and figures: each under a temporary name, renamed into place, so a killed
run never leaves half a file (the command line and the demo write through these)."""

from __future__ import annotations

from ._files import atomic_path, atomic_write


def write_csv(df, path):
    """``df`` as CSV (floats to 17 digits, so they read back exactly)."""
    with atomic_write(path, "table") as fh:
        df.to_csv(fh, index=False, float_format="%.17g")
    return path


def save_figure(fig, path):
    """A matplotlib figure as PNG; the figure is closed (a long command draws many)."""
    import matplotlib.pyplot as plt

    try:
        with atomic_path(path, "figure") as tmp:
            fig.savefig(tmp, dpi=110)
    finally:
        plt.close(fig)
    return path


def save_animation(draw, path):
    """``draw(tmp_path)`` writes an animation; it lands at ``path`` only when finished."""
    with atomic_path(path, "animation") as tmp:
        draw(tmp)
    return path


__all__ = ["write_csv", "save_figure", "save_animation"]
