#!/bin/sh
# uninstalled.sh - the program run from the tree it was built in, not
# installed, finds that tree's standard library (stdlib/) without
# SKILL_STDLIB, and its hints point at the tree's man pages with `man -l`;
# a copy of the program outside the tree uses the installed folders and
# says `man 5 skill`.  The import search order stays: beside the file,
# SKILL_PATH, then the standard library; SKILL_STDLIB still wins.
#
# Environment (set by `make check`): SKILL, abs_top_srcdir, SKILL_STDLIB_DIR
# (the configured library folder).
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).

. "$(dirname "$0")/need-skill.sh"
. "$(dirname "$0")/expect.sh"
for v in abs_top_srcdir SKILL_STDLIB_DIR; do
  eval "val=\${$v:-}"
  test -n "$val" || { echo "uninstalled.sh: $v is not set (run it from make check)" >&2; exit 99; }
done
tree=$(cd "$abs_top_srcdir" && pwd -P) || exit 99

. "$(dirname "$0")/scratch.sh"
unset SKILL_STDLIB SKILL_PATH


cat > use.skill <<'EOS'
import "schedules"
import "paper/fig17_case3"
print warmup_cosine(6000, 2000, 10000, 0.05)
print time_to(run R for 20000 steps every 1, T7, 0.9)
EOS
expect_prog "the build tree's stdlib, without SKILL_STDLIB" 0 "0.525
5953" "$SKILL" run use.skill

printf 'import "nowhere"\n' > missing.skill
expect_prog "a missing module names the tree's stdlib and man -l" 65 "missing.skill:1:8: error: cannot find module 'nowhere'
 1 | import \"nowhere\"
   |        ^~~~~~~~~
hint: looked for 'nowhere' and 'nowhere.skill' beside the importing file ('.'), in SKILL_PATH (not set), then in the standard library ('$tree/stdlib')
hint: the standard library's modules are listed in 'man -l $tree/man/skill.5', under STANDARD LIBRARY" "$SKILL" check missing.skill

printf 'resource R { eta = 1; bogus_key_xyz = 1 }\n' > key.skill
expect_prog "an unknown key points at man -l" 65 "key.skill:1:23: error: resource model has no key 'bogus_key_xyz'
 1 | resource R { eta = 1; bogus_key_xyz = 1 }
   |                       ^~~~~~~~~~~~~
hint: see 'man -l $tree/man/skill.5' for the keys of each model" "$SKILL" check key.skill

# The search order is kept: beside the file, then SKILL_PATH, before the
# tree's library; SKILL_STDLIB replaces the library.
mkdir -p path std || exit 99
printf 'let here = "beside"\n' > schedules.skill
printf 'import "schedules"\nprint here\n' > order.skill
expect_prog "a module beside the file comes first" 0 beside "$SKILL" run order.skill
rm schedules.skill
printf 'let here = "path"\n' > path/schedules.skill
SKILL_PATH=$tmp/path expect_prog "then SKILL_PATH" 0 path "$SKILL" run order.skill
printf 'let here = "SKILL_STDLIB"\n' > std/schedules.skill
SKILL_STDLIB=$tmp/std expect_prog "SKILL_STDLIB replaces the library" 0 SKILL_STDLIB "$SKILL" run order.skill

# A link to the program is the program: it still finds the tree.
mkdir -p link/bin || exit 99
ln -s "$SKILL" link/bin/skill || exit 99
expect_prog "a symbolic link to the uninstalled program" 0 "0.525
5953" link/bin/skill run use.skill

# A copy elsewhere is an installed program: the installed library folder
# and `man 5 skill`.
mkdir -p copy/bin || exit 99
cp "$SKILL" copy/bin/skill || exit 99
expect_prog "a copy outside the tree uses the installed folders" 65 "missing.skill:1:8: error: cannot find module 'nowhere'
 1 | import \"nowhere\"
   |        ^~~~~~~~~
hint: looked for 'nowhere' and 'nowhere.skill' beside the importing file ('.'), in SKILL_PATH (not set), then in the standard library ('$SKILL_STDLIB_DIR')
hint: the standard library's modules are listed in 'man 5 skill', under STANDARD LIBRARY" copy/bin/skill check missing.skill

test "$fails" -eq 0 || { echo "$fails failed"; exit 1; }
echo "ok: the uninstalled program finds its tree"
