"""ANNarchy 4.8's ``ANNarchy.models.Synapses``: the built-in synapse models.

See :mod:`annlab.core.builtin_synapses`.
"""
from ..core.api import list_standard_synapses  # noqa: F401
from ..core.builtin_synapses import (IBCM, STDP, STP, DefaultRateCodedSynapse, DefaultSpikingSynapse,  # noqa: F401
                                     Hebb, Oja)
