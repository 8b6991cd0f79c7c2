"""What the playground's pages may ask for, declared as parameter specifications.

The playground serves these tables at ``/api/settings`` and its inputs take their ``value``,
``min`` and ``max`` from them; the server checks every request body with :func:`parse` before any
work starts. The defaults are the core's own (:mod:`gentlenn.book`); only the bounds are the
playground's, kept small so that one browser tab cannot occupy a shared machine.
"""

from __future__ import annotations

from ..book import DIGITS_LEARNING_RATE, HIDDEN_NODES, SLOPE_LEARNING_RATE, SLOPE_MARGIN
from ..data import IRIS_FEATURE, IRIS_SPECIES_PAIR, IRIS_TWO_CLASSES
from ..errors import GentlennError, PlaygroundError
from ..spec import BOOLEAN, NONE, SEED, Interval, ListOf, Options, check_value, parameters

#: The playground's caps: a training of at most this size answers in seconds on a laptop.
MAX_HIDDEN_NODES = 500
MAX_EPOCHS = 20
MAX_SLOPE_EPOCHS = 100
MAX_LEARNING_RATE = 10.0
MAX_SLOPE_LEARNING_RATE = 2.0  # beyond 2 every moderated update overshoots
SLOPE_BOUND = 100.0
SLOPE_SEED = 42  # the page opens on the run the README shows


def slope_settings(dataset="iris", species=IRIS_TWO_CLASSES, features=("sepal_length", "sepal_width"), slope=None,
                   learning_rate=SLOPE_LEARNING_RATE, margin=SLOPE_MARGIN, epochs=1, shuffle=False, seed=SLOPE_SEED):
    """The slope page's settings (see :func:`gentlenn.slope.slope_run`)."""
    return dict(dataset=dataset, species=list(species), features=list(features), slope=slope,
                learning_rate=learning_rate, margin=margin, epochs=epochs, shuffle=shuffle, seed=seed)


slope_settings._parameter_constraints = {
    "dataset": Options("bugs", "iris"),
    "species": IRIS_SPECIES_PAIR,
    "features": ListOf(IRIS_FEATURE, length=2, distinct=True),
    "slope": (NONE, Interval("real", -SLOPE_BOUND, SLOPE_BOUND)),
    "learning_rate": Interval("real", 0, MAX_SLOPE_LEARNING_RATE, closed="right"),
    "margin": Interval("real", 0, 10),
    "epochs": Interval("integer", 1, MAX_SLOPE_EPOCHS),
    "shuffle": BOOLEAN,
    "seed": SEED,
}


#: Two passes over the sample: the page's first training reaches about 0.93 in seconds.
TRAIN_EPOCHS = 2


def train_settings(data="sample", hidden_nodes=HIDDEN_NODES, learning_rate=DIGITS_LEARNING_RATE, epochs=TRAIN_EPOCHS,
                   seed=0):
    """The digit page's training settings."""
    return dict(data=data, hidden_nodes=hidden_nodes, learning_rate=learning_rate, epochs=epochs, seed=seed)


train_settings._parameter_constraints = {
    "data": Options("sample", "fashion"),
    "hidden_nodes": Interval("integer", 1, MAX_HIDDEN_NODES),
    "learning_rate": Interval("real", 0, MAX_LEARNING_RATE, closed="right"),
    "epochs": Interval("integer", 1, MAX_EPOCHS),
    "seed": SEED,
}

FORMS = {"slope": slope_settings, "train": train_settings}


def parse(form, body):
    """A request body (a JSON object) checked against the form's specification: unknown keys and
    bad values are a :class:`~gentlenn.errors.PlaygroundError` with the argument's name; missing
    keys take their defaults."""
    fn = FORMS[form]
    if not isinstance(body, dict):
        raise PlaygroundError("the request must be a JSON object", argument="body", value=body,
                              expected="a JSON object")
    constraints = fn._parameter_constraints
    unknown = sorted(set(body) - set(constraints), key=str)
    if unknown:
        raise PlaygroundError(f"unknown setting {unknown[0]!r}; the {form} form takes "
                              f"{', '.join(constraints)}", argument=str(unknown[0]), value=body[unknown[0]],
                              expected="one of " + ", ".join(constraints))
    checked = {}
    for name, cs in constraints.items():
        if name in body:
            try:
                checked[name] = check_value(body[name], cs, name)
            except PlaygroundError:
                raise
            except GentlennError as exc:  # the core's classed error, re-raised as the playground's (HTTP 400)
                raise PlaygroundError(str(exc), argument=name, value=body[name],
                                      expected=getattr(exc, "expected", None)) from None
    return fn(**checked)


def forms():
    """What ``/api/settings`` answers: each form's parameters (constraints and defaults)."""
    return {form: parameters(f"playground_{form}") for form in FORMS}


__all__ = ["parse", "forms", "slope_settings", "train_settings", "FORMS"]


def _attrs(form, name, step=None):
    """``value``, ``min`` and ``max`` of one input from its parameter's specification."""
    entry = parameters(f"playground_{form}")[name]
    interval = next(c for c in entry["constraints"] if c["type"] in ("real", "integer"))
    out = []
    default = entry.get("default")
    if default is not None:
        out.append(f'value="{default}"')
    low, high, closed = interval["low"], interval["high"], interval["closed"]
    if low is not None:
        open_low = closed in ("right", "neither")
        out.append(f'min="{low + float(step) if open_low and step else low}"')
    if high is not None:
        out.append(f'max="{high}"')
    if step:
        out.append(f'step="{step}"')
    return " ".join(out)


def _options(form, name, index=None):
    """``<option>`` elements for a choice, the default (or its ``index``-th element) selected."""
    import html

    entry = parameters(f"playground_{form}")[name]
    c = entry["constraints"][0]
    choices = c["choices"] if c["type"] == "string" else c["items"][0]["choices"]
    default = entry.get("default")
    chosen = default[int(index)] if index is not None else default
    return "".join(f'<option{" selected" if v == chosen else ""}>{html.escape(v)}</option>' for v in choices)


def render(page):
    """Fill a page's ``{{attrs FORM PARAM [STEP]}}`` and ``{{options FORM PARAM [INDEX]}}`` from the
    specifications, so no default, bound or choice is written in the HTML."""
    import re

    def fill(m):
        kind, args = m.group(1), m.group(2).split()
        return _attrs(*args) if kind == "attrs" else _options(*args)

    return re.sub(r"\{\{(attrs|options) ([^}]+)\}\}", fill, page)
