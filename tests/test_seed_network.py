"""The seed network (shared/seed/multiple_networks.md) fires at ANNarchy 4.8's rates."""
import numpy as np
import pytest

from annlab import *  # noqa: F403 -- as the seed's scripts do

from conftest import load_reference, seed_network

REFERENCE = load_reference("seed_network_rates")["recorded"]["rate_out_by_input_rate"]
N_SEEDS = 10


def rates_over_seeds(input_rate, seeds):
    """Output rate of one independent copy per seed (connectivity and spikes drawn anew)."""
    pop1, _pop2, _proj, m = seed_network()
    rates = []
    for seed in seeds:
        net = Network(everything=True, seed=seed)
        net.get(pop1).rates = input_rate
        net.compile()
        net.simulate(1000.0)
        rates.append(net.get(m).mean_fr())
    return np.array(rates)


@pytest.mark.parametrize("input_rate", [5.0, 10.0, 20.0, 40.0])
def test_rates_match_annarchy(input_rate):
    reference = REFERENCE[str(input_rate)]
    rates = rates_over_seeds(input_rate, range(100, 100 + N_SEEDS))
    # Both means are estimates: 4 sigma of their difference keeps false alarms negligible
    # while a real deviation (e.g. a missed step of the input) fails.
    sigma = np.hypot(reference["sd_hz"] / np.sqrt(N_SEEDS), reference["sem_hz"])
    assert abs(rates.mean() - reference["mean_hz"]) < 4 * sigma, (rates.mean(), reference["mean_hz"])
    assert rates.std(ddof=1) < 3 * reference["sd_hz"] + 0.05


def test_no_input_is_silent():
    assert rates_over_seeds(0.0, [1, 2]).max() == 0.0


def test_rate_grows_with_input():
    low, high = rates_over_seeds(10.0, [7]), rates_over_seeds(20.0, [7])
    assert high[0] > low[0] + 2.0
