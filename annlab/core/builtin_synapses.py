"""The synapse models that ANNarchy 4.8 ships, with the same parameters and equations.

Each model is a subclass of :class:`~annlab.core.models.Synapse` whose
constructor takes every parameter as a keyword argument (with ANNarchy
4.8's default value). The class itself can be passed to a projection
(``Projection(pre, post, 'exc', synapse=STDP)`` builds ``STDP()``).

- Spiking: :class:`STDP` (online pair-based STDP) and :class:`STP`
  (Tsodyks-Markram short-term plasticity).
- Rate-coded: :class:`Hebb`, :class:`Oja` and :class:`IBCM`.

Parameters flagged ``projection`` in ANNarchy have one value per
projection (locality ``'global'``); the others one value per synapse.

Examples
--------
>>> from annlab.core.builtin_synapses import STDP
>>> synapse = STDP(A_minus=0.0105)
>>> synapse.ir.attributes["A_minus"].init, synapse.ir.attributes["A_minus"].locality
(0.0105, 'global')
"""
from ..errors import ValidationError
from .builtin_neurons import _parameters, _text
from .models import Synapse

__all__ = ["DefaultRateCodedSynapse", "DefaultSpikingSynapse", "STDP", "STP", "Hebb", "Oja", "IBCM"]


class DefaultRateCodedSynapse(Synapse):
    """The synapse of a rate-coded projection given none: ``psp = w * pre.r``.

    Examples
    --------
    >>> from annlab.core.builtin_synapses import DefaultRateCodedSynapse
    >>> DefaultRateCodedSynapse().type
    'rate'
    """

    def __init__(self):
        super().__init__(psp="w * pre.r", name="-", description="Weighted sum of firing rates.")


class DefaultSpikingSynapse(Synapse):
    """The synapse of a spiking projection given none: ``g_target += w`` at each pre-synaptic spike.

    Examples
    --------
    >>> from annlab.core.builtin_synapses import DefaultSpikingSynapse
    >>> DefaultSpikingSynapse().type
    'spike'
    """

    def __init__(self):
        super().__init__(pre_spike="g_target += w", name="Event-driven synapse",
                         description="Increases the post-synaptic conductance from the synaptic efficency "
                                     "after each pre-synaptic spike.")


class STDP(Synapse):
    """Online spike-timing-dependent plasticity (Song and Abbott, 2001).

    Each synapse keeps a presynaptic trace ``x`` and a postsynaptic trace
    ``y``, both decaying exponentially and integrated event-driven (they
    are brought up to date only at spikes)::

        tau_plus * dx/dt = -x          (event-driven)
        tau_minus * dy/dt = -y         (event-driven)
        pre spike:  g_target += w
                    x += A_plus * w_max
                    w = clip(w + y, w_min, w_max)
        post spike: y -= A_minus * w_max
                    w = clip(w + x, w_min, w_max)

    Parameters
    ----------
    tau_plus : float, default 20.0
        Time constant of the presynaptic trace (ms).
    tau_minus : float, default 20.0
        Time constant of the postsynaptic trace (ms).
    A_plus : float, default 0.01
        Increment of ``x`` at a presynaptic spike (times ``w_max``).
    A_minus : float, default 0.01
        Decrement of ``y`` at a postsynaptic spike (times ``w_max``).
    w_min : float, default 0.0
        Lower bound of the weight.
    w_max : float, default 1.0
        Upper bound of the weight.

    All six parameters are projection-wide (``projection`` flag).

    Examples
    --------
    >>> from annlab.core.builtin_synapses import STDP
    >>> synapse = STDP(tau_plus=10.0)
    >>> synapse.ir.attributes["tau_plus"].init, synapse.ir.attributes["x"].method
    (10.0, 'event-driven')
    >>> synapse.type
    'spike'
    """

    def __init__(self, tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.01,
                 w_min=0.0, w_max=1.0):
        values = {"tau_plus": tau_plus, "tau_minus": tau_minus, "A_plus": A_plus,
                  "A_minus": A_minus, "w_min": w_min, "w_max": w_max}
        parameters = _parameters(values, dict.fromkeys(values, "projection"))
        equations = ("tau_plus * dx/dt = -x : event-driven\n"
                     "tau_minus * dy/dt = -y : event-driven")
        pre_spike = ("g_target += w\n"
                     "x += A_plus * w_max\n"
                     "w = clip(w + y, w_min, w_max)")
        post_spike = ("y -= A_minus * w_max\n"
                      "w = clip(w + x, w_min, w_max)")
        super().__init__(parameters=parameters, equations=equations, pre_spike=pre_spike,
                         post_spike=post_spike, name="Spike-timing dependent plasticity",
                         description="Online pair-based spike-timing-dependent plasticity "
                                     "with event-driven traces.")


