"""The %%neuron, %%synapse and %%network cell magics, through a real IPython shell."""
import pytest

from annlab import EquationError, Network, Neuron, NetworkError, Synapse, ValidationError
from annlab.core import registry
from annlab.magics import network_from_code, neuron_from_cell, parse_sections, synapse_from_cell

LIF_CELL = """\
parameters:
    tau = 10.0
    v_th = 1.0
equations:
    tau * dv/dt = -v + I : init = 0.0
    I = 1.5
spike: v > v_th
reset:
    v = 0.0
refractory: 2.0
"""

NETWORK_CELL = """\
inp = PoissonPopulation(100, rates=20.0)
pop = Population(100, Izhikevich)
proj = Projection(inp, pop, 'exc')
proj.connect_fixed_probability(weights=5.0, probability=0.2)
m = Monitor(pop, 'spike')
"""


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A fresh InteractiveShell with annlab's magics loaded (history off)."""
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.run_line_magic("load_ext", "annlab")
    shell.run_cell("from annlab import *")
    yield shell
    InteractiveShell.clear_instance()


# ---- plain-Python twins ----------------------------------------------------------------------
def test_neuron_from_cell_reads_every_section():
    lif = neuron_from_cell(LIF_CELL, name="LIF")
    assert isinstance(lif, Neuron) and lif.name == "LIF" and lif.type == "spike"
    assert lif.parameters_names == ["tau", "v_th"]
    assert lif.refractory == 2.0
    assert "v = 0.0" in lif.reset


def test_sections_keep_cell_line_numbers():
    sections = parse_sections(LIF_CELL, "neuron")
    assert sections["parameters"][1] == 2       # header on cell line 2 (line 1 is %%neuron)
    assert sections["spike"][1] == 8
    assert sections["spike"][0].strip() == "v > v_th"


def test_synapse_from_cell():
    syn = synapse_from_cell("parameters:\n  tau = 10.0\nequations:\n  tau * dx/dt = -x : event-driven\n"
                            "pre_spike:\n  g_target += w\n  x += 1.0\npost_spike: w += 0.01 * x",
                            name="Trace")
    assert isinstance(syn, Synapse) and syn.type == "spike" and syn.name == "Trace"


def test_rate_synapse_with_psp_and_operation():
    syn = synapse_from_cell("psp: w * pre.r\noperation: max")
    assert syn.operation == "max" and syn.type == "rate"


@pytest.mark.parametrize("cell, message, lineno", [
    ("parameters:\n  tau = 10.0\nequations:\n  tau * dv/dt = -v + fooo\n", "Unknown name 'fooo'", 5),
    ("parameters:\n  tau = 10.0\nequation:\n  tau * dv/dt = -v\n", "Unknown section 'equation:'", 4),
    ("tau = 10.0\nequations:\n  dv/dt = -v\n", "Text before the first section", 2),
    ("equations:\n  dv/dt = -v\nequations:\n  du/dt = -u\n", "appears twice", 4),
    ("equations:\n  dv/dt = -v\nspike: v >> 1\n", "not supported", 4),
])
def test_model_errors_point_at_the_cell_line(cell, message, lineno):
    with pytest.raises(EquationError, match=message) as info:
        neuron_from_cell(cell)
    assert info.value.cell_lineno == lineno
    assert f"cell line {lineno}" in str(info.value)
    rendered = "\n".join(info.value._render_traceback_())
    assert "annlab" not in rendered.replace("annlab/", "")  # no internals, only the cell
    if "section" not in message and "first" not in message:
        assert cell.splitlines()[lineno - 2].strip() in rendered


def test_network_from_code_gathers_new_objects_only():
    from annlab import Izhikevich, Population
    outside = Population(5, Izhikevich, name="outside")
    namespace = {}
    net = network_from_code(NETWORK_CELL, namespace, seed=3)
    assert isinstance(net, Network) and net.compiled
    assert [len(net.populations), len(net.projections), len(net.monitors)] == [2, 1, 1]
    assert registry.default_network().objects() == [outside]   # nothing left behind
    assert net.get(namespace["pop"]) is namespace["pop"]        # names rebound to the network's copies
    net.simulate(500.0)
    assert namespace["m"].mean_fr() > 2.0


def test_network_from_code_same_seed_same_result():
    rates = []
    for _ in range(2):
        namespace = {}
        net = network_from_code(NETWORK_CELL, namespace, seed=7)
        net.simulate(300.0)
        rates.append(namespace["m"].mean_fr())
    assert rates[0] == rates[1] > 0


def test_network_from_code_no_compile_and_dt():
    net = network_from_code(NETWORK_CELL, {}, dt=0.5, compile=False)
    assert not net.compiled and net.dt == 0.5


def test_every_inside_a_network_cell_runs_with_that_network():
    cell = NETWORK_CELL + """
calls = []

@every(period=10.0)
def count(n):
    calls.append(n)
"""
    namespace = {}
    net = network_from_code(cell, namespace, dt=0.5, seed=1)
    assert registry.default_network()._callbacks == []          # nothing left behind
    net.simulate(50.0)
    assert namespace["calls"] == [0, 1, 2, 3, 4]                  # every 10 ms of the cell's network (dt 0.5)
    with pytest.raises(NameError):
        network_from_code(NETWORK_CELL + "\n@every(period=10.0)\ndef f(n):\n    pass\nundefined_name\n", {})
    assert registry.default_network()._callbacks == []          # a failing cell leaves none either


def test_network_from_code_needs_a_population():
    with pytest.raises(NetworkError, match="created no population"):
        network_from_code("x = 1", {})


