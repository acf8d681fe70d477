#include "xalloc.h"

#include <stdlib.h>

void *xgrow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return p;
    *cap = need < 8 ? 8 : need * 2;
    p = realloc(p, (size_t)*cap * size);
    if (!p)
        abort();
    return p;
}
