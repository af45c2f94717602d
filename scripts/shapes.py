"""Write `chalicelib/engine/shapes.py` from the personality models: ``python -m scripts.shapes``.

`chalicelib.engine.definition` reads a validated definition by these shapes, without pydantic. Run this
after changing a model of `chalicelib/engine/persona.py`; a unit test fails while the file is stale.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

from chalicelib.engine.persona import shapes

TARGET = Path(__file__).resolve().parent.parent / "chalicelib" / "engine" / "shapes.py"
HEADER = '''"""The fields of the personality models, as `chalicelib.engine.definition` reads them.

Written by ``python -m scripts.shapes`` from `chalicelib/engine/persona.py` (see `persona.shapes`); do not
edit by hand. Each model: ``({field: (kind,) or (kind, default)}, extra)``.
"""

from typing import Any

'''


def render() -> str:
    """The module's text for the models as they are now."""
    body = pprint.pformat(shapes(), width=116, sort_dicts=True)
    return HEADER + "SHAPES: dict[str, tuple[dict[str, tuple[Any, ...]], str]] = " + body + "\n"


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
