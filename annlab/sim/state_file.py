"""Saved state of a compiled network: what ``save()`` writes and what ``load()`` checks first.

A state file is a NumPy ``.npz`` archive (no pickled objects): one array per population
attribute (``pop/<name>/<attribute>``, one value per neuron or a single number), per synaptic
attribute (``proj/<name>/<attribute>``, one value per synapse in dendrite order, per post
neuron, or a single number), each projection's synapses (``pre_ranks``, ``post_ranks``: population
ranks, ``delays`` in ms), the spiking state that decides the future (last spike steps, refractory
ends, queued spikes, the last event of each synapse) and a ``meta`` JSON record: format version,
annlab version, a hash of the structure (:func:`structure_hash`), time step, step, random state,
and each object's kind, model, ends and sizes.

The file name decides only the container, as in ANNarchy: ``.npz`` is compressed, ``.gz`` (such
as ``.txt.gz``) is the archive compressed with gzip, any other name (``.data``, ``.txt``) the plain
archive; ``.mat`` writes a MATLAB file for analysis elsewhere, which cannot be loaded back.

Loading checks everything against the network before it changes anything (a file that does not
fit, is truncated or is not a state file raises :class:`~annlab.errors.StateFileError` and the
network is as it was). Synapses that differ from the file's (another random draw) are replaced
by the file's, as ANNarchy does.
"""
import gzip
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile

import numpy as np

from ..core import connectors
from ..errors import StateFileError
from .layout import view_ranks

FORMAT = "annlab-state"
VERSION = 1
_SPIKING_STATE = ("last_spike", "refr_until", "ring", "ring_count")
_RATE_STATE = ("rate_factor", "spike_history", "spike_history_count", "spike_count")


# ---- what is saved -----------------------------------------------------------------------
def _population_keys(layout):
    """Names of a population's saved arrays (attributes; ``_``-prefixed: spiking state)."""
    constants = set(layout.ir.constants)
    keys = list(layout.row) + [name for name in layout.glob if name in layout.entry and name not in constants]
    if layout.spiking:
        keys += [f"_{name}" for name in _SPIKING_STATE]
        if layout.computes_rate:  # the spikes r counts (compute_firing_rate)
            keys += [f"_{name}" for name in _RATE_STATE]
    return keys


def _population_arrays(layout):
    arrays = {}
    for key in _population_keys(layout):
        if key in layout.row:  # (rows include inputs such as _sum_exc)
            arrays[key] = layout.S[layout.row[key]].copy()
        elif key in layout.entry:
            arrays[key] = np.array(layout.G[layout.entry[key]])
        else:
            arrays[key] = getattr(layout, key[1:]).copy()
    return arrays


def _projection_keys(layout):
    """Names of a projection's saved arrays (attributes; ``_``-prefixed: synapses and event times)."""
    constants = set(layout.ir.constants)
    keys = ["_post_ranks", "_pre_ranks", "_delays"] + list(layout.local) + list(layout.semi)
    keys += [name for name in layout.glob if name not in constants]
    return keys + (["_last_event"] if layout.ir.event_driven else [])


def _projection_arrays(layout):
    synapses = layout.connectivity
    arrays = {"_post_ranks": synapses.post_ranks, "_pre_ranks": synapses.pre_ranks,
              "_delays": np.asarray(synapses.delays, float)}
    for key in _projection_keys(layout):
        if key == "_last_event":
            arrays[key] = layout.to_dendrites(layout.last_event[:layout.size]).copy()
        elif not key.startswith("_"):
            arrays[key] = np.array(layout.read(key))
    return arrays


