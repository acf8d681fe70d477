#!/bin/sh
# import.sh - where `import` finds a module, and what it does with it.
#
# Order: the importing file's folder, then SKILL_PATH's folders in order,
# then the standard library (SKILL_STDLIB here).  A module is read once
# however often (and however circularly) it is imported, the main file
# included.  A missing module is a located error (status 65) whose hint
# lists every folder searched.
#
# Environment: SKILL (the interpreter, set by `make check`), SKILL_WRAPPER.
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
. "$(dirname "$0")/expect.sh"

. "$(dirname "$0")/scratch.sh"
unset SKILL_PATH
# The page a missing module's hint names: the build tree's, when testing
# the uninstalled program (see uninstalled.sh).
if test -n "${abs_top_srcdir:-}"; then
  man5="man -l $(cd "$abs_top_srcdir" && pwd -P)/man/skill.5"
else
  man5="man 5 skill"
fi


mkdir -p main path1 path2 std main/sub || exit 99
for d in main path1 path2 std; do
  printf 'let found = "%s"\n' "$d" > "$d/mod.skill" || exit 99
done
printf 'import "mod"\nprint found\n' > main/prog.skill

SKILL_STDLIB=$tmp/std; export SKILL_STDLIB
SKILL_PATH=$tmp/path1:$tmp/path2 expect "beside the file first" 0 main run main/prog.skill
rm main/mod.skill
SKILL_PATH=$tmp/path1:$tmp/path2 expect "then SKILL_PATH, in order" 0 path1 run main/prog.skill
SKILL_PATH=::$tmp/path2: expect "empty SKILL_PATH entries are skipped" 0 path2 run main/prog.skill
rm path2/mod.skill
SKILL_PATH=$tmp/path2 expect "then the standard library" 0 std run main/prog.skill
expect "without SKILL_PATH" 0 std run main/prog.skill

# Beside the importing *module*, not the main file: sub/a imports "b".
printf 'let found = "main/sub/b"\n' > main/sub/b.skill
printf 'let found = "main/b"\n' > main/b.skill
printf 'import "b"\n' > main/sub/a.skill
printf 'import "sub/a"\nprint found\n' > main/nested.skill
expect "a module's imports are looked up beside the module" 0 main/sub/b run main/nested.skill

# NAME and NAME.skill; an absolute path.
printf 'let found = "exact"\n' > main/exact
printf 'import "exact"\nprint found\n' > main/ext.skill
expect "a name is tried as written before NAME.skill" 0 exact run main/ext.skill
printf 'import "%s/std/mod.skill"\nprint found\n' "$tmp" > main/abs.skill
expect "an absolute path" 0 std run main/abs.skill

# Read once: twice in a row, through two modules, and in a cycle.
printf 'print "m1 read"\nlet x = 1\n' > main/m1.skill
printf 'import "m1"\nprint "m2 read"\n' > main/m2.skill
printf 'import "m1"\nimport "m2"\nimport "m1"\nimport "./m1.skill"\nprint x\n' > main/twice.skill
expect "a module imported again is not read again" 0 "m1 read
m2 read
1" run main/twice.skill
printf 'import "c2"\nprint "c1"\n' > main/c1.skill
printf 'import "c1"\nprint "c2"\n' > main/c2.skill
printf 'import "c1"\nprint "main"\n' > main/cycle.skill
expect "an import cycle reads each module once" 0 "c2
c1
main" run main/cycle.skill
printf 'import "self"\nprint "self read"\n' > main/self.skill
expect "a file importing itself" 0 "self read" run main/self.skill
printf 'import "back"\nprint "main read"\n' > main/front.skill
printf 'import "front"\nprint "back read"\n' > main/back.skill
expect "a module importing the main file" 0 "back read
main read" run main/front.skill

