"""One source of truth: the parameter specifications (gentlenn.spec) and every front end built from them.

The parity test generates, from each table, values that must be refused (each bound's neighbours,
wrong types, unknown choices, NaN) and feeds them to Python, the command line, the playground's
form and R: each refuses them before any work starts, naming the same argument.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from pathlib import Path

import pytest

import gentlenn
from gentlenn import spec
from gentlenn.errors import BadArgumentError, LimitError, r_classes

ROOT = Path(__file__).resolve().parents[2]
BUGS_X, BUGS_Y = [[3.0, 1.0], [1.0, 3.0]], ["ladybird", "caterpillar"]


def test_r_copy_of_the_table_is_current():
    """R reads the generated R/checks-spec.R: it must be what the core's table says now."""
    committed = (ROOT / "R" / "checks-spec.R").read_text()
    assert committed == spec.r_source(), "run: python -m gentlenn.spec --r > R/checks-spec.R"


def test_every_declared_parameter_is_in_the_callables_signature():
    for name, obj in spec._registry().items():
        declared = getattr(obj, "_parameter_constraints", {})
        target = obj.__init__ if isinstance(obj, type) else obj
        import inspect

        params = inspect.signature(target).parameters
        if any(p.kind is p.VAR_KEYWORD for p in params.values()):
            continue  # settings passed on through **kwargs
        assert set(declared) <= set(params), (name, set(declared) - set(params))


def test_table_json_round_trips_and_machine_bounds_are_named_not_written():
    text = json.dumps(spec.table())
    n_jobs = json.loads(text)["callables"]["experiment"]["n_jobs"]["constraints"][0]
    assert n_jobs["high"] is None and n_jobs["dynamic_high"] == "jobs_limit"


# --- invalid values generated from the tables ------------------------------------------------

def _bad_values(constraints):
    """Values no constraint of the parameter accepts: the bounds' outer neighbours, wrong types,
    an unknown choice, NaN, and integers beyond float64."""
    out = []
    numeric = [c for c in constraints if isinstance(c, spec.Interval)]
    strings = [c for c in constraints if isinstance(c, spec.Options)]
    for c in numeric:
        if c.low is not None:
            out.append(c.low if c.closed in ("right", "neither") else (c.low - 1 if c.kind == "integer" else
                                                                        math.nextafter(c.low, -math.inf)))
        if c.high is not None and not c.dynamic_high:
            out.append(c.high if c.closed in ("left", "neither") else c.high + 1)
        if c.kind == "integer":
            out.append(2.5)
    if numeric:
        out += [float("nan"), "text", 10 ** 400]
    if strings:
        out += ["no-such-choice", 3]
    if any(isinstance(c, spec.Boolean) for c in constraints):
        out += ["false", 1]
    if any(isinstance(c, spec.RangePair) for c in constraints):
        out += [(1.0, 1.0), (2.0, 1.0), (1.0, float("inf")), "ab"]
    return [v for v in out if not any(c.accepts(v) for c in constraints)]


def _cases(callables):
    cases = []
    for name in callables:
        for param, cs in spec._registry()[name]._parameter_constraints.items():
            cs = cs if isinstance(cs, (tuple, list)) else (cs,)
            for value in _bad_values(cs):
                cases.append((name, param, value))
    return cases


def _digits():
    from gentlenn.data import DigitData, load_digits_8x8

    X, y = load_digits_8x8()
    return DigitData(X[:60], X[60:80], y[:60], y[60:80])


