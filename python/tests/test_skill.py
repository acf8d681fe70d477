"""The Python package against the library: errors as records, runs against
closed forms, curves from arrays fitted back, interrupts, two threads."""
import contextlib
import gc
import io
import math
import os
import signal
import threading
import time
import unittest

import numpy as np

import skill

ONE = """param rate = 1e-4
skill a freq 1
resource R { dim = 100; lr = rate; N0 = 0.01; solver = rk8pd; tol = 1e-12 }
let r = run R for 400 steps every 4
"""

TWO = """skill a freq 0.7
skill b freq 0.3
resource R { dim = 100; lr = 1e-4; N0 = 0.05; solver = rk8pd; tol = 1e-12 }
"""

LONG = """skill s[1..20] freq zipf(2)
geometry G { dim = 400; batch = 64; seed = 1; optimizer = sgd(lr: 1e-3) }
"""

CHAIN = """skill A1 freq 0.3
skill A2 freq 1 needs A1
skill A3 freq 3 needs A2
resource C { eta = 1e-3; N0 = 1e-3; gate = sharp(1e-4); compete = gated; solver = euler }
"""

BAD = """skill a freq 1
resource R { dim = 100; lrr = 1 }
"""


def eq3_steps(level, eta, n0):
    """Eq. 3 solved for t: the step at which a skill reaches LEVEL."""
    u = 1 - level
    return (1 - u - n0 * np.log(u)) / eta


def eq3_levels(steps, eta, n0):
    """Eq. 3's levels at STEPS, by bisection on u."""
    lo, hi = np.full(len(steps), 1e-300), np.ones(len(steps))
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        later = (1 - mid - n0 * np.log(mid)) / eta > steps
        lo, hi = np.where(later, mid, lo), np.where(later, hi, mid)
    return 1 - 0.5 * (lo + hi)


class Errors(unittest.TestCase):
    def test_records(self):
        with self.assertRaises(skill.Error) as cm:
            skill.load(BAD, name="bad.skill")
        e = cm.exception
        self.assertEqual(e.status, 65)
        got = [(r.file, r.line, r.column, r.message, r.hint) for r in e.records]
        self.assertEqual(got, [
            ("bad.skill", 2, 25, "resource model has no key 'lrr'", None),
            ("bad.skill", 2, 10, "resource model 'R' needs 'eta', or 'dim' and 'lr'",
             "eta = 2*sqrt(dim)*lr is the effective learning rate of the paper's §2.4")])
        self.assertEqual(e.records[0].notes[0][0], "did you mean 'lr'?")

    def test_check_later(self):
        p = skill.load(BAD, name="bad.skill", check=False)
        with self.assertRaises(skill.Error) as cm:
            p.check()
        self.assertEqual(cm.exception.records[0].message, "resource model has no key 'lrr'")
        with self.assertRaises(skill.Error):
            p.run()
        self.assertEqual(skill.load(ONE).check().name, "<string>")

    def test_a_value_of_another_program(self):
        a, b = skill.load(ONE), skill.load(ONE)
        with self.assertRaises(skill.Error) as cm:
            b["x"] = a.run_model("R", 4, 1)
        self.assertEqual(cm.exception.records[0].message, "the value of 'x' belongs to another program")
        with self.assertRaises(skill.Error) as cm:
            b["R"] = 1
        self.assertEqual(cm.exception.records[0].message, "'R' is already declared by the program")

    def test_printed_as_the_command_line_prints(self):
        with self.assertRaises(skill.Error) as cm:
            skill.load(BAD, name="bad.skill")
        self.assertEqual(str(cm.exception),
                         "bad.skill:2:25: error: resource model has no key 'lrr'\n"
                         " 2 | resource R { dim = 100; lrr = 1 }\n"
                         "   |                         ^~~\n"
                         "note: did you mean 'lr'?\n"
                         "bad.skill:2:10: error: resource model 'R' needs 'eta', or 'dim' and 'lr'\n"
                         " 2 | resource R { dim = 100; lrr = 1 }\n"
                         "   |          ^\n"
                         "hint: eta = 2*sqrt(dim)*lr is the effective learning rate of the paper's §2.4")

    def test_same_text_as_skill_check(self):
        """Errors (also on a long line, after tabs and UTF-8) read as `skill check` prints them."""
        exe = os.environ.get("SKILL_EXE")
        if not exe:
            self.skipTest("SKILL_EXE not set")
        long_line = "let x = " + " + ".join(["1"] * 60) + " + nosuch + " + " + ".join(["2"] * 30) + "\n"
        utf8 = 'skill a freq 1\nlet s = "\u00e9\u00e9\u00e9\t\u2192" + nosuch\n'
        for text in (BAD, long_line, utf8):
            with self.subTest(text=text[:20]):
                self._compare_with_cli(exe, text)

    def _compare_with_cli(self, exe, text):
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "bad.skill"), "w", encoding="utf-8") as f:
                f.write(text)
            cli = subprocess.run([exe, "check", "bad.skill"], cwd=d, capture_output=True,
                                 text=True, env=dict(os.environ, NO_COLOR="1"))
            with self.assertRaises(skill.Error) as cm:
                skill.load(os.path.join(d, "bad.skill"))
        self.assertEqual(cli.returncode, cm.exception.status)
        self.assertEqual(cli.stderr.rstrip("\n"), str(cm.exception).replace(os.path.join(d, ""), ""))

    def test_runtime_error_and_the_program_stays_usable(self):
        p = skill.load(ONE)
        with self.assertRaises(skill.Error) as cm:
            p.eval("1 / [1, 2][5]")
        self.assertEqual(cm.exception.status, 1)
        self.assertTrue(cm.exception.records)
        with self.assertRaises(skill.Error) as cm:
            p.run_model("RR", steps=10)
        self.assertEqual(cm.exception.records[0].message, "the program declares no model named 'RR'")
        self.assertEqual(cm.exception.records[0].file, None)
        self.assertEqual(p.eval("2 + 2"), 4.0)

    def test_unknown_skill_in_arrays(self):
        p = skill.load(TWO)
        with self.assertRaises(skill.Error) as cm:
            p.from_arrays([0, 1], [[0, 0], [1, 1]], ["a", "bb"])
        r = cm.exception.records[0]
        self.assertEqual((r.message, r.hint), ("unknown skill 'bb'",
                         "a run's skills are the program's, each declared with 'skill'"))
        with self.assertRaises(ValueError):
            p.from_arrays([0, 1], [[0, 0, 0], [1, 1, 1]], ["a", "b"])

    def test_unreadable_file(self):
        with self.assertRaises(skill.Error) as cm:
            skill.load("/nonexistent/x.skill")
        self.assertEqual(cm.exception.status, 66)


