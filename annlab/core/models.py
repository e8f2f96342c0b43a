"""Neuron and Synapse: models defined by equations.

A model is plain data: its text sections and the intermediate representation
read from them at definition time (so mistakes are reported where they are
made). It holds no state; populations and projections do.

Examples
--------
>>> LIF = Neuron(
...     parameters="tau = 10.0 ; v_th = 1.0",
...     equations="tau * dv/dt = -v + 1.5 : init = 0.0",
...     spike="v > v_th", reset="v = 0.0", name="LIF")
>>> LIF.type, LIF.parameters_names, LIF.variables_names
('spike', ['tau', 'v_th'], ['v', 'r'])
"""
import copy
import os
import sys

from . import config, constants, functions as function_registry
from ..errors import ValidationError


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _creation_site():
    """``file:line`` of the user code that created an object (for messages).

    Walks the frames themselves: ``inspect.stack()`` reads the source of every
    frame, a tenth of a second per model at start-up.
    """
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not os.path.abspath(filename).startswith(_PACKAGE):
            return f"{filename}:{frame.f_lineno}"
        frame = frame.f_back
    return "<unknown>"


class _Model:
    _kind = None

    def _finish(self, name, description):
        self.name = name or type(self).__name__
        self.description = description
        self.created_at = _creation_site()

    @property
    def parameters_names(self):
        """Names of the parameters, in definition order."""
        return self._ir.parameters

    @property
    def variables_names(self):
        """Names of the variables, in definition order (implicit inputs included)."""
        return self._ir.variables

    @property
    def ir(self):
        """The intermediate representation read from the text (see :mod:`annlab.core.equations`)."""
        return self._ir

    def function(self, name):
        """The model's function ``name`` (its ``functions``, or one of ``add_function``) as a Python
        function of numbers, lists or arrays (what ANNarchy gives as ``pop.name(...)``).

        Examples
        --------
        >>> Neuron(equations="r = f(1.0)", functions="f(x) = 2*x").function("f")([1.0, 3.0]).tolist()
        [2.0, 6.0]
        """
        if name not in self._ir.functions:
            from ..errors import closest_name
            hint = closest_name(name, list(self._ir.functions))
            raise ValidationError(type(self).__name__, name, "Not a function of this model"
                                  + (f"; did you mean '{hint}'?" if hint else ""))
        return function_registry.as_python(self._ir.functions[name], name)

    def with_values(self, **values):
        """A copy of the model whose parameters have other default values.

        Examples
        --------
        >>> from annlab import Izhikevich
        >>> Izhikevich().with_values(a=0.1).ir.attributes["a"].init
        0.1
        """
        new = copy.copy(self)
        new._ir = copy.deepcopy(self._ir)
        for key, value in values.items():
            attribute = new._ir.attributes.get(key)
            if attribute is None or attribute.kind != "parameter":
                from ..errors import closest_name
                hint = closest_name(key, new.parameters_names)
                raise ValidationError(type(self).__name__, key,
                                      "Not a parameter of this model"
                                      + (f"; did you mean '{hint}'?" if hint else ""))
            try:
                attribute.init = float(value)
            except (TypeError, ValueError) as err:
                raise ValidationError(type(self).__name__, key, f"Value must be a number (got {value!r})") from err
        return new

    def _sections(self):
        return {}

    def __repr__(self):
        lines = [f"{type(self).__name__}(name={self.name!r})"]
        for section, text in self._sections().items():
            if text:
                body = "\n".join("    " + line.strip() for line in str(text).strip().splitlines())
                lines.append(f"  {section}:\n{body}")
        return "\n".join(lines)

    def _repr_markdown_(self):
        parts = [f"**{type(self).__name__} `{self.name}`**"
                 + (f": {self.description}" if self.description else "")]
        for section, text in self._sections().items():
            if text:
                body = "\n".join(line.strip() for line in str(text).strip().splitlines())
                parts.append(f"*{section}*\n```\n{body}\n```")
        return "\n\n".join(parts)