def collect(simulator, populations=True, projections=True, only=None):
    """The arrays and the meta record of a simulator's state (``only``: those layouts alone)."""
    chosen = (lambda layout: True) if only is None else (lambda layout: layout in only)  # noqa: E731
    arrays, meta = {}, {"format": FORMAT, "version": VERSION, "annlab": _annlab_version(),
                        "dt": simulator.dt, "step": int(simulator.step),
                        "random_state": simulator.rng.bit_generator.state,
                        "populations": {}, "projections": {}}
    meta["structure"] = structure_hash(simulator)
    if populations:
        for layout in filter(chosen, simulator.populations):
            name = _unique_name(layout.population.name, simulator.populations, "population")
            meta["populations"][name] = {"neuron": layout.ir.name, "size": layout.size,
                                         "spiking": layout.spiking, "depth": layout.depth}
            arrays.update({f"pop/{name}/{key}": value for key, value in _population_arrays(layout).items()})
    if projections:
        for layout in filter(chosen, simulator.projections):
            name = _unique_name(layout.projection.name, simulator.projections, "projection")
            meta["projections"][name] = {"synapse": layout.ir.name, "pre": layout.pre.population.name,
                                         "post": layout.post.population.name, "size": layout.size,
                                         "target": layout.projection.target,
                                         "pre_size": layout.pre.size, "post_size": layout.post.size}
            arrays.update({f"proj/{name}/{key}": value for key, value in _projection_arrays(layout).items()})
    return arrays, meta


def structure_hash(simulator):
    """Hash of what a state depends on: each object's name, size or ends and target, and attributes.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> pop = NS(population=NS(name="cells"), size=3, local=["v"], glob=[])
    >>> len(structure_hash(NS(populations=[pop], projections=[])))
    16
    """
    description = [("population", p.population.name, p.size, sorted(p.local), sorted(p.glob))
                   for p in simulator.populations]
    description += [("projection", q.projection.name, q.pre.population.name, q.post.population.name,
                     q.projection.target, sorted(q.local + q.semi + q.glob)) for q in simulator.projections]
    return hashlib.sha256(json.dumps(description).encode()).hexdigest()[:16]


def _annlab_version():
    from .. import __version__
    return __version__


def _unique_name(name, layouts, kind):
    owners = [getattr(layout, kind) for layout in layouts]
    if sum(owner.name == name for owner in owners) > 1:
        raise StateFileError(f"save(): two {kind}s of the network are named '{name}'; give them distinct names "
                             f"(name=...) so that a file can tell them apart")
    return name


# ---- containers ------------------------------------------------------------------------
def write(filename, arrays, meta):
    """Write the state to ``filename`` (container chosen by its ending), atomically."""
    filename = os.fspath(filename)
    if filename.endswith(".mat"):
        _write_mat(filename, arrays, meta)
        return
    buffer = io.BytesIO()
    payload = dict(arrays, meta=np.array(json.dumps(meta)))
    (np.savez_compressed if filename.endswith(".npz") else np.savez)(buffer, **payload)
    data = buffer.getvalue()
    if filename.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    folder = os.path.dirname(os.path.abspath(filename))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".annlab-save-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, filename)
    except BaseException:
        os.unlink(temporary)
        raise


def _write_mat(filename, arrays, meta):
    from scipy.io import savemat
    tree = {}
    for key, value in arrays.items():
        kind, name, attribute = key.split("/")
        group = tree.setdefault(_matlab_name(name), {"kind": kind})
        group[_matlab_name(attribute.lstrip("_"))] = value
    tree["annlab_meta"] = json.dumps(meta)
    savemat(filename, tree, do_compression=True)


def _matlab_name(name):
    cleaned = re.sub(r"\W", "_", name)
    return cleaned if cleaned[:1].isalpha() else f"x{cleaned}"


def read(filename):
    """The arrays and meta record of a state file; StateFileError when it is not one."""
    filename = os.fspath(filename)
    if filename.endswith(".mat"):
        raise StateFileError(f"load('{filename}'): '.mat' files are written for analysis in other tools and "
                             f"cannot be loaded (as in ANNarchy); save to '.npz' to load the state again")
    try:
        with open(filename, "rb") as source:
            data = source.read()
    except FileNotFoundError:
        raise StateFileError(f"load('{filename}'): no such file") from None
    try:
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, gzip.BadGzipFile) as err:
        raise StateFileError(f"load('{filename}'): the file is truncated, corrupted or not an annlab state "
                             f"file ({err})") from err
    try:
        meta = json.loads(str(arrays.pop("meta")))
        assert meta["format"] == FORMAT
    except (KeyError, ValueError, TypeError, AssertionError) as err:
        raise StateFileError(f"load('{filename}'): not an annlab state file (no annlab meta record; files "
                             f"written by ANNarchy cannot be loaded)") from err
    if meta["version"] > VERSION:
        raise StateFileError(f"load('{filename}'): written by a newer annlab ({meta['annlab']}, format "
                             f"{meta['version']}); this annlab reads format {VERSION}")
    return arrays, meta