class Numbers(unittest.TestCase):
    def test_run_against_eq3(self):
        p = skill.load(ONE).run()
        r = p["r"]
        self.assertEqual((r.model, r.skills, r.levels.shape), ("R", ["a"], (101, 1)))
        np.testing.assert_array_equal(r.steps, np.arange(0, 401, 4.0))
        np.testing.assert_allclose(r.level("a"), eq3_levels(r.steps, 2 * 10 * 1e-4, 0.01), atol=1e-8)
        self.assertTrue(np.all(np.diff(r.loss) < 0))

    def test_run_model_with_overrides(self):
        p = skill.load(ONE)
        r = p.run_model("R", steps=400, every=8, lr=3e-4)
        self.assertEqual(len(r.steps), 51)
        rows = (r.steps > 0) & (r.levels[:, 0] < 1 - 1e-6)
        self.assertGreater(rows.sum(), 20)
        t = eq3_steps(r.levels[rows, 0], 2 * 10 * 3e-4, 0.01)
        np.testing.assert_allclose(t, r.steps[rows], rtol=1e-6)
        r2 = p.run_model("R", 400, 8, rate="3e-4")      # a parameter, as an expression
        np.testing.assert_array_equal(r.levels, r2.levels)

    def test_params_override_at_load(self):
        p = skill.load(ONE, rate=2e-4).run()
        self.assertEqual(p["rate"], 2e-4)
        np.testing.assert_allclose(p["r"].level("a"), eq3_levels(p["r"].steps, 2 * 10 * 2e-4, 0.01),
                                   atol=1e-8)

    def test_domino_exact_times(self):
        p = skill.load("skill S[1..4] freq zipf(2)\ndomino D { eta = 0.1; skills = S }\n")
        r = p.run_model("D", steps=50, every=1)
        self.assertEqual(r.skills, ["S1", "S2", "S3", "S4"])
        for k in range(4):      # the k-th learned linearly between 10 k and 10 (k + 1)
            want = np.clip((r.steps - 10 * k) / 10, 0, 1)
            np.testing.assert_allclose(r.levels[:, k], want, atol=1e-12)

    def test_values(self):
        p = skill.load(ONE).run()
        np.testing.assert_array_equal(p.eval("[1, 2, 3] * 2"), [2, 4, 6])
        self.assertEqual(p.eval('"s{1 + 1}"'), "s2")
        self.assertIs(p.eval("1 < 2"), True)
        self.assertEqual(p["a"], "a")
        with self.assertRaises(KeyError):
            p["nosuch"]
        p["k"] = 2.5
        self.assertEqual(p.eval("k * 2"), 5.0)
        p["v"] = np.array([1.0, 2.0])
        np.testing.assert_array_equal(p.eval("v + 1"), [2, 3])

    def test_table_and_jobs(self):
        text = ONE + "let t = sweep x in [1e-4, 2e-4, 3e-4, 4e-4] { let q = run R with lr = x for 400 steps; row x = x, loss = final_loss(q) }\n"
        one = skill.load(text, jobs=1).run()["t"]
        two = skill.load(text, jobs=2).run()["t"]
        self.assertEqual(one.names, ["x", "loss"])
        np.testing.assert_array_equal(one["x"], [1e-4, 2e-4, 3e-4, 4e-4])
        np.testing.assert_array_equal(one["loss"], two["loss"])
        self.assertTrue(np.all(np.diff(one["loss"]) < 0))
        self.assertEqual(one.to_numpy().shape, (4, 2))
        self.assertIn("<table>", one._repr_html_())

    def test_print_goes_to_sys_stdout(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            skill.load(ONE + 'print "level", level(r, a, 400) > 0.5\n').run()
        self.assertEqual(out.getvalue(), "level true\n")


class FromArrays(unittest.TestCase):
    def test_fit_back(self):
        p = skill.load(ONE)
        steps = np.arange(0, 2001, 20.0)
        levels = eq3_levels(steps, 2 * 10 * 1e-4, 0.2).reshape(-1, 1)
        data = p.from_arrays(steps, levels, ["a"], name="data")
        np.testing.assert_array_equal(data.levels, levels)
        np.testing.assert_array_equal(p["data"].steps, steps)
        f = p.eval("fit R to data vary N0 in [1e-3, 1]")
        self.assertAlmostEqual(f.N0, 0.2, delta=1e-5)
        f2 = p.fit("R", data, "N0 in [1e-3, 1]")
        self.assertEqual(f2.N0, f.N0)

    def test_two_skills_fit_back_to_a_run(self):
        p = skill.load(TWO)
        made = p.run_model("R", 3000, 30, N0=0.2)
        data = p.from_arrays(made.steps, made.levels, made.skills, loss=made.loss, name="data")
        f = p.fit("R", "data", "N0 in [1e-3, 1]")
        self.assertAlmostEqual(f.N0, 0.2, delta=1e-5)

    def test_missing_values(self):
        p = skill.load(TWO)
        levels = np.array([[0, 0], [0.5, np.nan], [1, 0.9]])
        d = p.from_arrays([0, 10, 20], levels, ["a", "b"], name="d")
        self.assertTrue(math.isnan(d.levels[1, 1]) and math.isnan(d.loss[0]))
        self.assertEqual(p.eval("time_to(d, a, 0.5)"), 10.0)


    def test_infer_finds_the_chain(self):
        p = skill.load(CHAIN)
        r = p.run_model("C", 5000, 50)
        data = p.from_arrays(r.steps, r.levels, r.skills, name="data")
        f = p.eval("infer C from data")
        self.assertEqual(f.graph, ["A2 needs A1", "A3 needs A2"])
        shuffled = p.from_arrays(r.steps, r.levels[:, [2, 0, 1]], ["A3", "A1", "A2"], name="shuffled")
        self.assertEqual(p.eval("infer C from shuffled").graph, f.graph)


class Interrupts(unittest.TestCase):
    def _stop_later(self, action, after=0.3):
        threading.Timer(after, action).start()

    def test_sigint_stops_the_run(self):
        """Three minutes' work if not stopped; Ctrl-C stops it and its thread."""
        p = skill.load(LONG, progress=False)
        main = threading.get_ident()
        timer = threading.Timer(0.3, lambda: signal.pthread_kill(main, signal.SIGINT))
        before = set(threading.enumerate()) | {timer}
        timer.start()
        start = time.monotonic()
        with self.assertRaises(KeyboardInterrupt):
            p.run_model("G", steps=1e8, every=1e6)
        self.assertLess(time.monotonic() - start, 3.0)
        timer.join()
        self.assertEqual(set(threading.enumerate()) - before, set())
        self.assertEqual(p.eval("2 + 2"), 4.0)
        r = p.run_model("G", steps=100, every=50)
        self.assertEqual(len(r.steps), 3)

    def test_cancel_from_another_thread(self):
        p = skill.load(LONG, progress=False)
        self._stop_later(p.cancel)
        start = time.monotonic()
        with self.assertRaises(skill.Cancelled):
            p.run_model("G", steps=1e8, every=1e6)
        self.assertLess(time.monotonic() - start, 3.0)
        self.assertEqual(len(p.run_model("G", steps=100, every=50).steps), 3)

    def test_progress_function_cancels(self):
        calls = []

        def progress(what, done, total):
            calls.append((what, done, total))
            return True
        p = skill.load(LONG, progress=progress)
        with self.assertRaises(skill.Cancelled):
            p.run_model("G", steps=1e8, every=1e6)
        self.assertEqual(len(calls), 1)
        self.assertEqual((calls[0][0], calls[0][2]), ("run G", 1e8))


class Threads(unittest.TestCase):
    def test_two_programs_two_threads(self):
        a, b = skill.load(LONG, jobs=1, progress=False), skill.load(ONE, jobs=1)
        want = [a.run_model("G", 3000, 100).levels, b.run_model("R", 400, 4).levels]
        got = [None, None]

        def work(i, p, model, steps, every):
            got[i] = p.run_model(model, steps, every).levels
        threads = [threading.Thread(target=work, args=(0, a, "G", 3000, 100)),
                   threading.Thread(target=work, args=(1, b, "R", 400, 4))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])

    def test_one_program_from_two_threads_is_serialised(self):
        p = skill.load(ONE)
        out = [None] * 4

        def work(i):
            out[i] = p.run_model("R", 400, 4, lr=1e-4 * (i + 1)).levels
        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for i in range(4):
            np.testing.assert_array_equal(out[i], p.run_model("R", 400, 4, lr=1e-4 * (i + 1)).levels)


