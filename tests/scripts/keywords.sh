#!/bin/sh
# keywords.sh - the reserved words are listed once, in src/lang/keywords.h
# (the lexer, completion and the parser's hints are made from it); this
# checks that the grammar's keyword tokens and skill(5)'s list of keywords
# name exactly the same words, and that the REPL completes each of them.
#
# Environment: abs_top_srcdir, SKILL (set by `make check`).
# Exit: 0 pass, 1 fail, 99 hard error (automake's conventions).
. "$(dirname "$0")/need-skill.sh"
top=${abs_top_srcdir:?abs_top_srcdir must be set}
. "$(dirname "$0")/scratch.sh"

sed -n 's/^ *KW("\([a-z]*\)", \([A-Z]*\), [01]).*/\1 \2/p' "$top/src/lang/keywords.h" | sort > list
# %token <str> AND "and" BY "by" ...: the pairs whose text is a word, but
# for the two that name a kind of token, "name" (IDENT) and "string".
sed -n 's/^%token <str> //p' "$top/grammar/parser.y" |
  grep -o '[A-Z_]* "[a-z]*"' | sed 's/\([A-Z_]*\) "\([a-z]*\)"/\2 \1/' |
  grep -v -e ' IDENT$' -e ' STRING$' | sort > grammar
sed -n '/^\.B Keywords/,/^Where/p' "$top/man/skill.5" | sed -n 's/^\.BR "\(.*\)" \.$/\1/p' |
  tr ' ' '\n' | sort > man
cut -d' ' -f1 list > words

fails=0
test -s list || { echo "FAIL: no keyword read from keywords.h"; exit 99; }
if ! cmp -s list grammar; then
  echo "FAIL: keywords.h and the grammar's tokens differ (< keywords.h, > parser.y):"
  diff list grammar; fails=$((fails + 1))
fi
if ! cmp -s words man; then
  echo "FAIL: keywords.h and skill(5)'s Keywords differ (< keywords.h, > skill.5):"
  diff words man; fails=$((fails + 1))
fi
# :complete WORD lists the completions of WORD, one a line.
while read -r w; do
  printf ':complete %s\n' "$w" > in
  "$SKILL" repl < in > out 2>&1
  grep -qx "$w" out || { echo "FAIL: the REPL does not complete '$w':"; cat out; fails=$((fails + 1)); }
done < words
echo "$(wc -l < words) keywords checked"
test "$fails" -eq 0