# ---- loading ---------------------------------------------------------------------------
def _group(arrays, prefix):
    return {key[len(prefix):]: value for key, value in arrays.items() if key.startswith(prefix)}


def _check_population(source, layout, saved, values):
    name = layout.population.name
    if saved["size"] != layout.size:
        raise StateFileError(f"{source}: population '{name}' has {layout.size} neurons, the saved state "
                             f"holds {saved['size']}")
    rate_keys = {f"_{key}" for key in _RATE_STATE}
    expected = set(_population_keys(layout)) - rate_keys  # the window of r may be set by the load (below)
    if set(values) - rate_keys != expected:
        missing, extra = sorted(expected - set(values)), sorted(set(values) - rate_keys - expected)
        raise StateFileError(f"{source}: population '{name}' does not have the attributes of the saved one "
                             f"(neuron '{saved['neuron']}'); missing in the saved state: {missing or 'none'}, "
                             f"unknown here: {extra or 'none'}")
    if layout.computes_rate and rate_keys <= set(values) and \
            values["_spike_history"].shape != layout.spike_history.shape:
        raise StateFileError(f"{source}: population '{name}' computes r over {layout.spike_history.shape[0]} steps, "
                             f"the saved one over {values['_spike_history'].shape[0]} (compute_firing_rate())")
    for key, value in values.items():
        if key in rate_keys:
            continue
        shape = (layout.size,) if key in layout.row else () if key in layout.entry else getattr(layout, key[1:]).shape
        if value.shape != shape:
            raise StateFileError(f"{source}: population '{name}', '{key}': the saved state holds an array "
                                 f"of shape {value.shape}, the network another one (the spike queue follows the "
                                 f"longest delay)")


def _check_projection(source, layout, saved, values, simulator):
    """The synapses to put in place when the saved ones differ from the projection's (else None)."""
    name = layout.projection.name
    here = (layout.pre.population.name, layout.post.population.name, layout.projection.target)
    there = (saved["pre"], saved["post"], saved["target"])
    if here != there:
        raise StateFileError(f"{source}: projection '{name}' connects '{here[0]}' to '{here[1]}' (target "
                             f"'{here[2]}'), the saved one '{there[0]}' to '{there[1]}' (target '{there[2]}')")
    if (saved["pre_size"], saved["post_size"]) != (layout.pre.size, layout.post.size):
        raise StateFileError(f"{source}: projection '{name}' connects {layout.pre.size} to "
                             f"{layout.post.size} neurons, the saved one {saved['pre_size']} to {saved['post_size']}")
    expected = set(_projection_keys(layout))
    if set(values) - {"_last_event"} != expected - {"_last_event"}:
        raise StateFileError(f"{source}: projection '{name}' does not have the attributes of the saved one "
                             f"(synapse '{saved['synapse']}'): {sorted(expected)} here, "
                             f"{sorted(values)} in the saved state")
    size = len(values["_pre_ranks"])
    for key in layout.local + ["_post_ranks"] + (["_last_event"] if "_last_event" in values else []):
        if len(values[key]) != size:
            raise StateFileError(f"{source}: projection '{name}', '{key}' has {len(values[key])} "
                                 f"values for {size} synapses")
    post, pre = values["_post_ranks"], values["_pre_ranks"]
    if size and (post.min() < 0 or post.max() >= layout.post.size or pre.min() < 0 or pre.max() >= layout.pre.size):
        raise StateFileError(f"{source}: projection '{name}': the saved synapses connect neurons "
                             f"outside the populations")
    now = layout.connectivity
    if size == layout.size and np.array_equal(now.post_ranks, post) and np.array_equal(now.pre_ranks, pre):
        return None
    projection = layout.projection
    synapses = connectors.Connectivity(view_ranks(post, projection.post), view_ranks(pre, projection.pre),
                                       values.get("w", np.zeros(size)) if "w" in layout.local else np.zeros(size),
                                       values["_delays"] if values["_delays"].ndim else float(values["_delays"]))
    if size and (np.any(synapses.post_ranks < 0) or np.any(synapses.pre_ranks < 0)):
        raise StateFileError(f"{source}: projection '{name}': the saved synapses connect neurons "
                             f"outside the projection's populations or views")
    try:
        return simulator.rewired_synapses(projection, synapses, {})
    except Exception as err:
        raise StateFileError(f"{source}: projection '{name}': the saved synapses cannot replace the "
                             f"projection's: {err}") from err


