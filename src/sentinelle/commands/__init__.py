"""The CLI's commands, one module per pipeline stage, each with ``register(app)``.

Command modules stay thin and import their stage inside each command, so ``sentinelle
--help`` never loads spaCy or scikit-learn.
"""
