"""How far a re-made training metric may sit from the stored one.

Training metrics are printed with 3 decimals. Their last digits depend on
the CPU: other SIMD kernels (AVX2, AVX-512), other oneDNN/Eigen/XLA code
paths and other thread splits round differently, and ten epochs of SGD carry
that into the third decimal. `make test-machines` re-executes the notebooks
under such variations and prints the spread; the figures below are that
spread with a margin (see README, "What CI guarantees").
"""

# Largest |re-made - stored| seen across kernels and thread counts: 0.000
# (see README); with margin:
METRIC_TOLERANCE = 0.005

# Colab's library versions (older torch, TensorFlow, JAX, Flax) change more
# than rounding: largest difference seen 0.000 (see README); with margin:
COLAB_TOLERANCE = 0.01

TOLERANCES = {'machines': METRIC_TOLERANCE, 'colab': COLAB_TOLERANCE}
