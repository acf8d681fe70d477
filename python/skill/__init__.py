"""skill from Python: load a .skill program, run it and its models, read
its values as numpy arrays, hand it curves measured elsewhere, and show
results, plots and dependency graphs inline in Jupyter.

    import skill
    prog = skill.load("fig04.skill", p2=0.2)   # a path or the program's text
    prog.run()                                 # the script's statements
    r = prog.run_model("R", steps=1000, every=10, lr=2e-3)
    r.steps, r.loss, r.levels, r.skills        # numpy arrays and names

The library is libskill, through ctypes; see skill(1) and skill(5)."""
from ._errors import Error, Record
from ._display import SVG
from ._program import Cancelled, Program, load
from ._values import Record as Fields, Result, Table

__all__ = ["load", "Program", "Result", "Table", "Fields", "SVG", "Error", "Cancelled", "Record"]
