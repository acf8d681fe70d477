"""examples/python/parities.py at a reduced size: a PyTorch MLP's two
sparse-parity curves fitted by the Resource model (skipped without torch)."""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(os.environ.get("SKILL_EXAMPLES", os.path.join(HERE, "..", "..", "examples")),
                       "python", "parities.py")


@unittest.skipUnless(importlib.util.find_spec("torch"), "torch is not installed")
class Parities(unittest.TestCase):
    def test_fits_the_curves(self):
        with tempfile.TemporaryDirectory() as d:
            svg = os.path.join(d, "fit.svg")
            out = subprocess.run([sys.executable, EXAMPLE, "--steps", "1000", "--svg", svg],
                                 capture_output=True, text=True, timeout=120)
            self.assertEqual(out.returncode, 0, out.stderr)
            with open(svg) as f:
                self.assertIn("<svg", f.read())
        m = re.search(r"fitted: eta = (\S+), N0 = (\S+), residual = (\S+)\n", out.stdout)
        self.assertTrue(m, out.stdout)
        eta, n0, residual = map(float, m.groups())
        self.assertTrue(1e-6 < eta < 1 and 1e-4 < n0 < 100, out.stdout)
        self.assertLess(residual, 0.1)
        self.assertEqual(len(re.findall(r"reaches level 0.9 at step", out.stdout)), 2)


if __name__ == "__main__":
    unittest.main()
