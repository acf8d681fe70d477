#include "plotopts.h"

#include <string.h>

static const plotopt options[PO_COUNT] = {
    [PO_LOSS] = {"loss", PLOTOPT_WORD, PLOTOPT_WHAT, "loss"},
    [PO_LOG] = {"log", PLOTOPT_WORD, PLOTOPT_AXES, "log"},
    [PO_LOGLOG] = {"loglog", PLOTOPT_WORD, PLOTOPT_AXES, "loglog"},
    [PO_LINEAR] = {"linear", PLOTOPT_WORD, PLOTOPT_AXES, "linear"},
    [PO_MARKERS] = {"markers", PLOTOPT_WORD, PLOTOPT_STYLE, "markers"},
    [PO_LINES] = {"lines", PLOTOPT_WORD, PLOTOPT_STYLE, "lines"},
    [PO_SERIES] = {"series", PLOTOPT_SERIES, PLOTOPT_WHAT, "series: align"},
    [PO_X] = {"x", PLOTOPT_COLUMN, PLOTOPT_ALONE, "x: dim"},
    [PO_Y] = {"y", PLOTOPT_COLUMN, PLOTOPT_ALONE, "y: loss"},
    [PO_BY] = {"by", PLOTOPT_COLUMN, PLOTOPT_ALONE, "by: alpha"},
    [PO_ERR] = {"err", PLOTOPT_COLUMN, PLOTOPT_ALONE, "err: loss_err"},
    [PO_TITLE] = {"title", PLOTOPT_TEXT, PLOTOPT_ALONE, "title: \"...\""},
    [PO_XLABEL] = {"xlabel", PLOTOPT_TEXT, PLOTOPT_ALONE, "xlabel: \"...\""},
    [PO_YLABEL] = {"ylabel", PLOTOPT_TEXT, PLOTOPT_ALONE, "ylabel: \"...\""},
};

int plotopt_find(const char *name)
{
    for (int i = 0; i < PO_COUNT; i++)
        if (strcmp(options[i].name, name) == 0)
            return i;
    return -1;
}

const plotopt *plotopt_at(int id)
{
    return &options[id];
}

void plotopt_names(const char *out[PO_COUNT + 1])
{
    for (int i = 0; i < PO_COUNT; i++)
        out[i] = options[i].name;
    out[PO_COUNT] = NULL;
}

const char *plotopt_group_what(plotopt_group g)
{
    static const char *const what[] = {
        [PLOTOPT_ALONE] = "", [PLOTOPT_AXES] = "the axes",
        [PLOTOPT_STYLE] = "how curves are drawn", [PLOTOPT_WHAT] = "what a run draws on y",
    };
    return what[g];
}
