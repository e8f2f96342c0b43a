"""annlab: a Jupyter-native environment for rate-coded and spiking neural networks.

The API follows ANNarchy 4.8, so ``from annlab import *`` replaces
``from ANNarchy import *`` (``np`` comes with it, as many scripts expect).

Examples
--------
>>> from annlab import *
>>> clear(); setup(dt=1.0, seed=1)
>>> pop1 = PoissonPopulation(100, rates=10.0)
>>> pop2 = Population(100, Izhikevich)
>>> proj = Projection(pop1, pop2, 'exc')
>>> proj = proj.connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop2, 'spike')
>>> compile(); simulate(1000.0)
>>> 0.5 < m.mean_fr() < 5.0
True
"""
import numpy as np

from . import analysis
from .core.api import (clear, compile, disable_learning, enable_learning, every, get_current_step,
                       get_monitor, get_population, get_projection, get_time, load, magic_network,
                       monitors, populations, projections, reset, save, set_current_step, set_seed,
                       set_time, setup, simulate, simulate_until, step, Constant)
from .core.functions import add_function, functions
from .core.api import (callbacks_enabled, clear_all_callbacks, disable_callbacks, dt, enable_callbacks,
                       get_global_config, list_standard_neurons, list_standard_synapses)
from .core.parameters_io import load_parameter, load_parameters, save_parameters
from .core.report import report
from .core.hybrid import Rate2SpikePopulation, Spike2RatePopulation
from .core.inputs import HomogeneousCorrelatedSpikeTrains, InputArray
from .core.spike_functions import (coefficient_of_variation, histogram, inter_spike_interval, mean_fr,
                                   population_rate, raster_plot, smoothed_rate)
from .core.builtin_neurons import (EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp,
                                   IF_cond_alpha, IF_cond_exp, IF_curr_alpha, IF_curr_exp, Izhikevich,
                                   LeakyIntegrator)
from .core.builtin_synapses import IBCM, STDP, STP, DefaultRateCodedSynapse, DefaultSpikingSynapse, Hebb, Oja
from . import models
from .core.distributions import (Binomial, DiscreteUniform, Exponential, Gamma, LogNormal, Normal,
                                 Uniform)
from .core.inputs import PoissonPopulation, SpikeSourceArray, TimedArray, TimedPoissonPopulation
from .core.models import Neuron, Synapse
from .core.monitor import Monitor, MonitorList
from .core.sparse_matrices import sparse_delays_from_weights, sparse_random_matrix
from .core.network import Network
from .core.population import Population, PopulationView
from .core.population_view import IndividualNeuron
from .core.projection import Dendrite, Projection
from .core.lil_connectivity import CSR, LILConnectivity
from .core.specific_projections import CurrentInjection, DecodingProjection
from .sweeps import sweep
from .fits import fit
from .errors import (AnnlabError, ArgumentTypeError, CompilationError, ConnectivityError, EquationError,
                     NetworkError, NonFiniteError, NotSupportedError, ParallelRunError, SimulationError,
                     StateFileError, UnknownNameError, ValidationError)

__version__ = "0.1.0"


def parallel_run(method, networks=None, number=0, max_processes=-1, measure_time=False,
                 sequential=False, same_seed=False, seeds=None, cluster=None, errors="raise",
                 callback=None, progress=None, mode="auto", **args):
    """Run ``method(idx, net, ...)`` on several networks: batched here, on engines, or one after another.

    See :func:`annlab.parallel.parallel_run` for the full description.
    """
    from .parallel import parallel_run as run

    return run(method, networks=networks, number=number, max_processes=max_processes,
               measure_time=measure_time, sequential=sequential, same_seed=same_seed, seeds=seeds,
               cluster=cluster, errors=errors, callback=callback, progress=progress, mode=mode, **args)


def load_ipython_extension(ipython):
    """``%load_ext annlab``: registers the %%neuron, %%synapse and %%network cell magics."""
    from .magics import register

    register(ipython)


__all__ = [
    "np", "analysis", "parallel_run", "sweep", "fit",
    "clear", "compile", "disable_learning", "enable_learning", "every", "get_current_step", "get_monitor",
    "get_population", "get_projection", "get_time", "load", "magic_network", "monitors", "populations",
    "projections", "reset", "save", "set_current_step", "set_seed", "set_time", "setup", "simulate",
    "simulate_until", "step", "Constant", "add_function", "functions",
    "callbacks_enabled", "clear_all_callbacks", "disable_callbacks", "dt", "enable_callbacks", "get_global_config",
    "list_standard_neurons", "list_standard_synapses", "load_parameter", "load_parameters", "save_parameters",
    "report", "coefficient_of_variation", "histogram", "inter_spike_interval", "mean_fr", "population_rate",
    "raster_plot", "smoothed_rate",
    "Spike2RatePopulation", "HomogeneousCorrelatedSpikeTrains", "InputArray",
    "EIF_cond_alpha_isfa_ista", "EIF_cond_exp_isfa_ista", "HH_cond_exp", "IF_cond_alpha", "IF_cond_exp",
    "IF_curr_alpha", "IF_curr_exp", "Izhikevich", "LeakyIntegrator",
    "IBCM", "STDP", "STP", "Hebb", "Oja", "DefaultRateCodedSynapse", "DefaultSpikingSynapse",
    "Binomial", "DiscreteUniform", "Exponential", "Gamma", "LogNormal", "Normal", "Uniform",
    "PoissonPopulation", "SpikeSourceArray", "TimedArray", "TimedPoissonPopulation",
    "Neuron", "Synapse", "Monitor", "MonitorList", "sparse_delays_from_weights", "sparse_random_matrix",
    "Network", "Population", "PopulationView", "Dendrite", "Projection",
    "CSR", "LILConnectivity", "CurrentInjection", "DecodingProjection", "Rate2SpikePopulation",
    "IndividualNeuron",
    "AnnlabError", "ArgumentTypeError", "CompilationError", "ConnectivityError", "EquationError",
    "NetworkError", "NonFiniteError", "ParallelRunError", "SimulationError", "StateFileError",
    "UnknownNameError", "ValidationError",
]