class Display(unittest.TestCase):
    def test_svgs(self):
        p = skill.load(TWO + "skill c freq 0.1 needs a\n")
        r = p.run_model("R", 200, 10)
        svg = r._repr_svg_()
        self.assertTrue(svg.startswith("<?xml") and "<svg" in svg)
        graph = p.graph().data
        self.assertIn("<svg", graph)
        self.assertIn(">c</text>", graph)
        self.assertIn("<svg", p.plot(r, 'title: "two"').data)
        with self.assertRaises(skill.Error):
            p.plot(r, "nosuchoption: 1")

    def test_progress_in_a_notebook(self):
        """With IPython's kernel (faked here), progress updates one display."""
        import sys
        import types
        shown = []

        class Handle:
            def update(self, text):
                shown.append(text)

        class ZMQInteractiveShell:
            pass
        ipython = types.ModuleType("IPython")
        ipython.get_ipython = ZMQInteractiveShell
        ipython.display = types.ModuleType("IPython.display")
        ipython.display.display = lambda obj, display_id: Handle()
        saved = {k: sys.modules.get(k) for k in ("IPython", "IPython.display")}
        sys.modules.update({"IPython": ipython, "IPython.display": ipython.display})
        try:
            skill.load(LONG).run_model("G", steps=200000, every=100000)
        finally:
            for k, v in saved.items():
                if v is None:
                    sys.modules.pop(k, None)
                else:
                    sys.modules[k] = v
        self.assertTrue(shown, "no progress shown")
        self.assertRegex(shown[-1], r"^run G \[[#.]{30}\] \d+%$")

    def test_values_outlive_the_program(self):
        with skill.load(ONE) as p:
            r = p.run_model("R", 40, 4)
        del p
        gc.collect()
        self.assertEqual(r.levels.shape, (11, 1))
        with self.assertRaises(ValueError):
            r.plot()
        del r
        gc.collect()


class Readme(unittest.TestCase):
    def test_the_readme_example_prints_what_it_says(self):
        readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
        with open(readme, encoding="utf-8") as f:
            text = f.read()
        section = text[text.index("### From Python and Jupyter"):]
        code = section[section.index("<<'PY'\n") + 6:section.index("\nPY\n")]
        said = section[section.index("prints `") + 8:]
        first, second = said[:said.index("`")], said[said.index("and\n`") + 5:]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
        self.assertEqual(out.getvalue(), first + "\n" + second[:second.index("`")] + "\n")


@unittest.skipUnless(__import__("importlib").util.find_spec("pandas"), "pandas is not installed")
class Pandas(unittest.TestCase):
    def test_frames(self):
        p = skill.load(ONE).run()
        df = p["r"].to_pandas()
        self.assertEqual(list(df.columns), ["loss", "a"])
        self.assertEqual(df.index.name, "step")


if __name__ == "__main__":
    unittest.main()
