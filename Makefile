# gentlenn: the two commands of the README.
#   make demo   runs the course's main job from Python and from R, writing figures to out/
#   make test   runs every test: pytest (numpy 1.x and 2.x), testthat, R CMD build + check
# Both install what is missing first (Debian's R packages, the virtual environments, the R package
# into a project-local library) and reuse what exists on a second run.

PYTHON ?= python3
VENV   := .venv
VENV2  := .venv-np2
RLIB   := .rlib
OUT    ?= out

export RETICULATE_PYTHON := $(CURDIR)/$(VENV)/bin/python
export R_LIBS := $(CURDIR)/$(RLIB)
export GENTLENN_SOURCE := $(CURDIR)

R_SOURCES := DESCRIPTION NAMESPACE $(wildcard R/*.R) $(wildcard man/*.Rd) $(wildcard data/*.csv)

.PHONY: demo test setup r-system docs fixtures bench bench-sweeps bench-playground bench-small clean

demo: setup
	$(VENV)/bin/gentlenn demo --out $(OUT)
	Rscript scripts/demo.R $(OUT)

test: setup
	bash scripts/run-tests.sh

setup: r-system $(VENV)/.installed $(VENV2)/.installed $(RLIB)/gentlenn/DESCRIPTION

r-system:
	@bash scripts/ensure-system.sh

# numpy < 2 here: R's reticulate 1.28 (Debian's) cannot load numpy 2 arrays.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check 'numpy<2' -e '.[test,fast]'
	touch $@

# The Python-only suite runs again against the newest numpy, without numba: the fallback path.
$(VENV2)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV2)
	$(VENV2)/bin/pip install -q --disable-pip-version-check 'numpy>=2' -e '.[test]'
	touch $@

$(RLIB)/gentlenn/DESCRIPTION: $(R_SOURCES) | r-system
	mkdir -p $(RLIB)
	R CMD INSTALL --no-test-load --library=$(RLIB) . > build-rinstall.log 2>&1 || (cat build-rinstall.log; exit 1)
	rm -f build-rinstall.log

# Regenerate NAMESPACE and man/ from the roxygen comments.
docs: r-system
	Rscript -e 'roxygen2::roxygenise()'

# Regenerate the shared fixtures from the independent references (plain numpy, plain R), show how
# they differ from the committed ones, and overwrite only with `make fixtures FORCE=1`.
fixtures: setup
	$(VENV)/bin/python tests/fixtures/scripts/update_fixtures.py $(if $(FORCE),--force)

# The speed benchmark (about 5 minutes; not part of the tests).
bench: setup
	$(VENV)/bin/python benchmarks/bench_training.py

# 1 job against 2 jobs (processes, threads, Dask, R); about 2 minutes.
bench-sweeps: setup
	$(VENV)/bin/python benchmarks/bench_sweeps.py

# Small fits (iris, wine) against nnet and scikit-learn's MLPClassifier, Python and R; about a minute.
bench-small: setup
	$(VENV)/bin/python benchmarks/bench_small.py

# The playground's answer time for a drawn digit against the core's own work; under a minute.
bench-playground: setup
	$(VENV)/bin/python benchmarks/bench_playground.py

clean:
	rm -rf $(VENV) $(VENV2) $(RLIB) build out gentlenn.Rcheck gentlenn_*.tar.gz
