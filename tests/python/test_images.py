"""MNIST-style centring of the user's digits: crop to the ink, 20 of 28 pixels, centre of mass at
the centre (how MNIST's digits were made: LeCun et al.'s description of the data set)."""

import io

import numpy as np
import pytest
from PIL import Image

from gentlenn.data import load_mnist
from gentlenn.errors import BadArgumentError
from gentlenn.experiments import train_digits
from gentlenn.images import load_digit_images, read_digit


def drawn(pixels, scale, left, top, canvas=280):
    """An MNIST digit drawn as a user would: dark ink on white, at some size and place on a canvas."""
    side = int(28 * scale)
    digit = Image.fromarray((255 - pixels.reshape(28, 28)).astype(np.uint8)).resize((side, side), Image.BILINEAR)
    paper = Image.new("L", (canvas, canvas), 255)
    paper.paste(digit, (left, top))
    out = io.BytesIO()
    paper.save(out, "PNG")
    out.seek(0)
    return out


def test_centring_puts_the_ink_in_a_20_pixel_box_around_the_centre_of_mass():
    d = load_mnist("sample")
    p = read_digit(drawn(d.X_test[0], 3, 5, 170), "digit", center=True).reshape(28, 28)
    rows, cols = np.nonzero(p > 0.1 * p.max())
    assert max(np.ptp(rows), np.ptp(cols)) + 1 in (19, 20, 21)
    ys, xs = np.indices(p.shape)
    assert abs((ys * p).sum() / p.sum() - 13.5) <= 1 and abs((xs * p).sum() / p.sum() - 13.5) <= 1
    assert p.min() >= 0 and p.max() <= 255


def test_a_digit_drawn_small_and_off_centre_is_read_far_better_centred(tmp_path):
    d = load_mnist("sample")
    clf = train_digits(d, hidden_nodes=100, learning_rate=0.2, epochs=2, random_state=0).classifier
    rng = np.random.default_rng(0)
    plain, centred = [], []
    for i in range(60):
        scale = rng.uniform(2, 5)
        left, top = rng.integers(0, 280 - int(28 * scale), size=2)
        img = drawn(d.X_test[i], scale, int(left), int(top))
        plain.append(read_digit(img, "d"))
        img.seek(0)
        centred.append(read_digit(img, "d", center=True))
    acc_plain = np.mean(clf.predict(np.array(plain)) == d.y_test[:60])
    acc_centred = np.mean(clf.predict(np.array(centred)) == d.y_test[:60])
    assert acc_centred >= 0.75 and acc_centred > acc_plain + 0.3, (acc_plain, acc_centred)
    path = tmp_path / "digit.png"
    path.write_bytes(drawn(d.X_test[0], 3, 10, 10).getvalue())
    assert np.array_equal(load_digit_images([path], center=True)[0], read_digit(path, "x", center=True))
    with pytest.raises(BadArgumentError, match="center must be True or False"):
        load_digit_images([path], center="yes")
