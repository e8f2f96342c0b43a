"""JupyterLab in headless Chromium: run the COBA explorer notebook, move a slider, watch the plot.

This is the one test that sees what a user sees: BokehJS really loads (inline,
no CDN), the widgets render, a slider moved in the page reaches the kernel and
the live plot's data changes, and no JavaScript error shows up. Screenshots go
to ``test-artifacts/``.
"""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ROOT = pathlib.Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "04_coba_explorer.ipynb"
SOURCE = "explorer_spikes"      # name of the explorer raster's ColumnDataSource

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
                f"(scripts/install.sh --browser) to run the browser tests", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

# Appended to the notebook's copy: a live plot shown and fed in the same cell.
EXTRA_CELL = """\
from IPython.display import display
from annlab.widgets import LiveRaster
extra_input = PoissonPopulation(300, rates=20.0, name="extra_input")
extra_net = Network(seed=1)
extra_net.add([extra_input, Monitor(extra_input, "spike", name="extra_monitor")])
extra_net.compile()
same_cell = LiveRaster(extra_net, extra_net.monitors[0], period=20.0, min_interval=0.0, name="same_cell")
display(same_cell)
same_cell.simulate(500.0)
print("same-cell spikes:", len(same_cell.sources["spikes"].data["t"]))"""

# A second appended cell: parallel_run on two local engines, its view filling in as networks finish.
PARALLEL_CELL = """\
from annlab.parallel import stop_local_cluster
from annlab.widgets import live_parallel_run

def parallel_rate(idx, net, rate):
    net.get(extra_input).rates = rate
    net.simulate(500.0)
    return net.get(extra_net.monitors[0]).mean_fr()

parallel_results, parallel_view = live_parallel_run(
    parallel_rate, networks=[extra_net] * 3, rate=[5.0, 10.0, 20.0], max_processes=2,
    summary=lambda r: f"{r:.1f} Hz")
stop_local_cluster()
print("parallel rates:", " ".join(f"{r:.9f}" for r in parallel_results))"""

# Two live sweeps: a 4 x 4 heatmap that fills in (then a click on a cell shows its raster), and a slow one
# that the test cancels from the page while its cell runs.
SWEEP_CELL = """\
from annlab.widgets import live_sweep

def sweep_rate(idx, net, rate, scale):
    net.get(extra_input).rates = rate * scale
    net.simulate(100.0)
    return {"fr": net.get(extra_net.monitors[0]).mean_fr()}

sweep_df, sweep_view = live_sweep(sweep_rate, "fr", grid={"rate": [5.0, 10.0, 20.0, 40.0], "scale": [0.5, 1.0, 1.5, 2.0]},
                                  network=extra_net, cache=False, chunk=4, name="browser_sweep")
print("live sweep:", sweep_view.status, len(sweep_df))

from annlab.widgets import live_fit
fit_result, fit_view = live_fit(lambda idx, net, rate: sweep_rate(idx, net, rate, 1.0), {"rate": (1.0, 60.0)},
                                objective=lambda metrics: (metrics["fr"] - 30.0) ** 2, optimizer="nelder-mead",
                                trials=12, seed=1, network=extra_net, cache=False, name="browser_fit")
print("live fit:", fit_view.status)"""

CANCEL_CELL = """\
import time

def slow_point(idx, net, rate):
    time.sleep(0.4)
    return rate

_, slow_view = live_sweep(slow_point, "result", grid={"rate": [float(k) for k in range(40)]}, network=extra_net,
                          cache=False, chunk=2, mode="sequential", name="slow_sweep", background=True)
print("cancel test: started in the background")"""

KERNEL_STATUS_JS = """() => {
    const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = widget && widget.sessionContext && widget.sessionContext.session
        && widget.sessionContext.session.kernel;
    return kernel ? kernel.status : null;
}"""

DATA_JS = """(name) => {
    for (const doc of (window.Bokeh && window.Bokeh.documents) || []) {
        const source = doc.get_model_by_name(name);
        if (source) {
            const t = Array.from(source.data.t || []);
            return {count: t.length, sum: t.reduce((a, b) => a + b, 0)};
        }
    }
    return null;
}"""

