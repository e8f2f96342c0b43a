"""ANNarchy 4.8's ``ANNarchy.models.Neurons``: the built-in neuron models (see :mod:`annlab.core.builtin_neurons`)."""
from ..core.api import list_standard_neurons  # noqa: F401
from ..core.builtin_neurons import (EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp,  # noqa: F401
                                    IF_cond_alpha, IF_cond_exp, IF_curr_alpha, IF_curr_exp, Izhikevich,
                                    LeakyIntegrator)
