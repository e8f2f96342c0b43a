"""The neuron models that ANNarchy 4.8 ships, with the same parameters and equations.

Each model is a subclass of :class:`~annlab.core.models.Neuron` whose
constructor takes every parameter as a keyword argument (with ANNarchy
4.8's default value) and writes the parameter text from the values given.
Both the class and an instance can be passed to a population::

    Population(10, IF_cond_exp)                  # same as IF_cond_exp()
    Population(10, IF_cond_exp(tau_refrac=5.0))

The equations, numerical methods, spike conditions, resets and refractory
settings are those of ANNarchy 4.8.2.7, including its less obvious choices
(``HH_cond_exp`` integrates every ODE with the exponential Euler method and
uses ``bh = 4/(1 + exp(10 - v + v_offset))``; the ODEs of ``Izhikevich`` and
of the ``EIF`` models carry no method flag, so the default method of
:func:`annlab.setup` applies, explicit Euler unless changed).

Examples
--------
>>> from annlab.core.builtin_neurons import Izhikevich, IF_cond_exp
>>> Izhikevich().parameters_names
['noise', 'a', 'b', 'c', 'd', 'v_thresh', 'i_offset', 'tau_refrac']
>>> IF_cond_exp(i_offset=1.5).ir.attributes["i_offset"].init
1.5
"""
import numbers

from .models import Neuron

__all__ = [
    "LeakyIntegrator",
    "Izhikevich",
    "IF_curr_exp",
    "IF_cond_exp",
    "IF_curr_alpha",
    "IF_cond_alpha",
    "HH_cond_exp",
    "EIF_cond_exp_isfa_ista",
    "EIF_cond_alpha_isfa_ista",
]


