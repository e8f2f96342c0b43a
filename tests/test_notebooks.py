"""Every teaching notebook runs top to bottom in a real kernel and prints what it should."""
import os
import pathlib
import re
import time

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"


def run_notebook(name, tmp_path, timeout=180):
    """Execute notebooks/<name>.ipynb in a fresh kernel (cwd: tmp_path); returns (nb, text outputs)."""
    path = NOTEBOOKS / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert not cell.get("outputs"), f"{path.name} is committed with outputs: strip them"
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    started = time.perf_counter()
    client.execute(env=dict(os.environ))
    print(f"{name}: {time.perf_counter() - started:.1f} s")
    text = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}: {output.get('ename')}: {output.get('evalue')}"
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                text.append(output["text"])
    return nb, "".join(text)


def number(pattern, text):
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not found in:\n{text}"
    return float(match.group(1))


def outputs_of_type(nb, mime):
    return [o for cell in nb.cells for o in cell.get("outputs", []) if mime in o.get("data", {})]


def test_notebooks_are_numbered_and_complete():
    names = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == ["01_first_neuron", "02_seed_networks", "03_parameter_sweep", "04_coba_explorer",
                     "05_plasticity", "06_rate_coded", "07_sweeps_and_fits"]


def test_01_first_neuron(tmp_path):
    nb, text = run_notebook("01_first_neuron", tmp_path)
    counts = {name: number(rf"{name}:\s+(\d+) spikes", text)
              for name in ("regular spiking", "intrinsically bursting", "chattering", "fast spiking",
                           "low-threshold spiking")}
    assert 4 <= counts["regular spiking"] <= 12
    assert counts["fast spiking"] > 3 * counts["regular spiking"]
    assert counts["chattering"] > 2 * counts["regular spiking"]
    assert number(r"chattering:.*interval\s+([\d.]+)", text) < 5.0       # bursts
    assert outputs_of_type(nb, "text/markdown"), "the %%neuron cell shows the model"
    assert outputs_of_type(nb, "text/html"), "the %%network cell shows a table"
    assert outputs_of_type(nb, "image/png"), "the voltage traces are plotted"


def test_02_seed_networks(tmp_path):
    nb, text = run_notebook("02_seed_networks", tmp_path)
    assert number(r"no input:\s+([\d.]+) Hz", text) == 0.0
    assert 1.3 < number(r"10 Hz input:\s+([\d.]+) Hz", text) < 3.2
    assert 5.5 < number(r"20 Hz input:\s+([\d.]+) Hz", text) < 8.5
    assert 5.5 < number(r"seednet at 20 Hz:\s+([\d.]+) Hz", text) < 8.5
    assert "'net3.npz', 'raster.html', 'raster.png'" in text
    widgets = outputs_of_type(nb, "application/vnd.jupyter.widget-view+json")
    assert widgets, "the live rasters are widgets"
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    bundles = [m["state"]["render_bundle"] for m in state.values() if m.get("model_name") == "BokehModel"]
    assert len(bundles) == 3 and all("seed" in str(b) for b in bundles)


def test_03_parameter_sweep(tmp_path):
    nb, text = run_notebook("03_parameter_sweep", tmp_path, timeout=240)
    rates = [number(rf"input\s+{r:4.1f} Hz ->\s+([\d.]+) Hz", text) for r in (0.0, 5.0, 10.0, 20.0, 40.0)]
    assert rates[0] == 0.0 and rates == sorted(rates)
    assert 1.3 < rates[2] < 3.2 and 5.5 < rates[3] < 8.5 and 11.0 < rates[4] < 16.0
    assert "same results: True" in text
    assert outputs_of_type(nb, "application/vnd.jupyter.widget-view+json"), "the live parallel_run view"


def test_04_coba_explorer(tmp_path):
    nb, text = run_notebook("04_coba_explorer", tmp_path)
    assert 10.0 < number(r"default parameters:\s+([\d.]+) Hz", text) < 40.0
    no_inhibition = number(r"inhibitory weight  0.0:\s+([\d.]+) Hz", text)
    strong = number(r"inhibitory weight 15.0:\s+([\d.]+) Hz", text)
    default = number(r"inhibitory weight  6.7:\s+([\d.]+) Hz", text)
    assert no_inhibition > 3 * default > strong
    assert default == number(r"default parameters:\s+([\d.]+) Hz", text)   # same values, same result
    assert "StructuralParameterError" in text
    assert outputs_of_type(nb, "application/vnd.jupyter.widget-view+json")


@pytest.mark.jit_only  # minutes of STDP as Python
def test_05_plasticity(tmp_path):
    nb, text = run_notebook("05_plasticity", tmp_path)
    start_on = number(r"learning on:\s+([\d.]+) Hz", text)
    end_on = number(r"learning on:.*-> +([\d.]+) Hz", text)
    start_off = number(r"learning off:\s+([\d.]+) Hz", text)
    end_off = number(r"learning off:.*-> +([\d.]+) Hz", text)
    assert end_on < 0.5 * start_on and abs(end_off - start_off) < 0.2 * start_off
    assert number(r"learning on: ([\d.]+) \(of w_max\)", text) > 0.5
    assert number(r"learning off: ([\d.]+)", text.split("weights changed with")[-1]) == 0.0
    assert outputs_of_type(nb, "image/png")


def test_06_rate_coded(tmp_path):
    nb, text = run_notebook("06_rate_coded", tmp_path)
    steady = number(r"steady state ([\d.]+)", text)
    assert abs(steady - number(r"weighted sum ([\d.]+)", text)) < 1e-3
    assert number(r"cosine with the principal direction: ([\d.]+)", text) > 0.95
    assert abs(number(r"norm of the weights: ([\d.]+)", text) - 1.0) < 0.05
    assert outputs_of_type(nb, "image/png")


def test_07_sweeps_and_fits(tmp_path):
    nb, text = run_notebook("07_sweeps_and_fits", tmp_path)
    assert number(r"target curve: 5 Hz -> ([\d.]+) Hz", text) < number(r"20 Hz -> ([\d.]+) Hz", text) \
        < number(r"40 Hz -> ([\d.]+) Hz", text)
    assert abs(number(r"grid best w: ([\d.]+)", text) - 3.5) <= 0.5  # the grid's step
    assert abs(number(r"fitted w: ([\d.]+)", text) - 3.5) < 0.5
    assert re.search(r"cached rows: (\d+) of \1", text), "the second sweep is read from the cache"
    assert outputs_of_type(nb, "text/html"), "the table of the sweep"
    assert outputs_of_type(nb, "image/png"), "the curves and the fit's history are plotted"
