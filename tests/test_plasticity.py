"""Plasticity in small simulated networks against plain-numpy references.

The built-in synapses (STP, Hebb, Oja, IBCM) run in networks of a few
neurons; each test recomputes the same rule by hand (a closed form or a
numpy loop that follows ANNarchy 4.8's order within a step, see
``tests/reference/README.md``) and compares. The last tests check that
``disable_learning`` / ``enable_learning`` freeze and release the synapses,
for one projection, for the whole network and for a network copy.

Order within a step that the references below follow (rate-coded):

1. ``sum(exc)`` is computed from the presynaptic ``r`` at the end of the
   previous step (0 before the first step);
2. the populations update in creation order (pre, then post);
3. the synaptic equations run with the new ``pre.r`` and ``post.r``;
   semiglobal (postsynaptic) variables such as IBCM's ``theta`` first, then
   the per-synapse ones, which see the new ``theta``.
"""
import numpy as np
import pytest

from annlab import (IBCM, STP, Hebb, Monitor, Network, Neuron, Oja, Population, PoissonPopulation,
                    Projection, SpikeSourceArray, TimedArray, Uniform, compile, disable_learning,
                    enable_learning, setup, simulate)

#: A rate-coded neuron whose rate is a parameter (one value per neuron).
FIXED_RATE = Neuron(parameters="r0 = 1.0", equations="r = r0", name="FixedRate")
#: The same as a postsynaptic neuron: it declares the input (gain 0) but ignores it.
FIXED_RATE_POST = Neuron(parameters="r0 = 1.0\ngain = 0.0", equations="r = r0 + gain * sum(exc)",
                         name="FixedRatePost")
#: A rate-coded neuron that outputs its weighted sum.
LINEAR = Neuron(equations="r = sum(exc)", name="Linear")
#: A spiking neuron that never fires; ``g_exc`` (no ODE of its own) holds, at the
#: monitor's first phase, exactly what the spikes of this step delivered.
LISTENER = Neuron(equations="dv/dt = -v + g_exc", spike="v > 1.0e9", name="Listener")


def _weights(proj):
    """``proj.w`` as a dense (post, pre) array (all-to-all projections)."""
    return np.array(proj.w, dtype=float)


# ---------------------------------------------------------------------------
# STP (Tsodyks-Markram), event-driven x and u
# ---------------------------------------------------------------------------
def _stp_reference(spike_steps, dt, U, tau_rec, tau_facil):
    """``u*x`` used by each presynaptic spike (numpy, ANNarchy's event timing).

    Between two presynaptic events x and u relax exactly; as in ANNarchy 4.8
    (pinned for STDP by ``stdp_pair.json``), an event at delivery step ``t``
    decays the variables over ``dt*((t - 1) - last_event)`` and then sets
    ``last_event = t``: consecutive spikes ``n`` steps apart relax over
    ``(n - 1)*dt``.
    """
    x, u, last = 1.0, U, None
    used = []
    for step in spike_steps:
        deliver = step + 1
        if last is not None:
            elapsed = dt * ((deliver - 1) - last)
            x = 1.0 + (x - 1.0) * np.exp(-elapsed / tau_rec)
            u = U + (u - U) * np.exp(-elapsed / tau_facil)
        last = deliver
        used.append(u * x)
        x *= 1.0 - u
        u += U * (1.0 - u)
    return np.array(used)


def _stp_network(spike_times, weight, **params):
    src = SpikeSourceArray(spike_times=[list(spike_times)])
    post = Population(1, LISTENER)
    proj = Projection(src, post, "exc", synapse=STP(**params)).connect_all_to_all(weights=weight)
    monitor = Monitor(post, "g_exc")
    return proj, monitor


