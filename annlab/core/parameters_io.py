"""Global parameters of a network in a JSON file, as ANNarchy 4.8's ``save_parameters()`` writes it.

The file has four sections: ``populations`` and ``projections`` (name ->
population-wide / projection-wide parameters), ``network`` (free values the
script reads back, returned by :func:`load_parameters`) and ``constants``.
As in ANNarchy, the values saved are those the objects had when their network
was compiled (their initial values), not values set since.

Examples
--------
>>> import json, os, tempfile
>>> from annlab import Neuron, Population, clear
>>> clear()
>>> pop = Population(2, Neuron(parameters="tau = 10.0 : population", equations="r = 1/tau"), name="p")
>>> path = os.path.join(tempfile.mkdtemp(), "params.json")
>>> save_parameters(path)
>>> json.load(open(path))["populations"]
{'p': {'tau': 10.0}}
>>> pop.tau = 5.0
>>> load_parameters(path); pop.tau
{}
10.0
"""
import json
import numbers
import warnings

from . import constants as constant_registry, net_ids
from .distributions import Distribution
from ..errors import AnnlabWarning, ValidationError


def _global_parameters(ir, locality="global"):
    return [name for name, a in ir.attributes.items() if a.kind == "parameter" and a.locality == locality]


def _number(value, default):
    if isinstance(value, Distribution) or not isinstance(value, numbers.Real):
        return float(default)
    return float(value)


def save_parameters(filename, net_id=0):
    """Write the global parameters of a network (flags ``population``, ``projection``) to a JSON file.

    Parameters
    ----------
    filename : str or path
    net_id : int
        The network (0: the default network).
    """
    network = net_ids.get(net_id)
    description = {"populations": {}, "projections": {}, "network": {}, "constants": constant_registry.values()}
    for pop in network.populations:
        description["populations"][pop.name] = {
            name: _number(pop.initial_value(name), pop.neuron_type.ir.attributes[name].init)
            for name in _global_parameters(pop.neuron_type.ir)}
    for proj in network.projections:
        attributes = proj.synapse_type.ir.attributes
        description["projections"][proj.name] = {
            name: _number(proj._init.get(name, attributes[name].init), attributes[name].init)
            for name in _global_parameters(proj.synapse_type.ir)}
    try:
        with open(filename, "w") as file:
            json.dump(description, file, indent=4)
    except OSError as err:
        raise ValidationError("save_parameters", "filename", f"Cannot write {filename!s} ({err.strerror}); "
                              f"do its folders exist?") from err


def load_parameters(filename, global_only=True, verbose=False, net_id=0):
    """Set the parameters written in a JSON file (see :func:`save_parameters`); returns its ``network`` part.

    Parameters
    ----------
    filename : str or path
    global_only : bool
        Only population-/projection-wide parameters are loaded; with False, a
        per-neuron (per-synapse) parameter gets the one value of the file.
    verbose : bool
        Print each parameter set (old -> new) and each one skipped.
    net_id : int

    Returns
    -------
    dict
        The ``network`` section, values as floats.
    """
    try:
        with open(filename) as file:
            description = json.load(file)
    except OSError as err:
        raise ValidationError("load_parameters", "filename", f"Cannot read {filename!s} ({err.strerror})") from err
    except json.JSONDecodeError as err:
        raise ValidationError("load_parameters", "filename", f"{filename!s} is not a JSON file: {err}") from err
    network = net_ids.get(net_id)
    say = print if verbose else (lambda *args: None)
    say("Loading parameters from file", filename)
    for section, objects, model in (("populations", network.populations, lambda p: p.neuron_type),
                                    ("projections", network.projections, lambda p: p.synapse_type)):
        by_name = {obj.name: obj for obj in objects}
        for name, values in description.get(section, {}).items():
            obj = by_name.get(name)
            if obj is None:
                warnings.warn(f"load_parameters(): {filename!s} has parameters for '{name}', which is not in the "
                              f"network; skipped", AnnlabWarning, stacklevel=2)
                continue
            attributes = model(obj).ir.attributes
            for key, value in values.items():
                attribute = attributes.get(key)
                if attribute is None or attribute.kind != "parameter" or \
                        (global_only and attribute.locality != "global"):
                    say(f"   {key} is not a global parameter of {name}, skipping.")
                    continue
                if verbose:
                    say(f"   {key} : {obj.get(key)} -> {value}")
                obj.set({key: float(value)})
    for name, value in description.get("constants", {}).items():
        existing = constant_registry._constants.get(name)
        if existing is not None:
            existing.value = value
        else:
            constant_registry.Constant(name, value)
    return {name: float(value) for name, value in description.get("network", {}).items()}


def load_parameter(in_file):
    """Deprecated in ANNarchy: read ``<parameter><name>..</name><value>..</value></parameter>`` XML files.

    Parameters
    ----------
    in_file : str or list of str
        One or more XML files.

    Returns
    -------
    dict
        Name -> value (int, float or str).
    """
    import xml.etree.ElementTree as ElementTree

    warnings.warn("load_parameter() is deprecated (as in ANNarchy): use load_parameters() and JSON files",
                  DeprecationWarning, stacklevel=2)
    files = [in_file] if isinstance(in_file, str) else list(in_file)
    parameters = {}
    for path in files:
        try:
            root = ElementTree.parse(path).getroot()
        except (OSError, ElementTree.ParseError) as err:
            raise ValidationError("load_parameter", "in_file", f"Cannot read {path!s}: {err}") from err
        for node in root.iter("parameter"):
            name, text = node.findtext("name"), node.findtext("value")
            if name is None or text is None:
                raise ValidationError("load_parameter", "in_file", f"{path!s}: each <parameter> needs a <name> "
                                      f"and a <value>")
            if name in parameters:
                raise ValidationError("load_parameter", "in_file", f"{path!s}: parameter '{name}' is defined twice")
            parameters[name] = _parse_value(text.strip())
    return parameters


def _parse_value(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