PYTHON_CALLS = {
    "SlopeClassifier": lambda kw: gentlenn.SlopeClassifier(**kw).fit(BUGS_X, BUGS_Y),
    "slope_update": lambda kw: gentlenn.slope_update(**{"slope": 0.25, "x": 3.0, "target": 1.1, **kw}),
    "slope_learning_rate_study": lambda kw: gentlenn.slope_learning_rate_study(
        BUGS_X, BUGS_Y, **{"learning_rates": [0.5], "seeds": [1], **kw}),
    "NeuralNetwork": lambda kw: gentlenn.NeuralNetwork(**{"input_nodes": 3, "hidden_nodes": 3, "output_nodes": 3,
                                                          **kw}),
    "NeuralNetworkClassifier": lambda kw: gentlenn.NeuralNetworkClassifier(**kw).fit(BUGS_X * 3, BUGS_Y * 3),
    "train_digits": lambda kw: gentlenn.experiments.train_digits(_digits(), **kw),
    "experiment": lambda kw: gentlenn.experiments.experiment(_digits(), **{"vary": "learning_rate", "values": [0.1],
                                                                           "restarts": 1, **kw}),
    "error_surface": lambda kw: gentlenn.lessons.error_surface(**kw),
    "preparation_experiment": lambda kw: gentlenn.lessons.preparation_experiment(_digits(), **{
        "inputs": ["book"], "targets": ["book"], "weights": ["book"], "restarts": 1, "epochs": 1, "hidden_nodes": 3,
        **kw}),
    "iris_two_class": lambda kw: gentlenn.iris_two_class(**kw),
    "load_mnist": lambda kw: gentlenn.load_mnist(**kw),
    "load_digit_images": lambda kw: gentlenn.images.load_digit_images(["no-such-file.png"], **kw),
}


@pytest.mark.parametrize("name,param,value", _cases(PYTHON_CALLS), ids=repr)
def test_python_refuses_generated_invalid_values(name, param, value, monkeypatch):
    # nothing may train: a refused value must stop the call at its entry point
    import gentlenn.network as network

    monkeypatch.setattr(network, "train_epoch", lambda *a, **k: pytest.fail("training started"))
    with pytest.raises(BadArgumentError) as info:
        PYTHON_CALLS[name]({param: value})
    assert info.value.argument == param
    assert info.value.expected == spec.describe_constraints(spec.constraints_of(name, param))
    assert "gentlenn_bad_argument" in r_classes(type(info.value))


def test_machine_bound_is_a_limit_error_saying_how_to_raise_it(monkeypatch):
    monkeypatch.setenv("GENTLENN_MAX_JOBS", "3")
    with pytest.raises(LimitError, match="GENTLENN_MAX_JOBS") as info:
        spec.check_value(4, spec.N_JOBS, "n_jobs")
    assert info.value.argument == "n_jobs"
    assert spec.check_value(3, spec.N_JOBS, "n_jobs") == 3 and spec.check_value(-1, spec.N_JOBS, "n_jobs") == -1


# --- the command line: every flag built from a specification refuses the same values ----------

def _cli_flags():
    """(command, flag, callable, param) for every flag the parser built from a specification."""
    from gentlenn import cli

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    out = []
    for command, p in sub.choices.items():
        for action in p._actions:
            origin = getattr(action, "spec_origin", None)
            if origin:
                out.append((command, action.option_strings[0], *origin))
    return out


def _cli_cases():
    cases = []
    for command, flag, name, param in _cli_flags():
        cs = spec.constraints_of(name, param)
        if len(cs) == 1 and isinstance(cs[0], spec.ListOf):
            cs = cs[0].items
        for value in _bad_values(cs):
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                cases.append((command, flag, value))
    return cases


def test_cli_flags_come_from_the_specifications():
    flags = {(c, f) for c, f, _, _ in _cli_flags()}
    for expected in [("train", "--hidden-nodes"), ("train", "--learning-rate"), ("slope", "--margin"),
                     ("experiment", "--n-jobs"), ("error-surface", "--starts"), ("slope", "--x")]:
        assert expected in flags


@pytest.mark.parametrize("command,flag,value", _cli_cases(), ids=repr)
def test_cli_refuses_generated_invalid_values(command, flag, value, tmp_path):
    from gentlenn import cli

    err = io.StringIO()
    argv = [command] + (["learning-rate"] if command == "experiment" else []) + [flag, str(value)]
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as info:
        cli.main(argv + (["--out", str(tmp_path)] if command not in ("playground",) else []))
    assert info.value.code == 2
    assert f"argument {flag}" in err.getvalue() or flag in err.getvalue()
    assert not any(tmp_path.iterdir()), "nothing may be written for a refused value"


# --- the playground's forms ---------------------------------------------------------------