class STP(Synapse):
    """Short-term depression and facilitation (Tsodyks, Uziel and Markram, 2000).

    ``x`` is the fraction of available resources (recovering to 1 with
    ``tau_rec``) and ``u`` the utilisation (relaxing to ``U`` with
    ``tau_facil``); both relax exactly between spikes (event-driven)::

        dx/dt = (1 - x)/tau_rec     : init = 1.0, event-driven
        du/dt = (U - u)/tau_facil   : init = U,   event-driven
        pre spike:  g_target += w * u * x
                    x *= (1 - u)
                    u += U * (1 - u)

    This is ANNarchy 4.8's text unchanged. The postsynaptic decay time
    constant is the neuron's, not the synapse's.

    Parameters
    ----------
    tau_rec : float, default 100.0
        Recovery time constant of ``x`` (ms); projection-wide.
    tau_facil : float, default 0.01
        Facilitation time constant of ``u`` (ms); projection-wide; must be
        positive (use a very small value for no facilitation).
    U : float, default 0.5
        Baseline utilisation; one value per synapse.

    Raises
    ------
    ValidationError
        If ``tau_facil`` is not positive (ANNarchy raises the same error).

    Examples
    --------
    >>> from annlab.core.builtin_synapses import STP
    >>> synapse = STP(U=0.2)
    >>> synapse.ir.attributes["U"].init, synapse.ir.attributes["u"].init
    (0.2, 0.2)
    >>> synapse.ir.attributes["tau_rec"].locality, synapse.ir.attributes["x"].method
    ('global', 'event-driven')
    """

    def __init__(self, tau_rec=100.0, tau_facil=0.01, U=0.5):
        if not tau_facil > 0.0:
            raise ValidationError("STP", "tau_facil",
                                  f"Value must be positive (got {tau_facil!r}); choose a very "
                                  "small value for no facilitation, or derive a new synapse")
        values = {"tau_rec": tau_rec, "tau_facil": tau_facil, "U": U}
        parameters = _parameters(values, {"tau_rec": "projection", "tau_facil": "projection"})
        equations = ("dx/dt = (1 - x)/tau_rec : init = 1.0, event-driven\n"
                     f"du/dt = (U - u)/tau_facil : init = {_text(U)}, event-driven")
        pre_spike = ("g_target += w * u * x\n"
                     "x *= (1 - u)\n"
                     "u += U * (1 - u)")
        super().__init__(parameters=parameters, equations=equations, pre_spike=pre_spike,
                         name="Short-term plasticity",
                         description="Short-term depression and facilitation "
                                     "(Tsodyks-Markram model).")


class Hebb(Synapse):
    """Rate-coded Hebbian learning.

    ::

        dw/dt = eta * pre.r * post.r    : min = 0.0, explicit

    Parameters
    ----------
    eta : float, default 0.01
        Learning rate; projection-wide.

    Examples
    --------
    >>> from annlab.core.builtin_synapses import Hebb
    >>> synapse = Hebb(eta=0.1)
    >>> synapse.ir.attributes["eta"].init, synapse.ir.attributes["w"].min
    (0.1, 0.0)
    """

    def __init__(self, eta=0.01):
        parameters = _parameters({"eta": eta}, {"eta": "projection"})
        equations = "dw/dt = eta * pre.r * post.r : min = 0.0, explicit"
        super().__init__(parameters=parameters, equations=equations,
                         name="Hebbian Plasticity", description="Plain Hebbian learning rule.")


class Oja(Synapse):
    """Rate-coded Hebbian learning with Oja's normalisation.

    ::

        dw/dt = eta * (pre.r * post.r - alpha * post.r^2 * w)    : min = 0.0, explicit

    Parameters
    ----------
    eta : float, default 0.01
        Learning rate; projection-wide.
    alpha : float, default 1.0
        Strength of the regularisation; projection-wide.

    Examples
    --------
    >>> from annlab.core.builtin_synapses import Oja
    >>> synapse = Oja(alpha=0.5)
    >>> synapse.ir.attributes["alpha"].init, synapse.ir.attributes["alpha"].locality
    (0.5, 'global')
    """

    def __init__(self, eta=0.01, alpha=1.0):
        parameters = _parameters({"eta": eta, "alpha": alpha},
                                 {"eta": "projection", "alpha": "projection"})
        equations = ("dw/dt = eta * ( pre.r * post.r - alpha * post.r^2 * w )"
                     " : min = 0.0, explicit")
        super().__init__(parameters=parameters, equations=equations,
                         name="Oja plasticity",
                         description="Hebbian learning regularised by Oja's rule.")


class IBCM(Synapse):
    """Rate-coded BCM learning with a sliding threshold (Intrator and Cooper, 1992).

    The threshold ``theta`` follows the square of the postsynaptic rate
    (one value per postsynaptic neuron)::

        tau * dtheta/dt + theta = post.r^2              : postsynaptic, exponential
        dw/dt = eta * post.r * (post.r - theta) * pre.r  : min = 0.0, explicit

    Parameters
    ----------
    eta : float, default 0.01
        Learning rate; projection-wide.
    tau : float, default 2000.0
        Time constant of the threshold (ms); projection-wide.

    Examples
    --------
    >>> from annlab.core.builtin_synapses import IBCM
    >>> synapse = IBCM(tau=100.0)
    >>> synapse.ir.attributes["tau"].init, synapse.ir.attributes["theta"].locality
    (100.0, 'semiglobal')
    """

    def __init__(self, eta=0.01, tau=2000.0):
        parameters = _parameters({"eta": eta, "tau": tau},
                                 {"eta": "projection", "tau": "projection"})
        equations = ("tau * dtheta/dt + theta = post.r^2 : postsynaptic, exponential\n"
                     "dw/dt = eta * post.r * (post.r - theta) * pre.r : min = 0.0, explicit")
        super().__init__(parameters=parameters, equations=equations, name="IBCM",
                         description="Intrator and Cooper (1992) BCM learning rule.")
