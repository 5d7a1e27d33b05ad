# Two commands do everything: `make book` and `make test` (see README.md).
# FW limits framework work, e.g. `make test FW=pytorch`; ENV runs one
# environment's suites, as one CI job does: `make test ENV=jax` (or colab, book).
SHELL := /bin/bash
FW ?= $(shell python3 -m d2l_local.registry frameworks)

.PHONY: test book notebooks split bench seed-spread envs data browser lock test-machines test-mutations test-repeat translation-status clean lab
# (ENV is read from make's command line only: some shells export ENV.)
test:
	@D2L_TEST_ENV=$(if $(filter command line,$(origin ENV)),$(ENV)) bash tools/test.sh $(FW)
book:
	@bash tools/book.sh
notebooks:
	@bash tools/notebooks.sh $(FW)
# After a prose edit: the per-framework notebooks split anew, executing
# nothing (each keeps its outputs; one whose code changed needs `make notebooks`).
split:
	@.venv/$(firstword $(FW))/bin/python -m d2l_build.split_notebooks --keep-outputs
# JupyterLab on the tabbed sources, one kernel per framework environment.
lab:
	@bash tools/lab.sh $(FW)
bench:
	@bash tools/bench.sh $(FW)
# The chapter once per seed (SEEDS=5: seeds 0-4), per framework: how far its
# fits move with the seed (d2l_build/seed_spread.json, quoted by the book).
seed-spread:
	@bash tools/seed_spread.sh $(FW)
envs:
	@for e in tools book $(FW) colab; do bash tools/ensure_env.sh $$e || exit 1; done
data:
	@bash tools/data.sh
# Re-resolve the lock files after editing requirements*.in / requirements.txt.
lock:
	@bash tools/lock.sh $(ENVS)
# Re-execute the notebooks under other CPU kernels and thread counts and print
# how far the training metrics move (the basis of nbval's tolerance).
test-machines:
	@bash tools/test_machines.sh $(FW)
# Execute every program (each page's English notebook) twice in each
# environment it runs in and fail on any difference between the two runs
# (JOBS=2: two notebooks at a time).
test-repeat:
	@bash tools/test_repeat.sh $(FW)
clean:
	rm -rf _build
# Edit the chapter the way a careless change would and check that the
# comparison nbval applies catches each edit.
test-mutations:
	@source tools/common.sh && for fw in $(FW); do bash tools/ensure_env.sh $$fw; done && \
	  D2L_DATA_DIR=$$root/.data python3 -m d2l_build.mutations --fw $(FW)
# Chinese prose cells whose English source changed since they were translated.
translation-status:
	@python3 -m d2l_build.translations status