# Missing modules: located errors, every folder searched in the hint.
printf 'let a = 1\nimport "nowhere"\n' > main/missing.skill
SKILL_PATH=$tmp/path1:$tmp/path2 expect "a missing module" 65 "main/missing.skill:2:8: error: cannot find module 'nowhere'
 2 | import \"nowhere\"
   |        ^~~~~~~~~
hint: looked for 'nowhere' and 'nowhere.skill' beside the importing file ('main'), in SKILL_PATH ('$tmp/path1', '$tmp/path2'), then in the standard library ('$tmp/std')
hint: the standard library's modules are listed in '$man5', under STANDARD LIBRARY" check main/missing.skill
expect "a missing module, no SKILL_PATH" 65 "main/missing.skill:2:8: error: cannot find module 'nowhere'
 2 | import \"nowhere\"
   |        ^~~~~~~~~
hint: looked for 'nowhere' and 'nowhere.skill' beside the importing file ('main'), in SKILL_PATH (not set), then in the standard library ('$tmp/std')
hint: the standard library's modules are listed in '$man5', under STANDARD LIBRARY" check main/missing.skill
printf 'import "/no/such/mod"\n' > main/absmissing.skill
expect "a missing absolute path" 65 "main/absmissing.skill:1:8: error: cannot find module '/no/such/mod'
 1 | import \"/no/such/mod\"
   |        ^~~~~~~~~~~~~~
hint: looked for '/no/such/mod' and '/no/such/mod.skill' (an absolute path is not searched for)" check main/absmissing.skill
printf 'import "inner"\n' > main/outer.skill
printf 'let z = 1\nimport "deeper"\n' > main/inner.skill
expect "a missing module inside a module is reported in the module" 65 "$tmp/main/inner.skill:2:8: error: cannot find module 'deeper'
 2 | import \"deeper\"
   |        ^~~~~~~~
hint: looked for 'deeper' and 'deeper.skill' beside the importing file ('$tmp/main'), in SKILL_PATH (not set), then in the standard library ('$tmp/std')
hint: the standard library's modules are listed in '$man5', under STANDARD LIBRARY" check main/outer.skill
mkdir main/folder.skill main/folder
printf 'import "folder"\n' > main/dir.skill
expect "a folder is not a module" 65 "main/dir.skill:1:8: error: cannot find module 'folder'
 1 | import \"folder\"
   |        ^~~~~~~~
hint: looked for 'folder' and 'folder.skill' beside the importing file ('main'), in SKILL_PATH (not set), then in the standard library ('$tmp/std')
hint: the standard library's modules are listed in '$man5', under STANDARD LIBRARY" check main/dir.skill

# Errors inside a module point into the module; clashing names are errors.
printf 'let a = 1\nlet found = * 2\n' > main/broken.skill
printf 'import "broken"\n' > main/usebroken.skill
expect "a syntax error in a module" 65 "$tmp/main/broken.skill:2:13: error: unexpected '*', expected an expression
 2 | let found = * 2
   |             ^" check main/usebroken.skill
printf 'param k = 1\n' > main/k1.skill
printf 'import "k1"\nparam k = 2\n' > main/clash.skill
expect "a name declared by the module and the file" 65 "main/clash.skill:2:7: error: 'k' is already declared
 2 | param k = 2
   |       ^
$tmp/main/k1.skill:1:7: note: 'k' was declared here as a parameter
 1 | param k = 1
   |       ^" check main/clash.skill

# Every module of the standard library imports cleanly on its own.
if test -n "${abs_top_srcdir:-}"; then
  SKILL_STDLIB=$abs_top_srcdir/stdlib
  for f in $(cd "$SKILL_STDLIB" && find . -name '*.skill' | sed 's|^\./||' | LC_ALL=C sort); do
    printf 'import "%s"\n' "${f%.skill}" > main/std.skill
    expect "stdlib module ${f%.skill}" 0 "" check main/std.skill
  done
fi

test "$fails" -eq 0 || { echo "$fails failed"; exit 1; }
