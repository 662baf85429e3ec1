"""Random tests are seeded and say their seed: ``NAME=N`` in the environment repeats a run."""

from __future__ import annotations

import os
import random


def seeded(variable: str) -> tuple[random.Random, int]:
    """A generator seeded from ``$variable`` or at random; the seed is printed (pytest shows it
    with the failure), so a failing run can be repeated exactly. Returns the generator and
    its seed."""
    seed = int(os.environ.get(variable) or random.SystemRandom().randrange(2**32))
    print(f"seed {seed} (repeat with {variable}={seed})")
    return random.Random(seed), seed
