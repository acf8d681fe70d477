/* json.h - JSON data files, in three shapes: an object of equal-length
 * arrays (a table, as skill writes one), a run as skill writes one
 * ({"steps": [...], "loss": [...], "levels": {"A": [...]}, ...}), and an
 * array of objects, one a row (a log).  null is a missing value; NaN and
 * Infinity, which Python's json module writes, are numbers. */
#ifndef SKILL_JSON_H
#define SKILL_JSON_H

#include "frame.h"

/* Reads TEXT (LEN bytes) into OUT: 0, or -1 with ERR saying what is wrong
 * and where (OUT is then empty). */
int json_read(const char *text, size_t len, data_frame *out, data_error *err);

#endif
