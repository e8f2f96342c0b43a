"""The built-in models, laid out as ANNarchy 4.8's ``ANNarchy.models``.

``from ANNarchy.models.Neurons import Izhikevich`` becomes ``from annlab.models.Neurons import Izhikevich``
(the same classes as ``annlab.Izhikevich``).

Examples
--------
>>> from annlab import models
>>> models.Izhikevich is models.Neurons.Izhikevich
True
"""
from . import Neurons, Synapses
from .Neurons import (EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp, IF_cond_alpha, IF_cond_exp,
                      IF_curr_alpha, IF_curr_exp, Izhikevich, LeakyIntegrator, list_standard_neurons)
from .Synapses import (IBCM, STDP, STP, DefaultRateCodedSynapse, DefaultSpikingSynapse, Hebb, Oja,
                       list_standard_synapses)
