"""Installing gentlenn as R users do (issue 21), each step the way they start it: the README's
install commands verbatim in a copy of the checkout with a fresh HOME (so the course vignette is
built before the Python core exists), then a shared machine: the R package installed by root into
a read-only site library, the installer run by the unprivileged user ``nobody`` with its own HOME
and Debian's python3, a student's personal library, and a teacher's environment that students
use without installing anything.

The installs put the core's dependencies into two new virtual environments (pip, from this
machine's package mirror when it has one): about eight minutes in all on two cores.
"""

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, need

pytestmark = pytest.mark.r

R = shutil.which("R")
RSCRIPT = shutil.which("Rscript")
# this machine's pip settings (its package mirror), given to every fresh HOME as the user's own
PIP_CONF = Path.home() / ".config" / "pip" / "pip.conf"
BOOK_SLOPES = "0.3083 1.6042"
NOBODY = 65534
# The README's install commands (section "R and RStudio"), run verbatim: keep the two identical.
README_INSTALL = """\
R CMD build .                                       # gentlenn_0.2.0.tar.gz, with the course vignette
mkdir -p ~/R/library                                # your own R library
R CMD INSTALL -l ~/R/library gentlenn_0.2.0.tar.gz
echo 'R_LIBS_USER=~/R/library' >> ~/.Renviron       # R and RStudio look there from now on
Rscript -e 'gentlenn::install_gentlenn()'           # the Python core (reuses the build's environment)
"""


def _run(command, cwd, env, timeout=1500):
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    proc.output = proc.stdout + proc.stderr
    return proc