@pytest.mark.parametrize("form,param,value", [
    (form, param, value)
    for form, fn in __import__("gentlenn.playground.settings", fromlist=["FORMS"]).FORMS.items()
    for param, cs in fn._parameter_constraints.items()
    for value in _bad_values(cs if isinstance(cs, (tuple, list)) else (cs,))
    if not (isinstance(value, float) and (math.isnan(value)))  # JSON has no NaN
], ids=repr)
def test_playground_forms_refuse_generated_invalid_values(form, param, value):
    from gentlenn.errors import PlaygroundError
    from gentlenn.playground import settings

    with pytest.raises(PlaygroundError) as info:
        settings.parse(form, {param: value})
    assert info.value.argument == param


def test_playground_settings_fill_the_page():
    from gentlenn.playground import settings
    from gentlenn.playground.server import STATIC

    page = settings.render((STATIC / "index.html").read_text())
    assert "{{attrs" not in page and "{{options" not in page
    lr = re.search(r'id="net-lr"[^>]*', page).group(0)
    assert f'value="{gentlenn.book.DIGITS_LEARNING_RATE}"' in lr and f'max="{settings.MAX_LEARNING_RATE}"' in lr
    hidden = re.search(r'id="net-hidden"[^>]*', page).group(0)
    assert f'value="{gentlenn.book.HIDDEN_NODES}"' in hidden and f'max="{settings.MAX_HIDDEN_NODES}"' in hidden


# --- one edit reaches every front end ------------------------------------------------------

def test_a_throwaway_choice_reaches_r_the_cli_and_the_playground(monkeypatch):
    """Adding a choice is one edit in Python: here a feature name added to the one declaration of
    the iris features shows in R's table, the CLI's --x choices, and the playground's form and page."""
    from gentlenn import cli, data
    from gentlenn.playground import settings
    from gentlenn.playground.server import STATIC

    monkeypatch.setattr(data.IRIS_FEATURE, "values", data.IRIS_FEATURE.values + ("throwaway_width",))
    assert "throwaway_width" in spec.r_source()
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    x_flag = next(a for a in sub.choices["slope"]._actions if "--x" in a.option_strings)
    assert "throwaway_width" in x_flag.choices
    assert "throwaway_width" in json.dumps(settings.forms())
    assert "<option>throwaway_width</option>" in settings.render((STATIC / "index.html").read_text())


# --- no fact written twice ---------------------------------------------------------------

KNOWN_FACTS = [  # (regular expression, where it may stand)
    (r"\blearning_rate\s*=\s*0\.5\b", ()),
    (r"\bmargin\s*=\s*0\.1\b", ()),
    (r"\bhidden_nodes\s*=\s*100\b", ()),
    (r'"transpose",\s*"proportional"', ("python/gentlenn/spec.py",)),
    (r'"auto",\s*"reference",\s*"exact",\s*"fast"', ("python/gentlenn/spec.py",)),
    (r'"float64",\s*"float32"', ("python/gentlenn/spec.py",)),
    (r'"setosa",\s*"versicolor",\s*"virginica"', ("python/gentlenn/data.py",)),
    (r'"learning_rate",\s*"epochs",\s*"hidden_nodes",\s*"rotation_angle"', ()),
]


def _front_end_sources():
    files = list((ROOT / "python" / "gentlenn").rglob("*.py")) + list((ROOT / "R").glob("*.R"))
    files += list((ROOT / "python" / "gentlenn" / "playground" / "static").glob("*"))
    return [f for f in files if f.name != "checks-spec.R"]  # the generated copy


@pytest.mark.parametrize("pattern,allowed", KNOWN_FACTS, ids=lambda v: v if isinstance(v, str) else "")
def test_known_facts_are_written_once(pattern, allowed):
    hits = []
    for f in _front_end_sources():
        rel = f.relative_to(ROOT).as_posix()
        text = f.read_text()
        if f.suffix == ".py":  # numpydoc lists a parameter's choices in its docstring, as it should
            text = re.sub(r'"""[\s\S]*?"""', "", text)
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "#'")))
        if re.search(pattern, code) and rel not in allowed:
            hits.append(rel)
    assert not hits, hits


# --- R: the same generated values, each refused in R's words naming R's argument ---------------