def _text(value):
    """A parameter value as it is written into model text.

    Numbers become their exact ``repr`` (``0.1`` stays ``0.1``); anything
    else (an expression string, as ANNarchy allows) is inserted unchanged.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return repr(float(value))
    return str(value)


def _parameters(values, flags=None):
    """Parameter section: one ``name = value`` line per entry, in order."""
    flags = flags or {}
    lines = []
    for name, value in values.items():
        line = f"{name} = {_text(value)}"
        if name in flags:
            line += f" : {flags[name]}"
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Rate-coded
# ---------------------------------------------------------------------------
class LeakyIntegrator(Neuron):
    r"""Rate-coded leaky integrator with a rectified-linear output.

    The internal variable ``v`` integrates the input with time constant
    ``tau`` around the baseline ``B``; the rate is ``v`` above the
    threshold ``T``, rectified::

        tau * dv/dt + v = sum(exc) - sum(inh) + B      (exponential Euler)
        r = pos(v - T)

    Parameters
    ----------
    tau : float, default 10.0
        Time constant (ms); population-wide (``population`` flag).
    B : float, default 0.0
        Baseline of ``v``; one value per neuron.
    T : float, default 0.0
        Threshold of the transfer function; population-wide.
    sum : str, default ``"sum(exc) - sum(inh)"``
        The input term of the ODE, e.g. ``"sum(exc)"``.
    noise : str, optional
        An additive noise term, e.g. ``"Normal(0.0, 0.1)"``; none by default.

    Notes
    -----
    ``v`` and ``r`` start at 0.

    Examples
    --------
    >>> from annlab.core.builtin_neurons import LeakyIntegrator
    >>> neuron = LeakyIntegrator(T=0.5)
    >>> neuron.ir.attributes["T"].init, neuron.ir.attributes["T"].locality
    (0.5, 'global')
    >>> neuron.ir.attributes["v"].method
    'exponential'
    >>> neuron.type
    'rate'
    """

    def __init__(self, tau=10.0, B=0.0, T=0.0, sum="sum(exc) - sum(inh)", noise=None):
        parameters = _parameters({"tau": tau, "B": B, "T": T},
                                 {"tau": "population", "T": "population"})
        noise_term = f" + {noise}" if noise else ""
        equations = (f"tau * dv/dt + v = {sum} + B{noise_term} : exponential\n"
                     "r = pos(v - T)")
        super().__init__(parameters=parameters, equations=equations,
                         name="Leaky-Integrator",
                         description="Rate-coded leaky integrator with a rectified-linear "
                                     "transfer function and optional additive noise.")


# ---------------------------------------------------------------------------
# Izhikevich
# ---------------------------------------------------------------------------
class Izhikevich(Neuron):
    """Izhikevich's (2003) quadratic integrate-and-fire neuron with recovery.

    ::

        I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset
        dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I     (init c)
        du/dt = a * (b*v - u)                             (init b*c)
        spike: v > v_thresh
        reset: v = c; u += d
        refractory: tau_refrac

    The ODEs have no method flag (explicit Euler with the default setup).
    The conductances are instantaneous: ``g_exc`` holds the weights received
    in the current step and is cleared after the update. The defaults give
    a regular-spiking (RS) cell. All parameters are per neuron.

    Parameters
    ----------
    a : float, default 0.02
        Speed of the recovery variable.
    b : float, default 0.2
        Sensitivity of the recovery variable to ``v``.
    c : float, default -65.0
        Reset potential (mV); also the initial ``v``.
    d : float, default 8.0
        Increment of ``u`` at each spike.
    v_thresh : float, default 30.0
        Spike threshold (mV).
    i_offset : float, default 0.0
        Constant input current.
    noise : float, default 0.0
        Standard deviation of the additive Gaussian noise on ``I``.
    tau_refrac : float, default 0.0
        Refractory period (ms).
    conductance : str, default ``"g_exc - g_inh"``
        The synaptic input term of ``I``, e.g. ``"g_ampa - g_gaba"``.

    Examples
    --------
    >>> from annlab.core.builtin_neurons import Izhikevich
    >>> neuron = Izhikevich(d=2.0)
    >>> neuron.ir.attributes["d"].init, neuron.ir.attributes["u"].init
    (2.0, -13.0)
    >>> neuron.ir.attributes["v"].method
    'explicit'
    """

    def __init__(self, a=0.02, b=0.2, c=-65.0, d=8.0, v_thresh=30.0, i_offset=0.0,
                 noise=0.0, tau_refrac=0.0, conductance="g_exc - g_inh"):
        parameters = _parameters({"noise": noise, "a": a, "b": b, "c": c, "d": d,
                                  "v_thresh": v_thresh, "i_offset": i_offset,
                                  "tau_refrac": tau_refrac})
        equations = (f"I = {conductance} + noise * Normal(0.0, 1.0) + i_offset\n"
                     f"dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = {_text(c)}\n"
                     f"du/dt = a * (b*v - u) : init = {_text(b * c)}")
        super().__init__(parameters=parameters, equations=equations,
                         spike="v > v_thresh", reset="v = c\nu += d",
                         refractory="tau_refrac", name="Izhikevich",
                         description="Quadratic integrate-and-fire neuron with a recovery "
                                     "variable (Izhikevich, 2003).")


# ---------------------------------------------------------------------------
# Integrate-and-fire with exponential or alpha synapses
# ---------------------------------------------------------------------------
_IF_SPIKE = "v > v_thresh"
_IF_RESET = "v = v_reset"
_ALPHA_FACTORS = ("gmax_exc = exp((tau_syn_E - dt/2.0)/tau_syn_E)\n"
                  "gmax_inh = exp((tau_syn_I - dt/2.0)/tau_syn_I)\n")
_EXP_SYNAPSES = ("tau_syn_E * dg_exc/dt = - g_exc : exponential\n"
                 "tau_syn_I * dg_inh/dt = - g_inh : exponential")
_ALPHA_SYNAPSES = (_EXP_SYNAPSES + "\n"
                   "tau_syn_E * dalpha_exc/dt = gmax_exc * g_exc - alpha_exc : exponential\n"
                   "tau_syn_I * dalpha_inh/dt = gmax_inh * g_inh - alpha_inh : exponential")


class IF_curr_exp(Neuron):
    """Leaky integrate-and-fire neuron with exponentially decaying synaptic currents.

    ::

        cm * dv/dt = cm/tau_m*(v_rest - v) + g_exc - g_inh + i_offset   (init v_reset)
        tau_syn_E * dg_exc/dt = - g_exc
        tau_syn_I * dg_inh/dt = - g_inh
        spike: v > v_thresh;  reset: v = v_reset;  refractory: tau_refrac

    All ODEs use the exponential Euler method. ``g_exc`` and ``g_inh`` are
    currents (nA) that jump by the weight at each incoming spike.

    Parameters
    ----------
    v_rest : float, default -65.0
        Resting potential (mV).
    cm : float, default 1.0
        Membrane capacitance (nF).
    tau_m : float, default 20.0
        Membrane time constant (ms).
    tau_refrac : float, default 0.0
        Refractory period (ms).
    tau_syn_E, tau_syn_I : float, default 5.0
        Decay time constants of the excitatory / inhibitory currents (ms).
    v_thresh : float, default -50.0
        Spike threshold (mV).
    v_reset : float, default -65.0
        Reset potential (mV); also the initial ``v``.
    i_offset : float, default 0.0
        Constant input current (nA).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import IF_curr_exp
    >>> neuron = IF_curr_exp(tau_m=10.0)
    >>> neuron.ir.attributes["tau_m"].init, neuron.ir.attributes["v"].method
    (10.0, 'exponential')
    """

    def __init__(self, v_rest=-65.0, cm=1.0, tau_m=20.0, tau_refrac=0.0, tau_syn_E=5.0,
                 tau_syn_I=5.0, v_thresh=-50.0, v_reset=-65.0, i_offset=0.0):
        parameters = _parameters({"v_rest": v_rest, "cm": cm, "tau_m": tau_m,
                                  "tau_refrac": tau_refrac, "tau_syn_E": tau_syn_E,
                                  "tau_syn_I": tau_syn_I, "v_thresh": v_thresh,
                                  "v_reset": v_reset, "i_offset": i_offset})
        equations = ("cm * dv/dt = cm/tau_m*(v_rest - v) + g_exc - g_inh + i_offset"
                     f" : exponential, init = {_text(v_reset)}\n" + _EXP_SYNAPSES)
        super().__init__(parameters=parameters, equations=equations, spike=_IF_SPIKE,
                         reset=_IF_RESET, refractory="tau_refrac", name="Integrate-and-Fire",
                         description="Leaky integrate-and-fire neuron, fixed threshold, "
                                     "exponentially decaying synaptic currents.")


class IF_cond_exp(Neuron):
    """Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances.

    ::

        cm * dv/dt = cm/tau_m*(v_rest - v) + g_exc*(e_rev_E - v)
                     + g_inh*(e_rev_I - v) + i_offset                (init v_reset)
        tau_syn_E * dg_exc/dt = - g_exc
        tau_syn_I * dg_inh/dt = - g_inh
        spike: v > v_thresh;  reset: v = v_reset;  refractory: tau_refrac

    All ODEs use the exponential Euler method.

    Parameters
    ----------
    v_rest, cm, tau_m, tau_refrac, v_thresh, v_reset, i_offset : float
        As for :class:`IF_curr_exp` (same defaults).
    tau_syn_E, tau_syn_I : float, default 5.0
        Decay time constants of the excitatory / inhibitory conductances (ms).
    e_rev_E : float, default 0.0
        Excitatory reversal potential (mV).
    e_rev_I : float, default -70.0
        Inhibitory reversal potential (mV).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import IF_cond_exp
    >>> IF_cond_exp(tau_refrac=5.0).ir.attributes["tau_refrac"].init
    5.0
    >>> IF_cond_exp().ir.attributes["e_rev_I"].init
    -70.0
    """

    def __init__(self, v_rest=-65.0, cm=1.0, tau_m=20.0, tau_refrac=0.0, tau_syn_E=5.0,
                 tau_syn_I=5.0, e_rev_E=0.0, e_rev_I=-70.0, v_thresh=-50.0, v_reset=-65.0,
                 i_offset=0.0):
        parameters = _parameters({"v_rest": v_rest, "cm": cm, "tau_m": tau_m,
                                  "tau_refrac": tau_refrac, "tau_syn_E": tau_syn_E,
                                  "tau_syn_I": tau_syn_I, "v_thresh": v_thresh,
                                  "v_reset": v_reset, "i_offset": i_offset,
                                  "e_rev_E": e_rev_E, "e_rev_I": e_rev_I})
        equations = ("cm * dv/dt = cm/tau_m*(v_rest - v) + g_exc * (e_rev_E - v)"
                     " + g_inh * (e_rev_I - v) + i_offset"
                     f" : exponential, init = {_text(v_reset)}\n" + _EXP_SYNAPSES)
        super().__init__(parameters=parameters, equations=equations, spike=_IF_SPIKE,
                         reset=_IF_RESET, refractory="tau_refrac", name="Integrate-and-Fire",
                         description="Leaky integrate-and-fire neuron, fixed threshold, "
                                     "exponentially decaying synaptic conductances.")


class IF_curr_alpha(Neuron):
    """Leaky integrate-and-fire neuron with alpha-shaped synaptic currents.

    Each alpha current is produced by two linear ODEs: an incoming spike
    makes ``g_exc`` jump by the weight, and ``alpha_exc`` follows it and
    peaks ``tau_syn_E`` ms later at about the weight (``gmax_exc``
    compensates for the discretisation; it depends on ``dt``)::

        gmax_exc = exp((tau_syn_E - dt/2.0)/tau_syn_E)      (gmax_inh alike)
        cm * dv/dt = cm/tau_m*(v_rest - v) + alpha_exc - alpha_inh + i_offset
        tau_syn_E * dg_exc/dt = - g_exc
        tau_syn_E * dalpha_exc/dt = gmax_exc * g_exc - alpha_exc   (inh alike)
        spike: v > v_thresh;  reset: v = v_reset;  refractory: tau_refrac

    All ODEs use the exponential Euler method; ``v`` starts at ``v_reset``.

    Parameters
    ----------
    v_rest, cm, tau_m, tau_refrac, v_thresh, v_reset, i_offset : float
        As for :class:`IF_curr_exp` (same defaults).
    tau_syn_E, tau_syn_I : float, default 5.0
        Rise times of the excitatory / inhibitory alpha currents (ms).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import IF_curr_alpha
    >>> neuron = IF_curr_alpha(tau_syn_E=2.0)
    >>> neuron.ir.attributes["tau_syn_E"].init, neuron.ir.attributes["alpha_exc"].method
    (2.0, 'exponential')
    """

    def __init__(self, v_rest=-65.0, cm=1.0, tau_m=20.0, tau_refrac=0.0, tau_syn_E=5.0,
                 tau_syn_I=5.0, v_thresh=-50.0, v_reset=-65.0, i_offset=0.0):
        parameters = _parameters({"v_rest": v_rest, "cm": cm, "tau_m": tau_m,
                                  "tau_refrac": tau_refrac, "tau_syn_E": tau_syn_E,
                                  "tau_syn_I": tau_syn_I, "v_thresh": v_thresh,
                                  "v_reset": v_reset, "i_offset": i_offset})
        equations = (_ALPHA_FACTORS
                     + "cm * dv/dt = cm/tau_m*(v_rest - v) + alpha_exc - alpha_inh + i_offset"
                     f" : exponential, init = {_text(v_reset)}\n" + _ALPHA_SYNAPSES)
        super().__init__(parameters=parameters, equations=equations, spike=_IF_SPIKE,
                         reset=_IF_RESET, refractory="tau_refrac", name="Integrate-and-Fire",
                         description="Leaky integrate-and-fire neuron, fixed threshold, "
                                     "alpha-shaped synaptic currents.")


class IF_cond_alpha(Neuron):
    """Leaky integrate-and-fire neuron with alpha-shaped synaptic conductances.

    As :class:`IF_curr_alpha`, but the alpha terms are conductances::

        cm * dv/dt = cm/tau_m*(v_rest - v) + alpha_exc*(e_rev_E - v)
                     + alpha_inh*(e_rev_I - v) + i_offset

    All ODEs use the exponential Euler method; ``v`` starts at ``v_reset``.

    Parameters
    ----------
    v_rest, cm, tau_m, tau_refrac, v_thresh, v_reset, i_offset, e_rev_E, e_rev_I : float
        As for :class:`IF_cond_exp` (same defaults).
    tau_syn_E, tau_syn_I : float, default 5.0
        Rise times of the excitatory / inhibitory alpha conductances (ms).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import IF_cond_alpha
    >>> IF_cond_alpha(e_rev_I=-80.0).ir.attributes["e_rev_I"].init
    -80.0
    """

    def __init__(self, v_rest=-65.0, cm=1.0, tau_m=20.0, tau_refrac=0.0, tau_syn_E=5.0,
                 tau_syn_I=5.0, e_rev_E=0.0, e_rev_I=-70.0, v_thresh=-50.0, v_reset=-65.0,
                 i_offset=0.0):
        parameters = _parameters({"v_rest": v_rest, "cm": cm, "tau_m": tau_m,
                                  "tau_refrac": tau_refrac, "tau_syn_E": tau_syn_E,
                                  "tau_syn_I": tau_syn_I, "v_thresh": v_thresh,
                                  "v_reset": v_reset, "i_offset": i_offset,
                                  "e_rev_E": e_rev_E, "e_rev_I": e_rev_I})
        equations = (_ALPHA_FACTORS
                     + "cm * dv/dt = cm/tau_m*(v_rest - v) + alpha_exc * (e_rev_E - v)"
                     " + alpha_inh * (e_rev_I - v) + i_offset"
                     f" : exponential, init = {_text(v_reset)}\n" + _ALPHA_SYNAPSES)
        super().__init__(parameters=parameters, equations=equations, spike=_IF_SPIKE,
                         reset=_IF_RESET, refractory="tau_refrac", name="Integrate-and-Fire",
                         description="Leaky integrate-and-fire neuron, fixed threshold, "
                                     "alpha-shaped synaptic conductances.")


# ---------------------------------------------------------------------------
# Adaptive exponential integrate-and-fire
# ---------------------------------------------------------------------------
_EIF_PARAMETER_NAMES = ("v_rest", "cm", "tau_m", "tau_refrac", "tau_syn_E", "tau_syn_I",
                        "e_rev_E", "e_rev_I", "tau_w", "a", "b", "i_offset", "delta_T",
                        "v_thresh", "v_reset", "v_spike")
_EIF_MEMBRANE = ("tau_m * dv/dt = (v_rest - v + delta_T * exp((v-v_thresh)/delta_T))"
                 " + tau_m/cm*(I - w) : init = {v_reset}\n"
                 "tau_w * dw/dt = a * (v - v_rest) / 1000.0 - w\n")


class EIF_cond_exp_isfa_ista(Neuron):
    """Adaptive exponential integrate-and-fire neuron (Brette and Gerstner, 2005),
    exponentially decaying conductances.

    ``w`` is an adaptation current with a sub-threshold part (``a``) and a
    spike-triggered part (``b``)::

        I = g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset
        tau_m * dv/dt = (v_rest - v + delta_T * exp((v-v_thresh)/delta_T)) + tau_m/cm*(I - w)
        tau_w * dw/dt = a * (v - v_rest) / 1000.0 - w
        tau_syn_E * dg_exc/dt = - g_exc      (exponential Euler; g_inh alike)
        spike: v > v_spike;  reset: v = v_reset; w += b;  refractory: tau_refrac

    ``v`` and ``w`` have no method flag (explicit Euler with the default
    setup); ``v`` starts at ``v_reset``, ``w`` at 0. Note that the spike is
    emitted at ``v_spike``; ``v_thresh`` is the threshold of the exponential.

    Parameters
    ----------
    v_rest : float, default -70.6
        Resting potential (mV).
    cm : float, default 0.281
        Membrane capacitance (nF).
    tau_m : float, default 9.3667
        Membrane time constant (ms).
    tau_refrac : float, default 0.1
        Refractory period (ms).
    tau_syn_E, tau_syn_I : float, default 5.0
        Decay time constants of the conductances (ms).
    e_rev_E : float, default 0.0
        Excitatory reversal potential (mV).
    e_rev_I : float, default -80.0
        Inhibitory reversal potential (mV).
    tau_w : float, default 144.0
        Time constant of the adaptation current (ms).
    a : float, default 4.0
        Sub-threshold adaptation (nS).
    b : float, default 0.0805
        Spike-triggered adaptation increment (nA).
    i_offset : float, default 0.0
        Constant input current (nA).
    delta_T : float, default 2.0
        Slope factor of the exponential (mV).
    v_thresh : float, default -50.4
        Threshold of the exponential term (mV).
    v_reset : float, default -70.6
        Reset potential (mV); also the initial ``v``.
    v_spike : float, default -40.0
        Spike detection threshold (mV).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import EIF_cond_exp_isfa_ista
    >>> neuron = EIF_cond_exp_isfa_ista(b=0.0)
    >>> neuron.ir.attributes["b"].init, neuron.ir.attributes["tau_refrac"].init
    (0.0, 0.1)
    """

    def __init__(self, v_rest=-70.6, cm=0.281, tau_m=9.3667, tau_refrac=0.1, tau_syn_E=5.0,
                 tau_syn_I=5.0, e_rev_E=0.0, e_rev_I=-80.0, tau_w=144.0, a=4.0, b=0.0805,
                 i_offset=0.0, delta_T=2.0, v_thresh=-50.4, v_reset=-70.6, v_spike=-40.0):
        values = locals()
        parameters = _parameters({name: values[name] for name in _EIF_PARAMETER_NAMES})
        equations = ("I = g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset\n"
                     + _EIF_MEMBRANE.format(v_reset=_text(v_reset)) + _EXP_SYNAPSES)
        super().__init__(parameters=parameters, equations=equations, spike="v > v_spike",
                         reset="v = v_reset\nw += b", refractory="tau_refrac",
                         name="Adaptive exponential Integrate-and-Fire",
                         description="Exponential integrate-and-fire neuron with sub-threshold "
                                     "and spike-triggered adaptation, exponential conductances.")


class EIF_cond_alpha_isfa_ista(Neuron):
    """Adaptive exponential integrate-and-fire neuron (Brette and Gerstner, 2005),
    alpha-shaped conductances.

    As :class:`EIF_cond_exp_isfa_ista`, but the input goes through alpha
    functions built as in :class:`IF_cond_alpha`::

        gmax_exc = exp((tau_syn_E - dt/2.0)/tau_syn_E)      (gmax_inh alike)
        I = alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v) + i_offset
        tau_syn_E * dalpha_exc/dt = gmax_exc * g_exc - alpha_exc   (exponential Euler)

    ``v`` and ``w`` have no method flag (explicit Euler with the default
    setup); the synaptic ODEs use the exponential Euler method.

    Parameters
    ----------
    v_rest, cm, tau_m, tau_refrac, e_rev_E, e_rev_I, tau_w, a, b, i_offset, delta_T, v_thresh, v_reset, v_spike : float
        As for :class:`EIF_cond_exp_isfa_ista` (same defaults).
    tau_syn_E, tau_syn_I : float, default 5.0
        Rise times of the alpha conductances (ms).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import EIF_cond_alpha_isfa_ista
    >>> neuron = EIF_cond_alpha_isfa_ista(v_spike=-30.0)
    >>> neuron.ir.attributes["v_spike"].init, neuron.ir.attributes["alpha_inh"].method
    (-30.0, 'exponential')
    """

    def __init__(self, v_rest=-70.6, cm=0.281, tau_m=9.3667, tau_refrac=0.1, tau_syn_E=5.0,
                 tau_syn_I=5.0, e_rev_E=0.0, e_rev_I=-80.0, tau_w=144.0, a=4.0, b=0.0805,
                 i_offset=0.0, delta_T=2.0, v_thresh=-50.4, v_reset=-70.6, v_spike=-40.0):
        values = locals()
        parameters = _parameters({name: values[name] for name in _EIF_PARAMETER_NAMES})
        equations = (_ALPHA_FACTORS
                     + "I = alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v) + i_offset\n"
                     + _EIF_MEMBRANE.format(v_reset=_text(v_reset)) + _ALPHA_SYNAPSES)
        super().__init__(parameters=parameters, equations=equations, spike="v > v_spike",
                         reset="v = v_reset\nw += b", refractory="tau_refrac",
                         name="Adaptive exponential Integrate-and-Fire",
                         description="Exponential integrate-and-fire neuron with sub-threshold "
                                     "and spike-triggered adaptation, alpha conductances.")


# ---------------------------------------------------------------------------
# Hodgkin-Huxley
# ---------------------------------------------------------------------------
class HH_cond_exp(Neuron):
    """Single-compartment Hodgkin-Huxley neuron with Traub's sodium and
    delayed-rectifier potassium channels, exponential conductances.

    ::

        prev_v = v
        an = 0.032 * (15.0 - v + v_offset) / (exp((15.0 - v + v_offset)/5.0) - 1.0)
        am = 0.32 * (13.0 - v + v_offset) / (exp((13.0 - v + v_offset)/4.0) - 1.0)
        ah = 0.128 * exp((17.0 - v + v_offset)/18.0)
        bn = 0.5 * exp((10.0 - v + v_offset)/40.0)
        bm = 0.28 * (v - v_offset - 40.0) / (exp((v - v_offset - 40.0)/5.0) - 1.0)
        bh = 4.0/(1.0 + exp((10.0 - v + v_offset)))
        dn/dt = an * (1.0 - n) - bn * n          (init 0)
        dm/dt = am * (1.0 - m) - bm * m          (init 0)
        dh/dt = ah * (1.0 - h) - bh * h          (init 1)
        cm * dv/dt = gleak*(e_rev_leak - v) + gbar_K * n**4 * (e_rev_K - v)
                     + gbar_Na * m**3 * h * (e_rev_Na - v)
                     + g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset
        tau_syn_E * dg_exc/dt = - g_exc          (g_inh alike)
        spike: (v > v_thresh) and (prev_v <= v_thresh)

    As in ANNarchy 4.8, *every* ODE uses the exponential Euler method (its
    documentation says midpoint, its code says exponential), ``bh`` has
    neither the division by 5 nor the 40 of the usual Traub form, ``v``
    starts at ``e_rev_leak``, and there is no reset and no refractory
    period: a spike is emitted once, when ``v`` crosses ``v_thresh`` upwards.

    Parameters
    ----------
    gbar_Na : float, default 20.0
        Maximal sodium conductance.
    gbar_K : float, default 6.0
        Maximal potassium conductance.
    gleak : float, default 0.01
        Leak conductance.
    cm : float, default 0.2
        Membrane capacitance (nF).
    v_offset : float, default -63.0
        Offset of the rate functions (mV).
    e_rev_Na : float, default 50.0
        Sodium reversal potential (mV).
    e_rev_K : float, default -90.0
        Potassium reversal potential (mV).
    e_rev_leak : float, default -65.0
        Leak reversal potential (mV); also the initial ``v``.
    e_rev_E : float, default 0.0
        Excitatory reversal potential (mV).
    e_rev_I : float, default -80.0
        Inhibitory reversal potential (mV).
    tau_syn_E : float, default 0.2
        Decay time constant of the excitatory conductance (ms).
    tau_syn_I : float, default 2.0
        Decay time constant of the inhibitory conductance (ms).
    i_offset : float, default 0.0
        Constant input current (nA).
    v_thresh : float, default 0.0
        Spike detection threshold (mV).

    Examples
    --------
    >>> from annlab.core.builtin_neurons import HH_cond_exp
    >>> neuron = HH_cond_exp(e_rev_leak=-70.0)
    >>> neuron.ir.attributes["v"].init, neuron.ir.attributes["h"].init
    (-70.0, 1.0)
    >>> sorted({neuron.ir.attributes[x].method for x in ("n", "m", "h", "v", "g_exc")})
    ['exponential']
    """

    def __init__(self, gbar_Na=20.0, gbar_K=6.0, gleak=0.01, cm=0.2, v_offset=-63.0,
                 e_rev_Na=50.0, e_rev_K=-90.0, e_rev_leak=-65.0, e_rev_E=0.0, e_rev_I=-80.0,
                 tau_syn_E=0.2, tau_syn_I=2.0, i_offset=0.0, v_thresh=0.0):
        parameters = _parameters({
            "gbar_Na": gbar_Na, "gbar_K": gbar_K, "gleak": gleak, "cm": cm,
            "v_offset": v_offset, "e_rev_Na": e_rev_Na, "e_rev_K": e_rev_K,
            "e_rev_leak": e_rev_leak, "e_rev_E": e_rev_E, "e_rev_I": e_rev_I,
            "tau_syn_E": tau_syn_E, "tau_syn_I": tau_syn_I, "i_offset": i_offset,
            "v_thresh": v_thresh})
        # ANNarchy writes the membrane ODE over two lines; our statements are
        # one per line, so it is joined (same expression, same operand order).
        equations = f"""
            # Previous membrane potential (for the upward-crossing spike test)
            prev_v = v

            # Voltage-dependent rate constants
            an = 0.032 * (15.0 - v + v_offset) / (exp((15.0 - v + v_offset)/5.0) - 1.0)
            am = 0.32  * (13.0 - v + v_offset) / (exp((13.0 - v + v_offset)/4.0) - 1.0)
            ah = 0.128 * exp((17.0 - v + v_offset)/18.0)
            bn = 0.5   * exp((10.0 - v + v_offset)/40.0)
            bm = 0.28  * (v - v_offset - 40.0) / (exp((v - v_offset - 40.0)/5.0) - 1.0)
            bh = 4.0/(1.0 + exp((10.0 - v + v_offset)))

            # Activation variables
            dn/dt = an * (1.0 - n) - bn * n : init = 0.0, exponential
            dm/dt = am * (1.0 - m) - bm * m : init = 0.0, exponential
            dh/dt = ah * (1.0 - h) - bh * h : init = 1.0, exponential

            # Membrane equation
            cm * dv/dt = gleak*(e_rev_leak - v) + gbar_K * n**4 * (e_rev_K - v) + gbar_Na * m**3 * h * (e_rev_Na - v) + g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset : exponential, init = {_text(e_rev_leak)}

            # Exponentially decaying conductances
            tau_syn_E * dg_exc/dt = - g_exc : exponential
            tau_syn_I * dg_inh/dt = - g_inh : exponential
        """
        super().__init__(parameters=parameters, equations=equations,
                         spike="(v > v_thresh) and (prev_v <= v_thresh)", reset="",
                         name="Hodgkin-Huxley",
                         description="Single-compartment Hodgkin-Huxley neuron (Traub channels) "
                                     "with exponentially decaying conductances.")
