#!/usr/bin/env bash
# Prints the path of a working Python 3.10 (Rasa 3.6 supports 3.8-3.10 only).
# A pyenv shim may exist without that version being active, so each candidate is run, not just found.
set -u
candidates=(${PYTHON310:-} python3.10)
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin /usr/local/bin /usr/bin; do
  candidates+=("$dir/python3.10")
done
for python in "${candidates[@]}"; do
  if "$python" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    command -v "$python"
    exit 0
  fi
done
echo "ERROR: Python 3.10 is needed (Rasa 3.6 runs on Python 3.8-3.10) and none was found." >&2
echo "Install it (for example 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv')," >&2
echo "or name it explicitly: PYTHON310=/path/to/python3.10 make <target>" >&2
exit 1