def apply(simulator, source, arrays, meta, populations=True, projections=True, only=None):
    """Check a saved state against ``simulator``, then load it (nothing changes if a check fails).

    ``source`` names the state in error messages (``load('state.npz')``, ``restore('before')``).
    """
    chosen = (lambda layout: True) if only is None else (lambda layout: layout in only)  # noqa: E731
    pops = [layout for layout in simulator.populations if chosen(layout)] if populations else []
    projs = [layout for layout in simulator.projections if chosen(layout)] if projections else []
    if not np.isclose(meta["dt"], simulator.dt):
        raise StateFileError(f"{source}: saved with dt = {meta['dt']} ms, the network runs with "
                             f"dt = {simulator.dt} ms")
    saved_pops, saved_projs = meta["populations"], meta["projections"]
    checked = [("population", pops, saved_pops)] if populations else []
    checked += [("projection", projs, saved_projs)] if projections else []
    for kind, layouts, saved in checked:
        names = [getattr(layout, kind).name for layout in layouts]
        missing = [name for name in names if name not in saved]
        if missing:
            raise StateFileError(f"{source}: the saved state has no {kind} named {missing} (it holds "
                                 f"{sorted(saved) or 'none'})")
        if only is None and set(saved) - set(names):
            raise StateFileError(f"{source}: the saved state holds {kind}s this network does not have: "
                                 f"{sorted(set(saved) - set(names))}")
    rewired = {}
    for layout in pops:
        name = layout.population.name
        _check_population(source, layout, saved_pops[name], _group(arrays, f"pop/{name}/"))
    for layout in projs:
        name = layout.projection.name
        fresh = _check_projection(source, layout, saved_projs[name], _group(arrays, f"proj/{name}/"), simulator)
        if fresh is not None:
            rewired[id(layout)] = fresh
    # every check passed: change the network
    simulator.keep_initial_values()
    for layout in pops:
        values = _group(arrays, f"pop/{layout.population.name}/")
        if "_rate_factor" in values and not layout.computes_rate:  # the saved network computed r: so does this one
            simulator.set_rate_window(layout.population, 1000.0 / float(values["_rate_factor"][0]),
                                      steps=values["_spike_history"].shape[0])
        elif layout.computes_rate and "_rate_factor" not in values:
            layout.clear_rate_history()  # saved before compute_firing_rate(): no spikes counted yet
        for key, value in values.items():
            if key in layout.row:
                layout.S[layout.row[key]] = value
            elif key in layout.entry:
                layout.G[layout.entry[key]] = value
            else:
                getattr(layout, key[1:])[...] = value
    for layout in projs:
        values = _group(arrays, f"proj/{layout.projection.name}/")
        if id(layout) in rewired:
            simulator.adopt_synapses(layout.projection, rewired[id(layout)])
        for key, value in values.items():
            if key == "_last_event":
                if layout.ir.event_driven:
                    layout.last_event[:layout.size] = layout.to_storage(value)
            elif not key.startswith("_"):
                layout.write(key, value if value.ndim else float(value))
        layout.weights_changed()
    if only is None:
        simulator.step = int(meta["step"])
        simulator.rng.bit_generator.state = meta["random_state"]
        for layout in simulator.populations:
            layout.kind.seek(layout, simulator.step)
