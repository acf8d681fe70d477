/* csv.h - comma- and tab-separated files (RFC 4180 quoting): the first row
 * names the columns, unless every field of it is a number (then the file
 * is a headerless matrix).  Blank lines and lines starting with '#' are
 * skipped; spaces around an unquoted field are not part of it. */
#ifndef SKILL_CSV_H
#define SKILL_CSV_H

#include "frame.h"

/* Reads TEXT (LEN bytes) with SEP (',' or '\t') between fields into OUT:
 * 0, or -1 with ERR saying what is wrong and where (OUT is then empty). */
int csv_read(const char *text, size_t len, char sep, data_frame *out, data_error *err);

#endif