@pytest.mark.parametrize("dt", [1.0, 0.5])
def test_stp_depression_matches_closed_form(dt):
    """Pure depression (u = U at every spike) on a regular train.

    With ``e = exp(-(T - dt)/tau_rec)`` (T the interval, see
    :func:`_stp_reference` for the ``- dt``) the resources at the n-th spike
    are ``x_n = x* + (1 - x*) ((1 - U) e)^n`` with the steady state
    ``x* = (1 - e) / (1 - (1 - U) e)``, and the n-th spike adds ``w U x_n``.
    """
    setup(dt=dt)
    interval, n_spikes, weight, U, tau_rec = 20.0, 12, 2.0, 0.4, 150.0
    times = 10.0 + interval * np.arange(n_spikes)
    proj, monitor = _stp_network(times, weight, tau_rec=tau_rec, tau_facil=0.01, U=U)
    compile()
    simulate(times[-1] + 5.0)
    g = monitor.get("g_exc")[:, 0]
    arrival = np.round(times / dt).astype(int) + 1
    assert np.count_nonzero(g) == n_spikes and np.all(g[arrival] > 0)

    decay = np.exp(-(interval - dt) / tau_rec)
    steady = (1.0 - decay) / (1.0 - (1.0 - U) * decay)
    x_n = steady + (1.0 - steady) * ((1.0 - U) * decay) ** np.arange(n_spikes)
    np.testing.assert_allclose(g[arrival], weight * U * x_n, rtol=1e-12)
    # the stored values are those of the last event (not decayed since)
    assert proj.x[0][0] == pytest.approx(x_n[-1] * (1.0 - U), rel=1e-12)
    assert proj.u[0][0] == pytest.approx(U + U * (1.0 - U), rel=1e-12)
    # depression: each spike transmits less than the one before, towards w*U*x*
    assert np.all(np.diff(g[arrival]) < 0)
    assert g[arrival][-1] == pytest.approx(weight * U * steady, rel=0.02)


def test_stp_facilitation_follows_numpy_reference():
    """Facilitating synapse (small U, long tau_facil) on an irregular train."""
    setup(dt=1.0)
    times = [5.0, 12.0, 15.0, 16.0, 40.0, 41.0, 90.0, 200.0, 203.0, 207.0, 500.0]
    params = dict(tau_rec=50.0, tau_facil=300.0, U=0.1)
    _proj, monitor = _stp_network(times, 1.5, **params)
    compile()
    simulate(520.0)
    g = monitor.get("g_exc")[:, 0]
    steps = np.array(times, dtype=int)
    expected = 1.5 * _stp_reference(steps, 1.0, **params)
    np.testing.assert_allclose(g[steps + 1], expected, rtol=1e-12)
    # facilitation: the second spike of a close pair transmits more than the first
    assert g[13] > g[6] and g[17] > g[6]