def _checkout(dest):
    """What a clone of the working tree holds: tracked and new files, nothing ignored (no venvs,
    no .rlib, no build/ or egg-info)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.split(b"\0")
    for name in map(os.fsdecode, filter(None, listed)):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def _fresh_home(home, owner=None):
    (home / ".config" / "pip").mkdir(parents=True, exist_ok=True)
    if PIP_CONF.is_file():
        shutil.copy(PIP_CONF, home / ".config" / "pip" / "pip.conf")
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
        if owner is not None:
            os.chown(path, owner, owner)
    return home


def _user_env(home, **extra):
    """A user's environment: no RETICULATE_PYTHON, no project library, their own HOME; Debian's
    python3 first on the search path (one every account can run)."""
    drop = {"RETICULATE_PYTHON", "R_LIBS", "R_LIBS_USER", "GENTLENN_SOURCE", "VIRTUAL_ENV", "WORKON_HOME",
            "PYTHONPATH", "GENTLENN_VIGNETTE_INSTALL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = os.pathsep.join(["/usr/bin", "/bin", env.get("PATH", "")])
    return {**env, "HOME": str(home), "OPENBLAS_NUM_THREADS": "1", **extra}


def _listing(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture(scope="module")
def shared():
    """A folder every account can read (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="gentlenn-shared-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def readme(shared):
    """The README's install commands in a fresh checkout and HOME, after a build that may not
    install the core has stopped."""
    need(R is not None and RSCRIPT is not None, "R is not installed")
    checkout = _checkout(shared / "checkout")
    home = _fresh_home(shared / "teacher")
    env = _user_env(home)
    stop = _run([R, "CMD", "build", "."], checkout, {**env, "GENTLENN_VIGNETTE_INSTALL": "false"})
    stop.environments = list(home.glob(".virtualenvs/*"))
    script = shared / "readme-install.sh"
    script.write_text(README_INSTALL)
    steps = _run(["sh", "-e", str(script)], checkout, env)
    assert steps.returncode == 0, steps.output[-4000:]
    return {"stop": stop, "steps": steps, "checkout": checkout, "home": home, "env": env,
            "tarball": next(checkout.glob("gentlenn_*.tar.gz")), "library": home / "R" / "library"}


def test_a_build_that_may_not_install_the_core_stops_saying_what_to_do(readme):
    stop = readme["stop"]
    assert stop.returncode != 0, stop.output[-3000:]
    assert "The course vignette needs gentlenn's Python core" in stop.output
    assert "Rscript -e 'gentlenn::install_gentlenn()'" in stop.output
    assert "R CMD build --no-build-vignettes ." in stop.output
    assert stop.environments == []  # it installed nothing


def test_the_readme_order_gives_the_whole_course_vignette_and_a_script_that_runs(readme):
    lines = [line for line in readme["steps"].stderr.splitlines() if line.startswith("gentlenn:")]
    checkout = readme["checkout"]  # run in the checkout, the installer takes its sources from there
    assert lines == ["gentlenn: reusing the virtual environment 'r-gentlenn'",  # the build made it
                     f"gentlenn: installing the Python core 0.2.0 from {checkout} (a minute or two)",
                     "gentlenn: installed into 'r-gentlenn'; ready to use"], readme["steps"].stderr
    assert not (checkout / "build").exists() and not list(checkout.glob("*.egg-info"))  # built in a copy
    assert "Collecting" not in readme["steps"].output and "Successfully installed" not in readme["steps"].output
    doc = readme["library"] / "gentlenn" / "doc"
    html = (doc / "gentlenn-course.html").read_text()
    assert html.count("#&gt;") >= 150 and html.count("<img") >= 11  # every output and figure (173 and 12 here)
    assert "&lt;-- DIFFERS" not in html and "FAILS: " not in html  # book() and claim() held

    # the script knitr::purl() makes (R CMD build writes it beside the vignette) runs as it is
    script = doc / "gentlenn-course.R"
    text = script.read_text()
    assert "has_core" not in text and "slope_classifier(bugs" in text
    run = _run([RSCRIPT, str(script)], readme["home"], readme["env"])
    assert run.returncode == 0, run.output[-3000:]
    assert run.stdout.count("holds:") >= 8 and "FAILS" not in run.stdout
    assert "moderated slopes" in run.stdout and BOOK_SLOPES in run.stdout


def test_a_shared_machine_read_only_site_library_and_an_unprivileged_user(readme, shared):
    need(os.geteuid() == 0 and shutil.which("runuser") is not None, "needs root and runuser to act as nobody")
    tarball = readme["tarball"]
    site = shared / "site-library"  # the teacher's site-wide install, by root
    site.mkdir()
    inst = _run([R, "CMD", "INSTALL", "-l", str(site), str(tarball)], shared, readme["env"])
    assert inst.returncode == 0, inst.output[-3000:]
    before = _listing(site)
    for path in [site, *site.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    home = _fresh_home(shared / "student", owner=NOBODY)

    def as_nobody(*command, **extra):
        env = ["HOME=" + str(home), "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "OPENBLAS_NUM_THREADS=1",
               *(f"{k}={v}" for k, v in extra.items())]
        return _run(["runuser", "-u", "nobody", "--", "env", "-i", *env, *command], home, None)

    # students run nothing at all: the teacher's environment, named in a site Renviron file
    site_environ = shared / "Renviron.site"
    site_environ.write_text(f"RETICULATE_PYTHON={readme['home']}/.virtualenvs/r-gentlenn/bin/python\n")
    site_environ.chmod(0o644)
    ready = as_nobody(RSCRIPT, "-e", "library(gentlenn); cat('AVAILABLE', isTRUE(gentlenn_available()), '\\n'); "
                                     "cat(sprintf('%.4f', slope_history(slope_classifier(bugs, slope = 0.25, "
                                     "learning_rate = 0.5))$slope), '\\n')",
                      R_LIBS=str(site), R_ENVIRON=str(site_environ))
    assert ready.returncode == 0, ready.output[-3000:]
    assert "AVAILABLE TRUE" in ready.stdout and BOOK_SLOPES in ready.stdout

    # or each student runs the installer: Debian's python3, the R library only read
    code = ("library(gentlenn); install_gentlenn(extras = character()); "
            "cat('AVAILABLE', isTRUE(gentlenn_available()), '\\n'); "
            "cat(sprintf('%.4f', slope_history(slope_classifier(bugs, slope = 0.25, learning_rate = 0.5))$slope),"
            " '\\n'); restarts <- 0; "
            "withCallingHandlers(for (i in 1:2) install_gentlenn(extras = character()), "
            "  gentlenn_restart_required = function(m) restarts <<- restarts + 1); "
            "cat('RESTARTS', restarts, '\\n')")
    proc = as_nobody(RSCRIPT, "-e", code, R_LIBS=str(site))
    assert proc.returncode == 0, proc.output[-4000:]
    assert "AVAILABLE TRUE" in proc.stdout and BOOK_SLOPES in proc.stdout
    assert "RESTARTS 2" in proc.stdout  # after Python started: restart R, on the next call too
    assert proc.stderr.count("restart R (RStudio: Session > Restart R)") == 2
    assert "home = /usr/bin" in (home / ".virtualenvs" / "r-gentlenn" / "pyvenv.cfg").read_text()  # Debian's
    assert _listing(site) == before  # no build/, no egg-info, nothing new in the R library

    # the README's personal-library route, for a student who installs the R package too
    refused = as_nobody(R, "CMD", "INSTALL", str(tarball))
    assert refused.returncode != 0 and "no permission to install" in refused.output
    personal = shared / "personal-library.sh"  # the README's lines after the build, verbatim
    personal.write_text(f"cd {tarball.parent}\n" + "".join(README_INSTALL.splitlines(keepends=True)[1:4]))
    personal.chmod(0o644)
    own = as_nobody("sh", "-e", str(personal))
    assert own.returncode == 0, own.output[-3000:]
    found = as_nobody(RSCRIPT, "-e", "library(gentlenn); cat('FROM', find.package('gentlenn'), '\\n'); "
                                     "cat('AVAILABLE', isTRUE(gentlenn_available()), '\\n')")
    assert found.returncode == 0, found.output[-3000:]
    assert f"FROM {home}/R/library/gentlenn" in found.stdout and "AVAILABLE TRUE" in found.stdout


def test_the_install_block_tested_here_is_the_readmes():
    """The commands these tests run are the README's R install block, character for character."""
    assert f"```sh\n{README_INSTALL}```" in (ROOT / "README.md").read_text()
