# Two commands do everything: `make book` and `make test` (see README.md).
# FW limits framework work, e.g. `make test FW=pytorch`.
SHELL := /bin/bash
FW ?= mxnet pytorch tensorflow jax

.PHONY: test book notebooks bench envs data browser clean
test:
	@bash tools/test.sh $(FW)
book:
	@bash tools/book.sh
notebooks:
	@bash tools/notebooks.sh $(FW)
bench:
	@bash tools/bench.sh $(FW)
envs:
	@for e in book $(FW); do bash tools/ensure_env.sh $$e || exit 1; done
data:
	@bash tools/data.sh
clean:
	rm -rf _build
