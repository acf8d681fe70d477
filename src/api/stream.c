/* stream.c - include/skill.h's tracked streams: the writers' output_tracker
 * (src/out/outfile.c), owned by the host rather than kept in the library. */
#include "api.h"

#include <stdlib.h>

#include "outfile.h"

struct skill_stream {
    output_tracker t;
};

skill_stream *skill_stream_track(int fd)
{
    skill_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    output_track(&s->t, fd);
    if (!s->t.f) {
        free(s);
        return NULL;
    }
    return s;
}

FILE *skill_stream_file(skill_stream *t)
{
    return t->t.f;
}

int skill_stream_check(skill_stream *t, FILE *f, int *errnum)
{
    return output_stream_check(f, t ? &t->t : NULL, errnum);
}

void skill_stream_free(skill_stream *t)
{
    free(t);
}

output_tracker *api_tracker(skill_stream *t)
{
    return t ? &t->t : NULL;
}
