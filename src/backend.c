#include "backend.h"

#include <stdlib.h>
#include <string.h>

const char **backend_names(const backend_run *b)
{
    const char **names = malloc(((size_t)b->K + 1) * sizeof *names);
    if (!names)
        abort();
    memcpy(names, b->names, (size_t)b->K * sizeof *names);
    return names;
}
