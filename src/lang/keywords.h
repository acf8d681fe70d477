/* keywords.h - the language's reserved words, listed once.  The lexer's
 * table, the REPL's completion and the parser's "unknown statement" hint
 * are made from this list; tests/scripts/keywords.sh checks it against the
 * grammar's tokens and skill(5).
 *
 * KW(TEXT, TOKEN, STARTS): TOKEN is the grammar's token (grammar/parser.y);
 * STARTS is 1 for a word that begins a statement. */
#ifndef SKILL_KEYWORDS_H
#define SKILL_KEYWORDS_H

#define SKILL_KEYWORDS(KW) \
    KW("and", AND, 0) \
    KW("by", BY, 0) \
    KW("def", DEF, 1) \
    KW("domino", DOMINO, 1) \
    KW("else", ELSE, 0) \
    KW("every", EVERY, 0) \
    KW("false", FALSE, 0) \
    KW("fit", FIT, 1) \
    KW("for", FOR, 0) \
    KW("freq", FREQ, 0) \
    KW("gate", GATE, 0) \
    KW("geometry", GEOMETRY, 1) \
    KW("graph", GRAPH, 1) \
    KW("if", IF, 0) \
    KW("import", IMPORT, 1) \
    KW("in", IN, 0) \
    KW("infer", INFER, 1) \
    KW("let", LET, 1) \
    KW("load", LOAD, 0) \
    KW("needs", NEEDS, 0) \
    KW("network", NETWORK, 1) \
    KW("not", NOT, 0) \
    KW("optimizer", OPTIMIZER, 1) \
    KW("or", OR, 0) \
    KW("param", PARAM, 1) \
    KW("plot", PLOT, 1) \
    KW("print", PRINT, 1) \
    KW("quanta", QUANTA, 1) \
    KW("resource", RESOURCE, 1) \
    KW("row", ROW, 1) \
    KW("run", RUN, 1) \
    KW("save", SAVE, 1) \
    KW("skill", SKILL, 1) \
    KW("steps", STEPS, 0) \
    KW("sweep", SWEEP, 1) \
    KW("then", THEN, 0) \
    KW("to", TO, 0) \
    KW("true", TRUE, 0) \
    KW("vary", VARY, 0) \
    KW("with", WITH, 0) \
    KW("group", GROUP, 0) \
    KW("join", JOIN, 0) \
    KW("select", SELECT, 0) \
    KW("sort", SORT, 0) \
    KW("where", WHERE, 0)

#endif