class Neuron(_Model):
    """A neuron model, rate-coded or spiking (when ``spike`` is given).

    Parameters
    ----------
    parameters : str
        One parameter per line: ``name = value : flags``.
    equations : str
        Variables and ODEs, one per line, evaluated in order each step.
    spike : str, optional
        Spike condition (makes the neuron spiking), e.g. ``"v > v_thresh"``.
    reset : str, optional
        Statements executed after a spike, e.g. ``"v = c; u += d"``.
    refractory : float or str, optional
        Refractory period in ms, or the name of a parameter holding it.
    functions : str, optional
        User functions, ``f(x, y) = expression``, one per line.
    name, description : str, optional
    """

    _kind = "neuron"

    def __init__(self, parameters="", equations="", spike=None, reset=None,
                 axon_spike=None, axon_reset=None, refractory=None, functions=None,
                 name=None, description=None, extra_values=None):
        self.parameters = parameters
        self.equations = equations
        self.spike = spike
        self.reset = reset
        self.refractory = refractory
        self.functions = functions
        self._finish(name, description)
        from .equations import describe  # here: importing annlab does not import sympy

        self._ir = describe("neuron", parameters=parameters, equations=equations, spike=spike,
                            reset=reset, refractory=refractory, functions=functions,
                            name=self.name, default_method=config.get("method"),
                            constants=constants.values(), global_functions=function_registry.definitions())

    @property
    def type(self):
        """``'spike'`` or ``'rate'``."""
        return "spike" if self._ir.spiking else "rate"

    def _sections(self):
        return {"parameters": self.parameters, "equations": self.equations, "spike": self.spike,
                "reset": self.reset, "refractory": self.refractory, "functions": self.functions}


class Synapse(_Model):
    """A synapse model.

    Parameters
    ----------
    parameters, equations : str
        As for :class:`Neuron`; ``w`` is always defined (a parameter unless
        the equations make it a variable). Flags ``projection`` (one value per
        projection) and ``postsynaptic`` (one per post neuron) set locality.
    psp : str, optional
        Rate-coded: contribution of one synapse, default ``w * pre.r``.
    operation : str
        Rate-coded: ``sum`` (default), ``max``, ``min`` or ``mean``.
    pre_spike, post_spike : str, optional
        Spiking: statements run when the pre (post) neuron spikes; default
        ``pre_spike`` is ``g_target += w``.
    functions, name, description : str, optional
    """

    _kind = "synapse"

    def __init__(self, parameters="", equations="", psp=None, operation="sum",
                 pre_spike=None, post_spike=None, pre_axon_spike=None, functions=None,
                 pruning=None, creating=None, name=None, description=None, extra_values=None):
        self.parameters = parameters
        self.equations = equations
        self.psp = psp
        self.operation = operation
        self.pre_spike = pre_spike
        self.post_spike = post_spike
        self.functions = functions
        self._finish(name, description)
        from .equations import describe

        self._ir = describe("synapse", parameters=parameters, equations=equations, psp=psp,
                            operation=operation, pre_spike=pre_spike, post_spike=post_spike,
                            functions=functions, name=self.name,
                            default_method=config.get("method"), constants=constants.values(),
                            global_functions=function_registry.definitions())

    @property
    def type(self):
        """``'spike'``, ``'rate'``, or ``None`` when the synapse fits both."""
        if self._ir.spiking:
            return "spike"
        if self.psp:
            return "rate"
        return None

    def _sections(self):
        return {"parameters": self.parameters, "equations": self.equations, "psp": self.psp,
                "pre_spike": self.pre_spike, "post_spike": self.post_spike,
                "functions": self.functions}


def as_model(model, kind):
    """Accept a model instance or a built-in model class (``Population(10, Izhikevich)``)."""
    expected = Neuron if kind == "neuron" else Synapse
    if isinstance(model, type) and issubclass(model, expected):
        model = model()
    if not isinstance(model, expected):
        raise ValidationError("Population" if kind == "neuron" else "Projection",
                              kind, f"Value must be a {expected.__name__} (got {model!r})")
    return model
