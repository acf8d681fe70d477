#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

char *numfmt(char *buf, double x)
{
    if (isnan(x)) {
        snprintf(buf, NUMFMT_MAX, "nan");
        return buf;
    }
    if (isinf(x)) {
        snprintf(buf, NUMFMT_MAX, x > 0 ? "inf" : "-inf");
        return buf;
    }
    if (x == 0) {               /* keeps "-0" out of files and prints */
        snprintf(buf, NUMFMT_MAX, "0");
        return buf;
    }
    if (x == floor(x) && fabs(x) < 1e15) {  /* whole numbers read as such: 100, not 1e+02 */
        snprintf(buf, NUMFMT_MAX, "%.0f", x);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, NUMFMT_MAX, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}