R_CALLS = {  # R function, its other arguments, R's name for each Python parameter that differs
    "SlopeClassifier": ("slope_classifier", {"data": "bugs"}),
    "slope_update": ("slope_update", {"slope": "0.25", "x": "3", "target": "1.1"}),
    "slope_learning_rate_study": ("slope_learning_rate_study", {"data": "bugs", "learning_rates": "0.5",
                                                                 "seeds": "1"}),
    "NeuralNetwork": ("neural_network", {"input_nodes": "3", "hidden_nodes": "3", "output_nodes": "3"}),
    "NeuralNetworkClassifier": ("network_classifier", {"x": "iris[, 1:4]", "y": "iris$Species"}),
    "train_digits": ("train_digits", {"data": "d", "progress": "FALSE"}),
    "experiment": ("digits_experiment", {"data": "d", "vary": '"learning_rate"', "values": "0.1",
                                         "restarts": "1", "progress": "FALSE"}),
    "error_surface": ("error_surface", {}),
    "preparation_experiment": ("preparation_experiment", {"data": "d", "inputs": '"book"', "targets": '"book"',
                                                          "weights": '"book"', "restarts": "1", "epochs": "1",
                                                          "hidden_nodes": "3", "progress": "FALSE"}),
    "iris_two_class": ("iris_two_class", {}),
    "load_mnist": ("load_mnist", {}),
    "load_digit_images": ("read_digit_images", {"paths": '"no-such-file.png"'}),
}
R_NAMES = {"random_state": "seed"}


def _r_literal(v):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, (tuple, list)):
        return "c(" + ", ".join(_r_literal(x) for x in v) + ")"
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    if isinstance(v, float) and math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    if isinstance(v, int) and abs(v) > 2 ** 53:
        return "1e400" if v > 0 else "-1e400"
    return repr(v)


@pytest.mark.r
def test_r_refuses_the_same_generated_values(run_r, tmp_path):
    cases = _cases(R_CALLS)
    lines = ['suppressMessages(library(gentlenn))', 'd <- load_mnist(test_size = 20)',
             'd$x_train <- d$x_train[1:40, ]', 'd$y_train <- d$y_train[1:40]',
             'run <- function(id, fn, code) {',
             '  if (is.null(code)) return(cat("@@", id, "ABSENT\\n"))',
             '  r <- tryCatch({eval(parse(text = code)); "OK"},',
             '    gentlenn_bad_argument = function(e) paste("BAD", e$argument %||% "?"),',
             '    error = function(e) paste("OTHER", class(e)[1], gsub("\\n", " ", conditionMessage(e))))',
             '  cat("@@", id, r, "\\n")',
             '}', '`%||%` <- function(a, b) if (is.null(a)) b else a']
    for i, (name, param, value) in enumerate(cases):
        fn, fixed = R_CALLS[name]
        arg = R_NAMES.get(param, param)
        args = {**fixed, arg: _r_literal(value)}
        code = f'{fn}({", ".join(f"{k} = {v}" for k, v in args.items())})'
        formals_of = "network_classifier.matrix" if fn == "network_classifier" else fn  # the method with the settings
        lines.append(f'run({i}, "{fn}", if ("{arg}" %in% names(formals(gentlenn:::{formals_of}))) {json.dumps(code)})')
    script = tmp_path / "parity.R"
    script.write_text("\n".join(lines) + "\n")
    out = run_r(f'source("{script}")')
    answers = {int(line.split()[1]): line.split(None, 2)[2].strip() for line in out.splitlines()
               if line.startswith("@@ ")}
    assert len(answers) == len(cases)
    absent = sorted({(R_CALLS[n][0], p) for i, (n, p, _) in enumerate(cases) if answers[i] == "ABSENT"})
    # parameters R does not offer (R draws progress bars its own way; the classifier's `verbose`)
    assert absent == [("digits_experiment", "epochs"), ("digits_experiment", "hidden_nodes"),
                      ("digits_experiment", "learning_rate"), ("digits_experiment", "rotation_angle"),
                      ("network_classifier", "rotation_angle"), ("network_classifier", "verbose"),
                      ("train_digits", "verbose")], absent
    wrong = [(cases[i], a) for i, a in answers.items()
             if a != "ABSENT" and a != f"BAD {R_NAMES.get(cases[i][1], cases[i][1])}"]
    assert not wrong, wrong[:10]
