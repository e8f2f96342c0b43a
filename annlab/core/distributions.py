"""Random distributions, usable as values and inside equations.

As values, a distribution is sampled when it is assigned or when a connector
draws its weights: ``pop.v = Uniform(-70.0, -50.0)``,
``proj.connect_all_to_all(weights=Normal(0.5, 0.1, min=0.0))``.

Inside an equation (``I = 0.1*Normal(0.0, 1.0)``) a new value is drawn for each
neuron (or synapse) at every step by the engine; the table
:data:`EQUATION_DISTRIBUTIONS` tells the code generator how.

Examples
--------
>>> import numpy as np
>>> values = Uniform(0.0, 1.0).get_values(5, rng=np.random.default_rng(1))
>>> values.shape, bool(((values >= 0) & (values < 1)).all())
((5,), True)
"""
import numpy as np

from ..errors import ValidationError

#: name -> (numpy.random.Generator method, number of arguments) for equations.
EQUATION_DISTRIBUTIONS = {
    "Uniform": ("uniform", 2),
    "Normal": ("normal", 2),
    "LogNormal": ("lognormal", 2),
    "Exponential": ("exponential", 1),
    "Gamma": ("gamma", 2),
    "DiscreteUniform": ("integers", 2),
    "Binomial": ("binomial", 2),
}


class Distribution:
    """Base class: a recipe for random values, optionally clipped."""

    def __init__(self, min=None, max=None, seed=None):
        self.min = min
        self.max = max
        self.seed = seed

    def _draw(self, rng, shape):
        raise NotImplementedError

    def get_values(self, shape, rng=None):
        """Draw values of the given shape.

        Parameters
        ----------
        shape : int or tuple of int
        rng : numpy.random.Generator, optional
            The stream to draw from when the distribution has no ``seed`` of its own (as in
            ANNarchy, a given seed decides the values); without either, fresh entropy.
        """
        if rng is None or self.seed is not None:
            rng = np.random.default_rng(self.seed)
        values = np.asarray(self._draw(rng, shape), dtype=float)
        if self.min is not None or self.max is not None:
            values = np.clip(values, self.min, self.max)
        return values

    def get_value(self, rng=None):
        """Draw a single value."""
        return float(self.get_values(1, rng)[0])

    def _args_repr(self):
        return ""

    def __repr__(self):
        extra = ""
        if self.min is not None:
            extra += f", min={self.min}"
        if self.max is not None:
            extra += f", max={self.max}"
        return f"{type(self).__name__}({self._args_repr()}{extra})"


class Uniform(Distribution):
    """Uniform distribution on ``[min, max)``.

    Examples
    --------
    >>> Uniform(0.0, 2.0)
    Uniform(0.0, 2.0)
    """

    def __init__(self, min, max, seed=None):
        if max < min:
            raise ValidationError("Uniform", "max", f"Value must be greater than or equal to min={min} (got {max})")
        super().__init__(seed=seed)
        self.low, self.high = min, max

    def _draw(self, rng, shape):
        return rng.uniform(self.low, self.high, shape)

    def _args_repr(self):
        return f"{self.low}, {self.high}"


class DiscreteUniform(Distribution):
    """Integers drawn uniformly from ``min`` to ``max`` inclusive."""

    def __init__(self, min, max, seed=None):
        if max < min:
            raise ValidationError("DiscreteUniform", "max",
                                  f"Value must be greater than or equal to min={min} (got {max})")
        super().__init__(seed=seed)
        self.low, self.high = int(min), int(max)

    def _draw(self, rng, shape):
        return rng.integers(self.low, self.high + 1, shape)

    def _args_repr(self):
        return f"{self.low}, {self.high}"


class Normal(Distribution):
    """Normal distribution with mean ``mu`` and standard deviation ``sigma``."""

    def __init__(self, mu, sigma, min=None, max=None, seed=None):
        if sigma < 0:
            raise ValidationError("Normal", "sigma", f"Value must be greater than or equal to 0 (got {sigma})")
        super().__init__(min, max, seed)
        self.mu, self.sigma = mu, sigma

    def _draw(self, rng, shape):
        return rng.normal(self.mu, self.sigma, shape)

    def _args_repr(self):
        return f"{self.mu}, {self.sigma}"


class LogNormal(Distribution):
    """Log-normal distribution: ``exp(Normal(mu, sigma))``."""

    def __init__(self, mu, sigma, min=None, max=None, seed=None):
        if sigma < 0:
            raise ValidationError("LogNormal", "sigma", f"Value must be greater than or equal to 0 (got {sigma})")
        super().__init__(min, max, seed)
        self.mu, self.sigma = mu, sigma

    def _draw(self, rng, shape):
        return rng.lognormal(self.mu, self.sigma, shape)

    def _args_repr(self):
        return f"{self.mu}, {self.sigma}"


class Exponential(Distribution):
    """Exponential distribution of rate ``Lambda`` (mean ``1/Lambda``)."""

    def __init__(self, Lambda, min=None, max=None, seed=None):
        if Lambda <= 0:
            raise ValidationError("Exponential", "Lambda", f"Value must be greater than 0 (got {Lambda})")
        super().__init__(min, max, seed)
        self.Lambda = Lambda

    def _draw(self, rng, shape):
        return rng.exponential(1.0 / self.Lambda, shape)

    def _args_repr(self):
        return f"{self.Lambda}"


class Gamma(Distribution):
    """Gamma distribution of shape ``alpha`` and scale ``beta``."""

    def __init__(self, alpha, beta=1.0, min=None, max=None, seed=None):
        if alpha <= 0:
            raise ValidationError("Gamma", "alpha", f"Value must be greater than 0 (got {alpha})")
        super().__init__(min, max, seed)
        self.alpha, self.beta = alpha, beta

    def _draw(self, rng, shape):
        return rng.gamma(self.alpha, self.beta, shape)

    def _args_repr(self):
        return f"{self.alpha}, {self.beta}"


class Binomial(Distribution):
    """Binomial distribution: successes out of ``n`` trials of probability ``p``."""

    def __init__(self, n, p, seed=None):
        if not 0.0 <= p <= 1.0:
            raise ValidationError("Binomial", "p", f"Value must be between 0 and 1 (got {p})")
        super().__init__(seed=seed)
        self.n, self.p = int(n), p

    def _draw(self, rng, shape):
        return rng.binomial(self.n, self.p, shape)

    def _args_repr(self):
        return f"{self.n}, {self.p}"