ERRORS_JS = """() => {
    const texts = [];
    const stderr = '[data-mime-type="application/vnd.jupyter.stderr"]';
    for (const node of document.querySelectorAll(`.jp-OutputArea-output${stderr}, .jp-RenderedText${stderr}`))
        if (/Error|Traceback/.test(node.textContent)) texts.push(node.textContent.slice(0, 300));
    const body = document.body.innerText;
    for (const marker of ['Error displaying widget', 'BokehJS does not appear to have successfully loaded',
                          'Javascript Error', 'Failed to load model class'])
        if (body.includes(marker)) texts.push(marker);
    return texts;
}"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on a copy of the notebook; yields (url, token, folder)."""
    folder = tmp_path_factory.mktemp("lab")
    notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text())
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "browser-test-extra",
                              "metadata": {}, "outputs": [], "source": EXTRA_CELL})
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "browser-test-parallel",
                              "metadata": {}, "outputs": [], "source": PARALLEL_CELL})
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "browser-test-sweep",
                              "metadata": {}, "outputs": [], "source": SWEEP_CELL})
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "browser-test-cancel",
                              "metadata": {}, "outputs": [], "source": CANCEL_CELL})
    (folder / NOTEBOOK).write_text(json.dumps(notebook))
    settings = folder / ".settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    # Every cell stays in the page (no virtual scrolling hiding the widgets).
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), "annlab-browser-test"
    log = open(folder / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={folder}", "--ServerApp.port_retries=0",
         "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"JupyterLab did not start: {(folder / 'jupyterlab.log').read_text()}") from None
                time.sleep(0.3)
        yield url, token, folder
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def page(jupyterlab, tmp_path_factory):
    """A Chromium page (fresh profile) collecting JavaScript errors in ``page.js_errors``."""
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        page.on("console", lambda message: page.js_errors.append(message.text)
                if message.type == "error" and ("bokeh" in message.text.lower() or "widget" in message.text.lower())
                else None)
        yield page
        context.close()


def _wait(predicate, timeout, what, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _summary(page):
    """Text of the explorer's summary line ('' when not in the page)."""
    return page.evaluate("() => (document.querySelector('.annlab-summary') || {}).textContent || ''")


def _screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_explorer_in_jupyterlab(jupyterlab, page):
    url, token, _folder = jupyterlab
    page.goto(f"{url}/lab/tree/{NOTEBOOK}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    _wait(lambda: page.evaluate(KERNEL_STATUS_JS) == "idle", 60, "the kernel to start")

    def prompts():
        return page.evaluate("() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))"
                             ".map(p => p.textContent.trim())")

    def all_cells_ran():
        shown = prompts()
        return shown and all(p not in ("[ ]:", "") and "*" not in p for p in shown)

    def diagnose(what):
        _screenshot(page, "browser_failed.png")
        return (f"{what}: prompts {prompts()}, kernel {page.evaluate(KERNEL_STATUS_JS)}, "
                f"errors {page.evaluate(ERRORS_JS)} {page.js_errors}")

    for _attempt in range(2):  # the command is sometimes lost while the page settles: try again once
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        try:
            _wait(lambda: any(p != "[ ]:" for p in prompts()), 20, "the notebook to start running")
            break
        except AssertionError:
            continue
    try:
        _wait(all_cells_ran, 150, "the notebook to run")
    except AssertionError:
        raise AssertionError(diagnose("the notebook did not finish")) from None
    before = _wait(lambda: (page.evaluate(DATA_JS, SOURCE) or {}).get("count") and page.evaluate(DATA_JS, SOURCE),
                   30, "the raster's data in the browser")
    page.locator(".annlab-summary").first.scroll_into_view_if_needed()
    _screenshot(page, "browser_after_run.png")
    assert page.evaluate(ERRORS_JS) == [] and page.js_errors == []
    assert page.locator(".bk-Canvas, .bk-canvas, canvas").count() > 0, "bokeh drew nothing"
    # Streamed while the cell that displayed the plot was still running: nothing lost.
    outputs = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    printed = re.search(r"same-cell spikes: (\d+)", outputs)
    assert printed and int(printed.group(1)) > 0
    assert page.evaluate(DATA_JS, "same_cell_spikes")["count"] == int(printed.group(1))
    # The parallel_run view, filled in from two engines: three rows, the bar full, the rates in order.
    rates = [float(r) for r in re.search(r"parallel rates: ([\d. ]+)", outputs).group(1).split()]
    assert len(rates) == 3 and rates[0] < rates[1] < rates[2] and abs(rates[2] - 20.0) < 3.0, rates
    view = page.locator(".widget-vbox", has=page.locator("table.annlab-parallel")).last
    view.scroll_into_view_if_needed()
    _screenshot(page, "browser_parallel_run.png")
    table = view.locator("table.annlab-parallel")
    assert table.locator("tr").count() == 4                       # header + one row per network
    assert "3 of 3 networks done" in view.inner_text() and "3/3" in view.inner_text()
    assert [f"{r:.1f} Hz" in table.inner_text() for r in rates] == [True] * 3
    assert view.locator(".progress-bar").evaluate("bar => bar.style.width") == "100%"

    # Move the "inhibitory weight" slider (second slider) by typing into its readout.
    readout = page.locator(".widget-slider .widget-readout").nth(1)
    readout.scroll_into_view_if_needed()
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")

    def changed():
        now = page.evaluate(DATA_JS, SOURCE) or {}
        return now if now.get("count") and now != before and "run 5" in _summary(page) else None

    try:
        after = _wait(changed, 60, "the plot to change after moving the slider")
    except AssertionError:
        _screenshot(page, "browser_slider_failed.png")
        raise AssertionError(f"no change after the slider: summary {_summary(page)!r}, data "
                             f"{page.evaluate(DATA_JS, SOURCE)}, errors {page.evaluate(ERRORS_JS)}") from None
    time.sleep(0.5)
    after = page.evaluate(DATA_JS, SOURCE)
    _screenshot(page, "browser_after_slider.png")
    assert after["count"] > 2 * before["count"], (before, after)   # less inhibition: many more spikes
    summary = _summary(page)
    assert "run 5" in summary and "coba" in summary and "Error" not in summary
    assert page.evaluate(ERRORS_JS) == [] and page.js_errors == []


SWEEP_CELLS_JS = """(name) => {
    for (const doc of (window.Bokeh && window.Bokeh.documents) || []) {
        const source = doc.get_model_by_name(name);
        if (source) return Array.from(source.data.n || []);
    }
    return null;
}"""

SELECT_JS = """([name, index]) => {
    for (const doc of (window.Bokeh && window.Bokeh.documents) || []) {
        const source = doc.get_model_by_name(name);
        if (source) { source.selected.indices = [index]; return true; }
    }
    return false;
}"""


RUN_LAST_CELL_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    panel.content.activeCellIndex = panel.content.widgets.length - 1;
    window.jupyterapp.commands.execute('notebook:run-cell');  // not awaited: it resolves when the cell is done
    return true;
}"""


def test_live_sweep_fills_in_cancels_and_shows_a_clicked_point(jupyterlab, page):
    """After test_explorer_in_jupyterlab ran the notebook: the heatmap, then the slow sweep run again and
    cancelled from the page while its cell runs, then a click on a cell of the heatmap."""
    outputs = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    assert "live sweep: done: 16 of 16 points 16" in outputs and "cancel test: started in the background" in outputs
    slow = page.locator(".annlab-sweep", has=page.locator("text=/of 40 points/")).last
    _wait(lambda: "done: 40 of 40 points" in slow.inner_text(), 60, "the first background sweep to end")
    page.evaluate(RUN_LAST_CELL_JS)  # again, to cancel it this time

    def under_way():
        return slow.count() and re.search(r"(^|\D)([2-9]|[1-3]\d) of 40 points", slow.inner_text())
    try:
        _wait(under_way, 60, "the slow sweep to run again")
    except AssertionError:
        _screenshot(page, "browser_cancel_failed.png")
        raise AssertionError(f"the slow sweep did not run again: kernel {page.evaluate(KERNEL_STATUS_JS)}, "
                             f"view {slow.inner_text() if slow.count() else None!r}") from None
    slow.locator(".annlab-sweep-cancel").click()
    _wait(lambda: "cancelled after" in slow.inner_text(), 30, "the slow sweep to see the click")
    time.sleep(2.0)  # the chunk that ran when Cancel was pressed finishes; nothing runs after it
    final = re.search(r"cancelled after (\d+) of 40 points", slow.inner_text())
    time.sleep(1.0)
    assert final and 2 <= int(final.group(1)) < 40 and final.group(0) in slow.inner_text()
    assert slow.locator(".annlab-sweep-cancel").is_disabled()
    assert page.evaluate(SWEEP_CELLS_JS, "browser_sweep_cells") == [1] * 16  # every cell filled in (one seed)
    fitted = re.search(r"live fit: done: best ([\d.e+-]+) at rate = ([\d.]+)", outputs)
    assert fitted and abs(float(fitted.group(2)) - 30.0) < 5.0, outputs[-3000:]
    assert page.evaluate(DATA_JS.replace("source.data.t", "source.data.trial"), "browser_fit_runs")["count"] == 12
    view = page.locator(".annlab-sweep", has=page.locator("text=16 of 16 points")).first
    view.scroll_into_view_if_needed()
    _screenshot(page, "browser_live_sweep.png")
    assert page.evaluate(DATA_JS, "browser_sweep_raster")["count"] == 0
    assert page.evaluate(SELECT_JS, ["browser_sweep_cells", 15])  # a click on the last cell (rate 40, scale 2)
    raster = _wait(lambda: (page.evaluate(DATA_JS, "browser_sweep_raster") or {}).get("count"), 60,
                   "the raster of the clicked point")
    assert raster > 300 * 80 * 0.1 * 0.5  # 300 Poisson neurons at 80 Hz for 100 ms, roughly
    _screenshot(page, "browser_live_sweep_clicked.png")
    assert page.evaluate(ERRORS_JS) == [] and page.js_errors == []
