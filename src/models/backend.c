#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int backend_cancelled(const backend_run *b)
{
    if (!cancel_requested(b->cancel))
        return 0;
    snprintf(b->err, b->errlen, "interrupted");
    return -1;
}

const char **backend_names(const backend_run *b)
{
    const char **names = malloc(((size_t)b->K + 1) * sizeof *names);
    if (!names)
        abort();
    memcpy(names, b->names, (size_t)b->K * sizeof *names);
    return names;
}
