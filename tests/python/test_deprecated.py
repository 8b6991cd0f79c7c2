"""0.1's module paths and names still work in 0.2, each with a DeprecationWarning naming the new one."""

import importlib

import numpy as np
import pytest

import gentlenn


@pytest.mark.parametrize("module, name, new", [
    ("gentlenn.mnist", "load_mnist", "gentlenn.data.load_mnist"),
    ("gentlenn.mnist", "download_mnist", "gentlenn.data.download_mnist"),
    ("gentlenn.digits", "read_idx_pair", "gentlenn.data.read_idx_pair"),
    ("gentlenn.datasets", "iris_two_class", "gentlenn.data.iris_two_class"),
    ("gentlenn.images", "augment_rotations", "gentlenn.augment.augment_rotations"),
])
def test_old_module_paths_warn_and_work(module, name, new):
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        old = getattr(importlib.import_module(module), name)
    target_module, target_name = new.rsplit(".", 1)
    assert old is getattr(importlib.import_module(target_module), target_name)


def test_load_fashion_mnist_is_load_mnist_fashion():
    with pytest.warns(DeprecationWarning, match="load_mnist\\('fashion'\\)"):
        old = gentlenn.load_fashion_mnist()
    new = gentlenn.load_mnist("fashion")
    assert np.array_equal(old[0], new.X_train) and np.array_equal(old[3], new.y_test)


def test_experiments_keeps_backquery_images():
    from gentlenn import experiments, network

    assert experiments.backquery_images is network.backquery_images


def test_training_history_answers_to_test_accuracy_with_a_warning():
    from gentlenn.data import DigitData
    from gentlenn.experiments import train_digits

    d = gentlenn.load_mnist("sample", test_size=100, random_state=0)
    run = train_digits(DigitData(d.X_train[:300], d.X_test, d.y_train[:300], d.y_test), hidden_nodes=5,
                       epochs=2, random_state=0)
    assert "test_accuracy" not in run.history.columns  # one name: the estimator's val_accuracy
    with pytest.warns(DeprecationWarning, match="'test_accuracy' is deprecated: use 'val_accuracy'"):
        by_item = run.history["test_accuracy"]
    with pytest.warns(DeprecationWarning, match="use 'val_accuracy'"):
        by_attribute = run.history.test_accuracy
    assert by_item.tolist() == by_attribute.tolist() == run.history["val_accuracy"].tolist()
    assert by_item.iloc[-1] == run.accuracy == run.classifier.history_.val_accuracy.iloc[-1]
    with pytest.raises(KeyError):
        run.history["accuracy_typo"]
    assert type(run.history.head(1)) is type(run.history.copy()) is __import__("pandas").DataFrame