def test_stp_poisson_inputs_sum_over_synapses():
    """Several Poisson inputs with their own weights: g is the sum of w*u*x."""
    setup(dt=1.0, seed=3)
    pre = PoissonPopulation(6, rates=60.0)
    post = Population(1, LISTENER)
    params = dict(tau_rec=80.0, tau_facil=40.0, U=0.3)
    proj = Projection(pre, post, "exc", synapse=STP(**params))
    proj.connect_all_to_all(weights=Uniform(0.5, 1.5))
    spikes, g_monitor = Monitor(pre, "spike"), Monitor(post, "g_exc")
    compile()
    simulate(400.0)
    g = g_monitor.get("g_exc")[:, 0]
    weights = _weights(proj)[0]
    expected = np.zeros_like(g)
    trains = spikes.get("spike")
    assert sum(len(trains[i]) for i in range(6)) > 60
    for i in range(6):
        steps = np.array(trains[i], dtype=int)
        steps = steps[steps + 1 < len(g)]
        np.add.at(expected, steps + 1, weights[i] * _stp_reference(steps, 1.0, **params))
    np.testing.assert_allclose(g, expected, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------------
# Hebb
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dt", [1.0, 0.25])
def test_hebb_growth_per_step(dt):
    """Fixed rates: every step adds exactly ``eta * pre.r * post.r * dt``."""
    setup(dt=dt)
    pre = Population(3, FIXED_RATE)
    post = Population(2, FIXED_RATE_POST)
    pre.r0 = np.array([0.5, 1.0, 2.0])
    post.r0 = np.array([1.5, 0.2])
    eta, w0 = 0.02, 0.3
    proj = Projection(pre, post, "exc", synapse=Hebb(eta=eta)).connect_all_to_all(weights=w0)
    compile()
    outer = np.outer([1.5, 0.2], [0.5, 1.0, 2.0])
    done = 0
    for n_steps in (1, 10, 100):
        simulate(n_steps * dt)
        done += n_steps
        np.testing.assert_allclose(_weights(proj), w0 + done * eta * dt * outer, rtol=1e-12)


def test_hebb_with_linear_output_matches_numpy():
    """post.r = sum(exc): weights and output grow together (numpy loop)."""
    setup(dt=1.0)
    x = np.array([0.2, 0.7, 0.4])
    pre = Population(3, FIXED_RATE)
    pre.r0 = x
    post = Population(1, LINEAR)
    w0 = np.array([[0.1, 0.3, 0.2]])
    proj = Projection(pre, post, "exc", synapse=Hebb(eta=0.005))
    proj.connect_from_matrix(w0)
    compile()
    simulate(200.0)

    w, r_pre = w0.copy(), np.zeros(3)
    for _ in range(200):
        total = w @ r_pre              # sums from the previous step's rates
        r_pre = x
        r_post = total
        w = np.maximum(w + 1.0 * 0.005 * np.outer(r_post, r_pre), 0.0)
    np.testing.assert_allclose(_weights(proj), w, rtol=1e-12)
    assert np.all(w > w0)


# ---------------------------------------------------------------------------
# Oja
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("alpha", [1.0, 4.0])
def test_oja_constant_rates_converges_to_input_direction(alpha):
    """Oja on a constant input converges to ``x/|x|`` scaled to norm ``1/sqrt(alpha)``."""
    setup(dt=1.0)
    x = np.array([0.3, 0.9, 0.5, 0.1])
    pre = Population(4, FIXED_RATE)
    pre.r0 = x
    post = Population(1, LINEAR)
    proj = Projection(pre, post, "exc", synapse=Oja(eta=0.05, alpha=alpha))
    proj.connect_from_matrix(np.array([[0.4, 0.1, 0.2, 0.6]]))
    compile()
    simulate(3000.0)
    w = _weights(proj)[0]
    np.testing.assert_allclose(w, x / np.linalg.norm(x) / np.sqrt(alpha), rtol=1e-6)
    assert post.r[0] == pytest.approx(w @ x, rel=1e-6)


def _oja_patterns(rng, n_patterns):
    """Inputs x = s * e1 + small noise: correlation matrix with a known principal vector."""
    principal = np.array([0.6, 0.48, 0.64, 0.0])           # unit norm, non-negative
    principal /= np.linalg.norm(principal)
    other = np.array([0.0, 0.0, 0.0, 1.0])
    s = rng.normal(0.0, 1.0, n_patterns)
    noise = rng.normal(0.0, 1.0, n_patterns)
    patterns = np.outer(s, principal) + 0.3 * np.outer(noise, other)
    patterns += 0.05 * rng.normal(0.0, 1.0, patterns.shape)
    return patterns, principal


def test_oja_extracts_principal_component():
    """Changing inputs (TimedArray): the numpy loop of the same rule, step for step,
    and the textbook property: w ends along the principal eigenvector of
    E[x x^T] with a norm close to 1 (Oja, 1982)."""
    setup(dt=1.0)
    rng = np.random.default_rng(42)
    hold, n_patterns, eta = 20, 600, 0.002
    patterns, principal = _oja_patterns(rng, n_patterns)
    pre = TimedArray(rates=patterns, schedule=float(hold))
    post = Population(1, LINEAR)
    w0 = np.array([[0.3, 0.3, 0.3, 0.3]])
    proj = Projection(pre, post, "exc", synapse=Oja(eta=eta, alpha=1.0))
    proj.connect_from_matrix(w0)
    compile()
    n_steps = hold * n_patterns
    simulate(float(n_steps))

    w, r_pre = w0[0].copy(), np.zeros(4)
    for step in range(n_steps):
        r_post = w @ r_pre
        r_pre = patterns[step // hold]
        w = np.maximum(w + eta * (r_pre * r_post - r_post ** 2 * w), 0.0)
    np.testing.assert_allclose(_weights(proj)[0], w, rtol=1e-9, atol=1e-12)

    correlation = patterns.T @ patterns / n_patterns
    eigenvalues, eigenvectors = np.linalg.eigh(correlation)
    top = eigenvectors[:, -1] * np.sign(eigenvectors[:, -1].sum())
    assert abs(top @ principal) > 0.999                     # the construction is right
    cosine = w @ top / np.linalg.norm(w)
    # a one-step lag of post.r at each pattern change (1 step in `hold`) shrinks the
    # Hebbian term by (hold - 1)/hold: the fixed point has |w|^2 = (hold - 1)/hold
    assert cosine > 0.99, cosine
    assert 0.9 < np.linalg.norm(w) < 1.05


# ---------------------------------------------------------------------------
# IBCM
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("r_post, direction", [(0.5, 1), (2.0, -1)])
def test_ibcm_threshold_and_weights_closed_form(r_post, direction):
    """Fixed rates: theta relaxes exactly to post.r^2; w follows the sum of
    ``eta * r (r - theta_k) * pre.r * dt`` (potentiation when r < 1, depression
    to the bound 0 when r > 1)."""
    setup(dt=1.0)
    eta, tau, x, w0, n = 0.01, 50.0, np.array([0.5, 1.0]), 0.8, 400
    pre = Population(2, FIXED_RATE)
    pre.r0 = x
    post = Population(1, FIXED_RATE_POST)
    post.r0 = r_post
    proj = Projection(pre, post, "exc", synapse=IBCM(eta=eta, tau=tau)).connect_all_to_all(weights=w0)
    compile()
    simulate(float(n))
    a = np.exp(-1.0 / tau)
    theta = r_post ** 2 * (1.0 - a ** np.arange(1, n + 1))          # theta after step k
    assert proj.theta[0] == pytest.approx(theta[-1], rel=1e-12)
    w = np.full(2, w0)
    for k in range(n):
        w = np.maximum(w + eta * r_post * (r_post - theta[k]) * x, 0.0)
    np.testing.assert_allclose(_weights(proj)[0], w, rtol=1e-10, atol=1e-15)
    if direction > 0:
        assert np.all(w > w0)
    else:
        assert np.all(w == 0.0)


def test_ibcm_with_linear_output_matches_numpy():
    """post.r = sum(exc) and two postsynaptic neurons (one theta each)."""
    setup(dt=1.0)
    eta, tau, n = 0.02, 10.0, 600
    x = np.array([0.6, 0.2, 0.9])
    pre = Population(3, FIXED_RATE)
    pre.r0 = x
    post = Population(2, LINEAR)
    w0 = np.array([[0.2, 0.5, 0.1], [0.6, 0.1, 0.4]])
    proj = Projection(pre, post, "exc", synapse=IBCM(eta=eta, tau=tau))
    proj.connect_from_matrix(w0)
    compile()
    simulate(float(n))

    w, theta, r_pre = w0.copy(), np.zeros(2), np.zeros(3)
    for _ in range(n):
        r_post = w @ r_pre
        r_pre = x
        theta = theta + (1.0 - np.exp(-1.0 / tau)) * (r_post ** 2 - theta)
        w = np.maximum(w + eta * np.outer(r_post * (r_post - theta), r_pre), 0.0)
    np.testing.assert_allclose(proj.theta, theta, rtol=1e-10)
    np.testing.assert_allclose(_weights(proj), w, rtol=1e-10)
    # BCM: the output settles where r = theta = r^2, i.e. r = 1
    np.testing.assert_allclose(post.r, 1.0, rtol=1e-4)
    np.testing.assert_allclose(proj.theta, 1.0, rtol=1e-4)


# ---------------------------------------------------------------------------
# enable_learning / disable_learning
# ---------------------------------------------------------------------------
def _hebb_pair(eta=0.01):
    pre = Population(2, FIXED_RATE)
    post = Population(1, FIXED_RATE_POST)
    proj = Projection(pre, post, "exc", synapse=Hebb(eta=eta)).connect_all_to_all(weights=0.5)
    return pre, post, proj


def test_projection_disable_learning_freezes_weights():
    setup(dt=1.0)
    _pre, _post, proj = _hebb_pair()
    _pre2, _post2, other = _hebb_pair()
    compile()
    simulate(10.0)
    grown = _weights(proj)
    assert np.all(grown > 0.5)
    proj.disable_learning()
    simulate(50.0)
    np.testing.assert_array_equal(_weights(proj), grown)
    assert np.all(_weights(other) > grown)          # the other projection still learns
    proj.enable_learning()
    simulate(10.0)
    np.testing.assert_allclose(_weights(proj), 0.5 + 20 * 0.01, rtol=1e-12)


def test_network_disable_learning_freezes_all_projections():
    setup(dt=1.0)
    pre = Population(2, FIXED_RATE)
    post = Population(1, LINEAR)
    hebb = Projection(pre, post, "exc", synapse=Hebb(eta=0.01)).connect_all_to_all(weights=0.5)
    post2 = Population(1, LINEAR)
    ibcm = Projection(pre, post2, "exc", synapse=IBCM(tau=20.0)).connect_all_to_all(weights=0.5)
    compile()
    simulate(5.0)
    disable_learning()
    frozen = _weights(hebb), _weights(ibcm), np.array(ibcm.theta)
    simulate(30.0)
    np.testing.assert_array_equal(_weights(hebb), frozen[0])
    np.testing.assert_array_equal(_weights(ibcm), frozen[1])
    np.testing.assert_array_equal(ibcm.theta, frozen[2])
    assert post.r[0] == pytest.approx(frozen[0][0].sum())    # transmission continues
    enable_learning()
    simulate(5.0)
    assert np.all(_weights(hebb) > frozen[0])
    assert not np.array_equal(ibcm.theta, frozen[2])


def test_network_copy_learning_switch_is_its_own():
    setup(dt=1.0)
    _pre, _post, proj = _hebb_pair()
    compile()
    net = Network(everything=True)
    net.compile()
    net.disable_learning()
    simulate(10.0)
    net.simulate(10.0)
    np.testing.assert_array_equal(_weights(net.get(proj)), 0.5)
    np.testing.assert_allclose(_weights(proj), 0.5 + 10 * 0.01, rtol=1e-12)
    net.enable_learning([net.get(proj)])
    net.simulate(10.0)
    np.testing.assert_allclose(_weights(net.get(proj)), 0.5 + 10 * 0.01, rtol=1e-12)


def test_stp_disable_learning_freezes_x_and_u():
    """With learning off, x and u keep their values: every spike transmits w*u*x."""
    setup(dt=1.0)
    times = [10.0, 20.0, 30.0, 40.0, 50.0]
    proj, monitor = _stp_network(times, 1.0, tau_rec=200.0, tau_facil=0.01, U=0.5)
    compile()
    simulate(25.0)                        # spikes at 10 and 20 are delivered
    x, u = proj.x[0][0], proj.u[0][0]
    assert x < 1.0
    proj.disable_learning()
    simulate(30.0)
    g = monitor.get("g_exc")[:, 0]
    np.testing.assert_allclose(g[[31, 41, 51]], x * u, rtol=1e-14)
    assert (proj.x[0][0], proj.u[0][0]) == (x, u)
