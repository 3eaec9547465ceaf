# Shortcuts for those who have make; the README's two commands need only python3.
PY := .venv/bin/python

.PHONY: run test bench lint format ci messages
run:
	python3 dev.py run
test:
	python3 dev.py test
bench:
	python3 dev.py bench
lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
messages:
	$(PY) manage.py makemessages -l de -l en --ignore .venv --no-location --no-obsolete
ci:
	bash .ci/run