def test_network_from_code_copies_outside_populations_it_uses():
    from annlab import Izhikevich, Population
    source = Population(10, Izhikevich, name="source")
    namespace = {"source": source}
    net = network_from_code("target = Population(10, Izhikevich)\n"
                            "p = Projection(source, target, 'exc').connect_all_to_all(weights=1.0)", namespace,
                            compile=False)
    assert len(net.populations) == 2 and registry.default_network().populations == [source]


# ---- through IPython ---------------------------------------------------------------------
def test_neuron_magic_binds_and_displays(shell):
    result = shell.run_cell("%%neuron LIF\n" + LIF_CELL)
    assert result.success
    lif = shell.user_ns["LIF"]
    assert isinstance(lif, Neuron) and lif.name == "LIF"
    assert result.result is lif
    formatted, _ = shell.display_formatter.format(lif)
    assert "text/markdown" in formatted and "**Neuron `LIF`**" in formatted["text/markdown"]


def test_synapse_magic(shell):
    shell.run_cell_magic("synapse", "Facil --quiet", "parameters: tau = 20.0\nequations:\n"
                         "  tau * dx/dt = -x : event-driven\npre_spike:\n  g_target += w * (1 + x)\n  x += 0.1\n")
    assert shell.user_ns["Facil"].type == "spike"


def test_network_magic_builds_compiles_and_shows_a_table(shell):
    net = shell.run_cell_magic("network", "net --seed 5", NETWORK_CELL)
    assert shell.user_ns["net"] is net and net.compiled
    formatted, _ = shell.display_formatter.format(net)
    assert "<table>" in formatted["text/html"] and "Izhikevich" in formatted["text/html"]
    shell.run_cell("net.simulate(500.0); rate = m.mean_fr()")
    assert shell.user_ns["rate"] > 2.0


def test_rerunning_a_network_cell_replaces_it(shell):
    first = shell.run_cell_magic("network", "net --seed 5", NETWORK_CELL)
    shell.run_cell("net.simulate(300.0); first_rate = m.mean_fr()")
    second = shell.run_cell_magic("network", "net --seed 5", NETWORK_CELL)
    assert second is not first and shell.user_ns["net"] is second
    assert [len(second.populations), len(second.projections), len(second.monitors)] == [2, 1, 1]
    assert registry.default_network().objects() == []
    shell.run_cell("net.simulate(300.0); second_rate = m.mean_fr()")
    assert shell.user_ns["first_rate"] == shell.user_ns["second_rate"]  # same seed, fresh network


def test_network_magic_no_compile_and_dt(shell):
    net = shell.run_cell_magic("network", "net --no-compile --dt 0.25 --quiet", NETWORK_CELL)
    assert net is None
    assert shell.user_ns["net"].dt == 0.25 and not shell.user_ns["net"].compiled


def test_network_magic_uses_models_from_neuron_cells(shell):
    shell.run_cell("%%neuron LIF --quiet\n" + LIF_CELL)
    net = shell.run_cell_magic("network", "net", "pop = Population(10, LIF)\nm = Monitor(pop, 'spike')\n")
    net.simulate(100.0)
    assert shell.user_ns["m"].mean_fr() > 10.0


def test_network_cell_error_points_at_cell_line(shell):
    body = "inp = PoissonPopulation(10, rates=5.0)\npop = Population(0, Izhikevich)\n"
    with pytest.raises(ValidationError, match="greater than or equal to 1") as info:
        shell.run_cell_magic("network", "net", body)
    assert info.value.cell_lineno == 3     # line 1 is %%network
    rendered = "\n".join(info.value._render_traceback_())
    assert "line 3" in rendered and "Population(0, Izhikevich)" in rendered and "magics.py" not in rendered
    assert registry.default_network().objects() == []   # the failed cell left nothing behind
    assert "net" not in shell.user_ns


def test_network_cell_equation_error(shell):
    body = "bad = Neuron(equations='dv/dt = -v + nope')\npop = Population(3, bad)\n"
    with pytest.raises(EquationError, match="Unknown name 'nope'") as info:
        shell.run_cell_magic("network", "net", body)
    assert info.value.cell_lineno == 2


def test_network_cell_syntax_error_has_cell_line(shell):
    with pytest.raises(SyntaxError) as info:
        shell.run_cell_magic("network", "net", "inp = PoissonPopulation(10, rates=5.0)\nx = (1 +\n")
    assert info.value.lineno in (3, 4)


def test_error_display_in_shell_shows_cell_line(shell, capsys):
    result = shell.run_cell("%%neuron Bad\nparameters:\n  tau = 1.0\nequations:\n  tau * dv/dt = -v + fooo\n")
    assert not result.success
    out = capsys.readouterr()
    text = out.out + out.err
    assert "cell line 5" in text and "fooo" in text and "site-packages" not in text


def test_bad_name_is_refused(shell):
    with pytest.raises(ValidationError, match="identifier"):
        shell.run_cell_magic("neuron", "1abc", LIF_CELL)


def test_network_cell_runs_in_the_user_namespace(shell):
    shell.run_cell_magic("network", "net", NETWORK_CELL + "def rate():\n    return later * m.mean_fr()\n")
    shell.run_cell("later = 2.0; net.simulate(200.0); doubled = rate()")
    assert shell.user_ns["doubled"] == 2.0 * shell.user_ns["m"].mean_fr() > 0


def test_network_cell_without_star_import_gets_the_names_it_uses(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    try:
        shell.run_line_magic("load_ext", "annlab")
        shell.run_cell_magic("network", "net --no-compile", "pop = Population(5, Izhikevich)\n")
        assert "Population" in shell.user_ns and "Izhikevich" in shell.user_ns
        assert "Projection" not in shell.user_ns      # only what the cell used
    finally:
        InteractiveShell.clear_instance()
